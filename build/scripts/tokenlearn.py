#!/usr/bin/env python3
"""Train the built-in static model's token vectors on a teacher's sentence
vectors (the idea of model2vec's "tokenlearn", written out in numpy).

distill_model.py gives each token the teacher's vector of the token alone.
Texts are more than their tokens: this step moves the token vectors so that
a text's vector -- the mean of its tokens' vectors, as the Go code computes
it -- points where the teacher's vector of the whole text points.

- Targets: the teacher's vectors of the corpus texts
  (backend/embedder/distillcorpus), reduced by PCA to the model's dimension.
- Start: the distilled table, turned into the targets' basis by the linear
  map that best sends its text means to the targets (least squares).
- Loss: 1 - cosine between a text's mean token vector and its target; Adam
  on the rows a batch touches; a twentieth of the texts held out to watch.
- Out: the table in float16, the same safetensors layout as before.

Usage: tokenlearn.py MODEL.safetensors CORPUS_DIR OUT.safetensors [EPOCHS [LR]]
"""
import json
import struct
import sys
import time

import numpy as np

UNK = 100  # [UNK] of the WordPiece vocabulary: the Go code skips it
BATCH = 256


def load_table(path):
    with open(path, "rb") as f:
        b = f.read()
    n = struct.unpack("<Q", b[:8])[0]
    header = json.loads(b[8:8 + n])
    meta = header["embeddings"]
    start, end = meta["data_offsets"]
    dtype = {"F16": np.float16, "F32": np.float32}[meta["dtype"]]
    table = np.frombuffer(b[8 + n + start:8 + n + end], dtype=dtype)
    return table.reshape(meta["shape"]).astype(np.float32), header


def load_corpus(folder, rows):
    with open(folder + "/ids.bin", "rb") as f:
        raw = f.read()
    ids, off = [], 0
    while off < len(raw):
        n = struct.unpack_from("<I", raw, off)[0]
        off += 4
        a = np.frombuffer(raw, dtype=np.int32, count=n, offset=off)
        off += 4 * n
        ids.append(a[(a != UNK) & (a >= 0) & (a < rows)])
    vecs = np.fromfile(folder + "/vecs.bin", dtype=np.float32).reshape(len(ids), -1)
    keep = [i for i, a in enumerate(ids) if len(a) > 0]
    return [ids[i] for i in keep], vecs[keep]


def means(table, ids, idx):
    out = np.zeros((len(idx), table.shape[1]), np.float32)
    for k, i in enumerate(idx):
        out[k] = table[ids[i]].mean(0)
    return out


def cosine(table, ids, targets, idx):
    s = means(table, ids, idx)
    s /= np.linalg.norm(s, axis=1, keepdims=True) + 1e-9
    return float((s * targets[idx]).sum(1).mean())


def main():
    model, corpus, out = sys.argv[1:4]
    epochs = int(sys.argv[4]) if len(sys.argv) > 4 else 8
    lr = float(sys.argv[5]) if len(sys.argv) > 5 else 2e-3
    table0, header = load_table(model)
    rows, dim = table0.shape
    ids, teacher = load_corpus(corpus, rows)
    print(f"{len(ids)} texts, {sum(map(len, ids))} tokens", flush=True)

    centred = teacher - teacher.mean(0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    targets = centred @ vt[:dim].T
    targets /= np.linalg.norm(targets, axis=1, keepdims=True) + 1e-9

    rng = np.random.default_rng(0)
    order = rng.permutation(len(ids))
    held, train = order[:len(ids) // 20], order[len(ids) // 20:]
    basis, *_ = np.linalg.lstsq(means(table0, ids, train), targets[train], rcond=None)
    table = (table0 @ basis).astype(np.float32)
    print(f"held-out cosine: start {cosine(table, ids, targets, held):.4f}", flush=True)

    m = np.zeros_like(table)
    v = np.zeros_like(table)
    step, b1, b2 = 0, 0.9, 0.999
    for epoch in range(epochs):
        t0 = time.time()
        rng.shuffle(train)
        for start in range(0, len(train), BATCH):
            batch = train[start:start + BATCH]
            lens = np.array([len(ids[i]) for i in batch])
            flat = np.concatenate([ids[i] for i in batch])
            seg = np.repeat(np.arange(len(batch)), lens)
            s = np.zeros((len(batch), dim), np.float32)
            np.add.at(s, seg, table[flat])
            s /= lens[:, None]
            norm = np.linalg.norm(s, axis=1, keepdims=True) + 1e-9
            y = targets[batch]
            c = (s * y).sum(1, keepdims=True)
            grad_s = -(y / norm - c * s / norm**3) / len(batch)
            # The gradient of the rows the batch touches, and only those.
            touched, row = np.unique(flat, return_inverse=True)
            g = np.zeros((len(touched), dim), np.float32)
            np.add.at(g, row, grad_s[seg] / lens[seg][:, None])
            step += 1
            m[touched] = b1 * m[touched] + (1 - b1) * g
            v[touched] = b2 * v[touched] + (1 - b2) * g * g
            mh = m[touched] / (1 - b1**step)
            vh = v[touched] / (1 - b2**step)
            table[touched] -= lr * mh / (np.sqrt(vh) + 1e-8)
        print(f"epoch {epoch + 1}: held-out cosine {cosine(table, ids, targets, held):.4f} ({time.time() - t0:.0f} s)", flush=True)

    half = table.astype(np.float16)
    new = {"embeddings": {"dtype": "F16", "shape": [rows, dim], "data_offsets": [0, half.nbytes]}}
    if "__metadata__" in header:
        new["__metadata__"] = header["__metadata__"]
    hb = json.dumps(new).encode()
    hb += b" " * ((8 - len(hb) % 8) % 8)
    with open(out, "wb") as f:
        f.write(struct.pack("<Q", len(hb)))
        f.write(hb)
        f.write(half.tobytes())
    print("wrote", out)


if __name__ == "__main__":
    main()
