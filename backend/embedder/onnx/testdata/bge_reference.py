"""Writes bge_reference.json: ids and vectors of a few texts computed
independently of the Go code, with Hugging Face tokenizers and the Python
onnxruntime (both from PyPI), as sentence-transformers computes
bge-small-en-v1.5: [CLS] text [SEP] truncated to 256 pieces, the last hidden
state at [CLS], L2-normalised. Queries ("query": true) carry the model's
retrieval instruction before the text. The model is int8-quantised with
dynamic activation scales, so the vectors depend on the ONNX Runtime
version: use the version build/scripts/onnx-model.sh fetches.

  python3 -m venv /tmp/venv && /tmp/venv/bin/pip install onnxruntime==1.24.3 tokenizers numpy
  /tmp/venv/bin/python bge_reference.py ../../../../build/onnx/bge-small-en-v1.5 > bge_reference.json
"""
import json
import sys

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

INSTRUCTION = "Represent this sentence for searching relevant passages: "

d = sys.argv[1]
tok = Tokenizer.from_file(d + "/tokenizer.json")
tok.no_padding()
tok.enable_truncation(256)
sess = ort.InferenceSession(d + "/model.onnx", providers=["CPUExecutionProvider"])

texts = [
    ("Hello, world!", False),
    ("How do I bake sourdough bread at home?", True),
    ("The café's naïve résumé — 3.14 × 2 = 6.28", False),
    ("中文文本测试 한국어 텍스트 النص العربي", False),
    ("Alterations of the architecture of cerebral white matter in the developing human brain can affect cortical development and result in functional disabilities.", False),
    ("white matter changes in the developing brain", True),
    # Longer than 256 pieces: truncated.
    (" ".join(["Second Brain links notes into a knowledge graph of people, ideas and projects."] * 30), False),
]
out = []
for t, query in texts:
    e = tok.encode(INSTRUCTION + t if query else t)
    ids = np.array([e.ids], dtype=np.int64)
    mask = np.array([e.attention_mask], dtype=np.int64)
    h = sess.run(["last_hidden_state"], {"input_ids": ids, "attention_mask": mask,
                                         "token_type_ids": np.zeros_like(ids)})[0]
    v = h[:, 0]
    v = v / np.linalg.norm(v, axis=1, keepdims=True)
    out.append({"text": t, "query": query, "ids": e.ids, "vector": [round(float(x), 6) for x in v[0]]})
json.dump(out, sys.stdout, ensure_ascii=False)
