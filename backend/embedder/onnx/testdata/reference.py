"""Writes the reference ids and vectors of a few texts, computed
independently of the Go code with Hugging Face tokenizers and the Python
onnxruntime (both from PyPI), as sentence-transformers computes them:
[CLS] text [SEP] truncated to 256 pieces, then

  - all-MiniLM-L6-v2 (reference.json): the mean of the last hidden state
    over the attention mask;
  - bge-small-en-v1.5 (bge_reference.json, with "bge"): the last hidden
    state at [CLS]; texts marked as queries carry the model's retrieval
    instruction before them;

L2-normalised. The models are int8-quantised with dynamic activation
scales, so the vectors depend on the ONNX Runtime version (0.99 between 1.24
and 1.32): use the version build/scripts/onnx-model.sh fetches.

  python3 -m venv /tmp/venv && /tmp/venv/bin/pip install onnxruntime==1.24.3 tokenizers numpy
  /tmp/venv/bin/python reference.py ../../../../build/onnx > reference.json
  /tmp/venv/bin/python reference.py ../../../../build/onnx/bge-small-en-v1.5 bge > bge_reference.json
"""
import json
import sys

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

BGE_INSTRUCTION = "Represent this sentence for searching relevant passages: "

d = sys.argv[1]
bge = sys.argv[2:] == ["bge"]
tok = Tokenizer.from_file(d + "/tokenizer.json")
tok.no_padding()
tok.enable_truncation(256)
sess = ort.InferenceSession(d + "/model.onnx", providers=["CPUExecutionProvider"])

# (text, query): only bge embeds queries apart.
texts = [
    ("Hello, world!", False),
    ("How do I bake sourdough bread at home?", bge),
    ("The café's naïve résumé — 3.14 × 2 = 6.28", False),
    ("中文文本测试 한국어 텍스트 النص العربي", False),
    ("Alterations of the architecture of cerebral white matter in the developing human brain can affect cortical development and result in functional disabilities.", False),
]
if bge:
    texts.append(("white matter changes in the developing brain", True))
# Longer than 256 pieces: truncated.
texts.append((" ".join(["Second Brain links notes into a knowledge graph of people, ideas and projects."] * 30), False))

out = []
for t, query in texts:
    e = tok.encode(BGE_INSTRUCTION + t if query else t)
    ids = np.array([e.ids], dtype=np.int64)
    mask = np.array([e.attention_mask], dtype=np.int64)
    h = sess.run(["last_hidden_state"], {"input_ids": ids, "attention_mask": mask,
                                         "token_type_ids": np.zeros_like(ids)})[0]
    if bge:
        v = h[:, 0]
    else:
        m = mask[..., None].astype(np.float32)
        v = (h * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
    v = v / np.linalg.norm(v, axis=1, keepdims=True)
    r = {"text": t, "ids": e.ids, "vector": [round(float(x), 6) for x in v[0]]}
    if bge:
        r = {"text": t, "query": query, "ids": e.ids, "vector": r["vector"]}
    out.append(r)
json.dump(out, sys.stdout, ensure_ascii=False)
