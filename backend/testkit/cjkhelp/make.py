#!/usr/bin/env python3
"""Builds the CJK help-page sets in this folder from LibreOffice's
translated help (Debian packages libreoffice-help-ko, -zh-cn and -ja,
MPL-2.0; see NOTICE.md).

Each language is a set in the eval format (corpus.jsonl, queries.jsonl,
qrels.tsv, qrels-train.tsv, qrels-test.tsv): a help page is a document
(its text without its title: the headings below the title, paragraphs,
list items and table cells, at most 1,500 characters); the page's title
(its first heading) is the query, as a person names what they look for,
and that page is the one relevant document. Only pages whose title and
text are mostly in the language are kept (much of the help is still in
English), and titles that name more than one page are dropped. 800 pages
are drawn with a fixed seed, 150 of them give a query; odd-numbered
queries are the training split, even-numbered ones the held-out split.

usage: make.py HELP_ROOT   (HELP_ROOT holds ko/, zh-cn/, ja/ as
/usr/share/libreoffice/help/LANG of the packages)
"""
import html.parser, json, os, random, re, sys

SCRIPT = {
    "ko": re.compile(r"[\uac00-\ud7a3]"),
    "zh-cn": re.compile(r"[\u4e00-\u9fff]"),
    "ja": re.compile(r"[\u3040-\u30ff]"),  # kana: Japanese, not Chinese
}
LETTER = re.compile(r"[^\W\d_]")
KEEP = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td"}


class Page(html.parser.HTMLParser):
    """Collects the text blocks of the help page's display area."""

    def __init__(self):
        super().__init__()
        self.blocks, self.cur, self.depth, self.inside, self.skip = [], None, 0, False, 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id") == "DisplayArea":
            self.inside = True
        if not self.inside:
            return
        if tag in ("script", "style") or "hidden" in a:
            self.skip += 1
        if tag in KEEP and self.cur is None:
            self.cur, self.curtag = [], tag

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        if tag == getattr(self, "curtag", None) and self.cur is not None:
            text = " ".join("".join(self.cur).split())
            if text:
                self.blocks.append((self.curtag, text))
            self.cur = None

    def handle_data(self, data):
        if self.inside and self.cur is not None and not self.skip:
            self.cur.append(data)


def share(script, text):
    letters = LETTER.findall(text)
    if not letters:
        return 0
    return sum(1 for c in letters if script.match(c) or (script is SCRIPT["ja"] and "\u4e00" <= c <= "\u9fff")) / len(letters)


def build(root, lang, out, n=150, kept=800, seed=18):
    script = SCRIPT[lang]
    pages = []
    for dirpath, _, files in os.walk(os.path.join(root, lang)):
        for f in sorted(files):
            if not f.endswith(".html"):
                continue
            path = os.path.join(dirpath, f)
            p = Page()
            p.feed(open(path, encoding="utf-8").read())
            if not p.blocks or p.blocks[0][0] != "h1":
                continue
            title = p.blocks[0][1]
            body = " ".join(t for _, t in p.blocks[1:])
            if len(body) < 80 or share(script, title) < 0.5 or share(script, body) < 0.5:
                continue
            if not script.search(title):
                continue
            pages.append((os.path.relpath(path, os.path.join(root, lang))[:-5].replace(os.sep, "."), title, body[:1500]))
    pages.sort()
    count = {}
    for _, t, _ in pages:
        count[t] = count.get(t, 0) + 1
    pages = [p for p in pages if count[p[1]] == 1]
    rnd = random.Random(seed)
    docs = rnd.sample(pages, min(kept, len(pages)))
    queries = docs[:n]
    docs.sort()
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "corpus.jsonl"), "w", encoding="utf-8") as f:
        for pid, _, body in docs:
            f.write(json.dumps({"_id": pid, "title": "", "text": body}, ensure_ascii=False) + "\n")
    with open(os.path.join(out, "queries.jsonl"), "w", encoding="utf-8") as f:
        for i, (_, title, _) in enumerate(queries):
            f.write(json.dumps({"_id": "q%d" % (i + 1), "text": title}, ensure_ascii=False) + "\n")
    splits = {"qrels.tsv": lambda i: True, "qrels-train.tsv": lambda i: i % 2 == 1, "qrels-test.tsv": lambda i: i % 2 == 0}
    for name, keep in splits.items():
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            for i, (pid, _, _) in enumerate(queries):
                if keep(i + 1):
                    f.write("q%d\t%s\t1\n" % (i + 1, pid))
    print(lang, "pages", len(pages), "docs", len(docs), "queries", len(queries), file=sys.stderr)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    for lang in ("ko", "zh-cn", "ja"):
        build(sys.argv[1], lang, os.path.join(here, lang))
