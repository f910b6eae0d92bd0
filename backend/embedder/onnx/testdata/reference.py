"""Writes reference.json: ids and vectors of a few texts computed
independently of the Go code, with Hugging Face tokenizers and the Python
onnxruntime (both from PyPI), as sentence-transformers computes
all-MiniLM-L6-v2: [CLS] text [SEP] truncated to 256 pieces, mean of the last
hidden state over the attention mask, L2-normalised. The model is
int8-quantised with dynamic activation scales, so the vectors depend on the
ONNX Runtime version (0.99 between 1.24 and 1.32): use the version
build/scripts/onnx-model.sh fetches.

  python3 -m venv /tmp/venv && /tmp/venv/bin/pip install onnxruntime==1.24.3 tokenizers numpy
  /tmp/venv/bin/python reference.py ../../../../build/onnx > reference.json
"""
import json
import sys

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

d = sys.argv[1]
tok = Tokenizer.from_file(d + "/tokenizer.json")
tok.no_padding()
tok.enable_truncation(256)
sess = ort.InferenceSession(d + "/model.onnx", providers=["CPUExecutionProvider"])

texts = [
    "Hello, world!",
    "How do I bake sourdough bread at home?",
    "The café's naïve résumé — 3.14 × 2 = 6.28",
    "中文文本测试 한국어 텍스트 النص العربي",
    "Alterations of the architecture of cerebral white matter in the developing human brain can affect cortical development and result in functional disabilities.",
    # Longer than 256 pieces: truncated.
    " ".join(["Second Brain links notes into a knowledge graph of people, ideas and projects."] * 30),
]
out = []
for t in texts:
    e = tok.encode(t)
    ids = np.array([e.ids], dtype=np.int64)
    mask = np.array([e.attention_mask], dtype=np.int64)
    h = sess.run(["last_hidden_state"], {"input_ids": ids, "attention_mask": mask,
                                         "token_type_ids": np.zeros_like(ids)})[0]
    m = mask[..., None].astype(np.float32)
    v = (h * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
    v = v / np.linalg.norm(v, axis=1, keepdims=True)
    out.append({"text": t, "ids": e.ids, "vector": [round(float(x), 6) for x in v[0]]})
json.dump(out, sys.stdout, ensure_ascii=False)
