#!/usr/bin/env python3
"""Builds the CJK known-item sets in this folder from TypeScript's localized
diagnostic messages (npm package typescript, lib/{ko,zh-cn,ja}/
diagnosticMessages.generated.json, Apache-2.0; see NOTICE.md).

Each language is a set in the eval format (corpus.jsonl, queries.jsonl,
qrels.tsv): every message is a document; 150 messages drawn with a fixed
seed each give one query made of pieces of their own text, and that
message is the one relevant document; 800 messages (the 150 and others
drawn at random) are kept per language. Korean queries take 2-3 words of the
message, each either as written or cut to its first syllables (how people
type a word without its ending), or in ko-words always as written;
Chinese and Japanese queries take 2-3
substrings of 2-4 characters from its CJK runs. Nothing here knows the
particles or endings the search strips.

usage: make.py TYPESCRIPT_LIB_DIR
"""
import json, os, random, re, sys

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+")
HANGUL = re.compile(r"^[\uac00-\ud7af]+$")

def build(lib, lang, out, n=150, docs_kept=800, seed=18, cut=0.5):
    msgs = json.load(open(os.path.join(lib, lang, "diagnosticMessages.generated.json"), encoding="utf-8"))
    docs, seen = [], set()
    for key in sorted(msgs):
        text = msgs[key]
        if text in seen:
            continue
        seen.add(text)
        docs.append((key, text))
    rnd = random.Random(seed)
    queries = []
    for key, text in rnd.sample(docs, len(docs)):
        if len(queries) == n:
            break
        if lang == "ko":
            words = [w.strip(".,'\"()[]{}:;") for w in text.split()]
            words = [w for w in words if HANGUL.match(w) and len(w) >= 2]
            if len(words) < 3:
                continue
            pick = rnd.sample(words, rnd.choice([2, 3]))
            q = []
            for w in pick:
                if len(w) >= 3 and rnd.random() < cut:
                    w = w[: rnd.randint(2, len(w) - 1)]
                q.append(w)
        else:
            runs = [r for r in CJK.findall(text) if len(r) >= 2]
            if sum(len(r) for r in runs) < 8:
                continue
            q = []
            for _ in range(rnd.choice([2, 3])):
                r = rnd.choice(runs)
                k = rnd.randint(2, min(4, len(r)))
                i = rnd.randint(0, len(r) - k)
                q.append(r[i : i + k])
        queries.append((f"q{len(queries)+1}", " ".join(q), key))
    # Keep the set small: the queries' messages and others drawn at random.
    wanted = {key for _, _, key in queries}
    rest = [d for d in docs if d[0] not in wanted]
    keep = wanted | {key for key, _ in rnd.sample(rest, docs_kept - len(wanted))}
    docs = [d for d in docs if d[0] in keep]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "corpus.jsonl"), "w", encoding="utf-8") as f:
        for key, text in docs:
            f.write(json.dumps({"_id": key, "title": "", "text": text}, ensure_ascii=False) + "\n")
    with open(os.path.join(out, "queries.jsonl"), "w", encoding="utf-8") as f:
        for qid, text, _ in queries:
            f.write(json.dumps({"_id": qid, "text": text}, ensure_ascii=False) + "\n")
    with open(os.path.join(out, "qrels.tsv"), "w", encoding="utf-8") as f:
        for qid, _, key in queries:
            f.write(f"{qid}\t{key}\t1\n")

if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    for lang in ["ko", "zh-cn", "ja"]:
        build(sys.argv[1], lang, os.path.join(here, lang))
    # Korean words only as written: whole words, as a word-level BM25 likes.
    build(sys.argv[1], "ko", os.path.join(here, "ko-words"), seed=19, cut=0)
