import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYAML } from "yaml";
import {
  addProperty,
  frontMatterBody,
  mergeFrontMatter,
  parseFrontMatter,
  removeProperty,
  renameProperty,
  setProperty,
  type FrontMatter,
  type PropValue,
} from "./frontmatter";

// TRICKY are front matters a person writes by hand, each with what makes it hard.
const TRICKY: Record<string, string> = {
  comments: "---\n# a comment first\ntitle: Hello # trailing\n\n# between\ntags:\n  - a\n  - b # c\nn: 3\n---\nbody\n",
  quotes: "---\na: \"double # not a comment\"\nb: 'single ''quoted'''\nc: \"esc \\\" \\u00e9 \\n\"\nd: plain text here\n---\n",
  nested: "---\nauthor:\n  name: Ada\n  born: 1815\nlist:\n- x\n- y\ntext: |\n  line one\n\n  # not a comment\nfolded: >-\n  a\n  b\nafter: ok\n---\n",
  crlf: "---\r\ntitle: CRLF\r\ntags: [one, two]\r\ndone: true\r\n---\r\nbody\r\n",
  bom: "\ufeff---\ntitle: bom\n---\n",
  types: "---\nn: 42\nf: -1.5e3\nb: False\nd: 2024-01-31\ndt: 2020-12-04T18:42:24+01:00\nlink: \"[[Some Note]]\"\nlinks:\n  - \"[[A]]\"\n  - \"[[B|bee]]\"\nempty:\nnothing: ~\nhex: 0x1F\nyes: yes\noctal: 012\n---\n",
  anchors: "---\nbase: &b\n  x: 1\nother: *b\ntagged: !!str 12\n---\n",
  tagsString: "---\ntags: alpha beta, gamma\ntag: solo\n---\n",
  quotedKeys: "---\n\"my key\": 1\n'it''s': two\nkey:with:colons: 3\n---\n",
  dotsClose: "---\ntitle: dots\n...\nrest\n",
  emptyBlock: "---\n---\nbody",
  onlyComments: "---\n# nothing\n---\n",
  invalidTop: "---\njust a line\ntitle: x\n---\n",
  duplicate: "---\na: 1\na: 2\n---\n",
  flowOdd: "---\nf: [a, [b]]\ng: {a: 1}\nh: [\"x, y\", 'z']\n---\n",
  multiline: "---\ntitle: a long\n  plain title\nq: \"quoted\n  across\"\n---\n",
  noClose: "---\ntitle: never closed\n",
  spaces: "---   \ntitle:   spaced   \n---  \n",
};

// The shared corpora: beside the repository, in SECONDBRAIN_CORPORA, or where this project's
// machines keep them (for a clone made elsewhere; backend/testkit/corpora looks alike).
const CORPORA =
  [process.env.SECONDBRAIN_CORPORA, resolve(__dirname, "../../../../shared/corpora"), "/work/shared/corpora"].find(
    (d): d is string => !!d && existsSync(d),
  ) ?? resolve(__dirname, "../../../../shared/corpora");

// corpusFiles lists every Markdown file of the garden and logseq-docs corpora.
function corpusFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".md")) out.push(p);
    }
  };
  for (const c of ["garden", "logseq-docs"]) walk(join(CORPORA, c));
  return out;
}

function corpus(): [string, string][] {
  let files: string[];
  try {
    files = corpusFiles();
  } catch (e) {
    if (process.env.CI) throw e;
    return [];
  }
  return files.map((f) => [f, readFileSync(f, "utf8")]);
}

const CORPUS = corpus();
const ALL: [string, string][] = [...Object.entries(TRICKY), ...CORPUS];

// rebuilt puts the document together again from what was read.
function rebuilt(md: string, fm: FrontMatter): string {
  return md.slice(0, fm.yamlStart) + fm.lines.join("") + md.slice(fm.yamlEnd);
}

// yamlOf parses the front matter with a real YAML parser (YAML 1.2, like the backend's yaml.v3 for these values).
function yamlOf(md: string): Record<string, unknown> | null {
  const fm = parseFrontMatter(md);
  try {
    return (parseYAML(fm.lines.join(""), { uniqueKeys: false }) ?? {}) as Record<string, unknown>;
  } catch {
    return null; // not YAML: the backend keeps it as written and reports FrontMatterError
  }
}

// asParsed is what a YAML parser reads for a typed value.
function asParsed(v: PropValue, isNull: boolean): unknown {
  if (isNull) return v.type === "list" ? null : null;
  switch (v.type) {
    case "link":
      return `[[${v.value}]]`;
    default:
      return v.value;
  }
}

describe("parseFrontMatter", () => {
  it("reads the corpora (a test that needs them fails without them when CI is set)", () => {
    if (process.env.CI) expect(CORPUS.length).toBeGreaterThan(8000);
  });

  it("keeps every byte: the document rebuilt from the lines read is the document", () => {
    let blocks = 0;
    for (const [name, md] of ALL) {
      const fm = parseFrontMatter(md);
      if (!fm.present) continue;
      blocks++;
      expect(rebuilt(md, fm), name).toBe(md);
      // Properties are in order and do not overlap.
      let at = 0;
      for (const p of fm.props) {
        expect(p.start, name).toBeGreaterThanOrEqual(at);
        expect(p.end, name).toBeGreaterThan(p.start);
        at = p.end;
      }
      expect(at).toBeLessThanOrEqual(fm.lines.length);
    }
    expect(blocks).toBeGreaterThan(10);
  });

  it("types values as a YAML parser reads them", () => {
    let typed = 0;
    for (const [name, md] of ALL) {
      const fm = parseFrontMatter(md);
      if (!fm.present || fm.error) continue;
      const y = yamlOf(md);
      if (!y) continue;
      for (const p of fm.props) {
        if (p.value.type === "raw") continue;
        typed++;
        const want = y[p.key];
        if (p.value.type === "list" && p.form === "string") {
          expect(String(want).split(/[\s,]+/).filter(Boolean), `${name}: ${p.key}`).toEqual(p.value.value);
        } else if (p.value.type === "list") {
          expect(((want as unknown[] | null) ?? []).map((x) => (x === null ? "" : String(x))), `${name}: ${p.key}`).toEqual(p.value.value);
        } else if (p.value.type === "text" && p.isNull) {
          expect(want, `${name}: ${p.key}`).toBeNull();
        } else {
          expect(want, `${name}: ${p.key}`).toEqual(asParsed(p.value, p.isNull));
        }
      }
    }
    expect(typed).toBeGreaterThan(100);
  });

  it("types the hand-written cases", () => {
    const t = parseFrontMatter(TRICKY.types);
    const byKey = Object.fromEntries(t.props.map((p) => [p.key, p.value]));
    expect(byKey).toEqual({
      n: { type: "number", value: 42 },
      f: { type: "number", value: -1500 },
      b: { type: "checkbox", value: false },
      d: { type: "date", value: "2024-01-31" },
      dt: { type: "date", value: "2020-12-04T18:42:24+01:00" },
      link: { type: "link", value: "Some Note" },
      links: { type: "list", value: ["[[A]]", "[[B|bee]]"] },
      empty: { type: "text", value: "" },
      nothing: { type: "text", value: "" },
      hex: { type: "raw", value: "0x1F" },
      yes: { type: "text", value: "yes" },
      octal: { type: "raw", value: "012" },
    });
    const nested = parseFrontMatter(TRICKY.nested);
    expect(nested.props.map((p) => [p.key, p.value.type])).toEqual([
      ["author", "raw"],
      ["list", "list"],
      ["text", "raw"],
      ["folded", "raw"],
      ["after", "text"],
    ]);
    expect(nested.props[0].value).toEqual({ type: "raw", value: "\n  name: Ada\n  born: 1815".slice(1) });
    expect(parseFrontMatter(TRICKY.tagsString).props.map((p) => p.value)).toEqual([
      { type: "list", value: ["alpha", "beta", "gamma"] },
      { type: "list", value: ["solo"] },
    ]);
    expect(parseFrontMatter(TRICKY.quotedKeys).props.map((p) => p.key)).toEqual(["my key", "it's", "key:with:colons"]);
    expect(parseFrontMatter(TRICKY.comments).props.map((p) => [p.key, p.value, p.comment])).toEqual([
      ["title", { type: "text", value: "Hello" }, " # trailing"],
      ["tags", { type: "raw", value: "  - a\n  - b # c" }, ""],
      ["n", { type: "number", value: 3 }, ""],
    ]);
    expect(parseFrontMatter(TRICKY.flowOdd).props.map((p) => p.value.type)).toEqual(["raw", "raw", "list"]);
    expect(parseFrontMatter(TRICKY.multiline).props.map((p) => p.value.type)).toEqual(["raw", "raw"]);
  });

  it("reads what is not a key or is written twice as read-only", () => {
    for (const name of ["invalidTop", "duplicate"]) {
      const fm = parseFrontMatter(TRICKY[name]);
      expect(fm.error, name).not.toBe("");
      expect(fm.props.every((p) => p.value.type === "raw"), name).toBe(true);
      expect(() => setProperty(TRICKY[name], "title", { type: "text", value: "y" })).toThrow();
    }
  });

  it("finds no front matter without a closing fence, and the fences as the backend does", () => {
    expect(parseFrontMatter(TRICKY.noClose).present).toBe(false);
    expect(parseFrontMatter("no front matter\n").present).toBe(false);
    expect(parseFrontMatter(TRICKY.dotsClose).props[0].value).toEqual({ type: "text", value: "dots" });
    expect(parseFrontMatter(TRICKY.spaces).props[0].value).toEqual({ type: "text", value: "spaced" });
    expect(parseFrontMatter(TRICKY.emptyBlock)).toMatchObject({ present: true, props: [], error: "" });
    expect(parseFrontMatter(TRICKY.onlyComments)).toMatchObject({ present: true, props: [], error: "" });
  });
});

// changedLines returns the line indexes where a and b differ, aligning their common head and tail.
function changedRange(a: string, b: string): { head: number; tailA: number; tailB: number } {
  const la = a.split("\n");
  const lb = b.split("\n");
  let head = 0;
  while (head < la.length && head < lb.length && la[head] === lb[head]) head++;
  let tail = 0;
  while (tail < la.length - head && tail < lb.length - head && la[la.length - 1 - tail] === lb[lb.length - 1 - tail]) tail++;
  return { head, tailA: la.length - tail, tailB: lb.length - tail };
}

// nextValue is a different value of the same type.
function nextValue(v: PropValue, tagString = false): PropValue | null {
  switch (v.type) {
    case "text":
      return { type: "text", value: v.value + " edited: #1" };
    case "number":
      return { type: "number", value: v.value + 1 };
    case "checkbox":
      return { type: "checkbox", value: !v.value };
    case "date":
      return { type: "date", value: "1999-12-31" };
    case "link":
      return { type: "link", value: "Another Note" };
    case "list":
      return { type: "list", value: [...v.value, tagString ? "added" : "added item"] };
    case "raw":
      return null;
  }
}

describe("edits", () => {
  it("rewriting a value with itself changes no byte", () => {
    let checked = 0;
    for (const [name, md] of ALL) {
      const fm = parseFrontMatter(md);
      if (!fm.present || fm.error) continue;
      for (const p of fm.props) {
        if (p.value.type === "raw" || p.value.type === "number") continue;
        expect(setProperty(md, p.key, p.value), `${name}: ${p.key}`).toBe(md);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("one edit changes only that property's lines, and a parser reads the new value", () => {
    let edited = 0;
    for (const [name, md] of ALL) {
      const fm = parseFrontMatter(md);
      if (!fm.present || fm.error) continue;
      for (const p of fm.props) {
        const v = nextValue(p.value, p.form === "string");
        if (!v) continue;
        const out = setProperty(md, p.key, v);
        const r = changedRange(md, out);
        // Lines of the front matter start after the opening fence (line 0).
        expect(r.head, `${name}: ${p.key}`).toBeGreaterThanOrEqual(p.start + 1);
        expect(r.tailA, `${name}: ${p.key}`).toBeLessThanOrEqual(p.end + 1);
        expect(out.slice(parseFrontMatter(out).bodyStart), name).toBe(md.slice(fm.bodyStart));
        const before = yamlOf(md);
        const after = yamlOf(out);
        if (before === null) continue;
        expect({ ...after, [p.key]: undefined }, `${name}: ${p.key}`).toEqual({ ...before, [p.key]: undefined });
        const again = parseFrontMatter(out).props.find((q) => q.key === p.key)!;
        expect(again.value, `${name}: ${p.key}`).toEqual(v);
        edited++;
      }
    }
    expect(edited).toBeGreaterThan(100);
  });

  it("keeps a trailing comment, the quoting and unchanged list items as written", () => {
    const md = TRICKY.comments;
    expect(setProperty(md, "title", { type: "text", value: "Bye" })).toBe(md.replace("title: Hello # trailing", "title: Bye # trailing"));
    const q = TRICKY.quotes;
    expect(setProperty(q, "b", { type: "text", value: "it's" })).toBe(q.replace("b: 'single ''quoted'''", "b: 'it''s'"));
    expect(setProperty(q, "a", { type: "text", value: 'say "hi"' })).toBe(q.replace('a: "double # not a comment"', 'a: "say \\"hi\\""'));
    const t = TRICKY.types;
    expect(setProperty(t, "links", { type: "list", value: ["[[B|bee]]", "[[C]]"] })).toBe(
      t.replace('links:\n  - "[[A]]"\n  - "[[B|bee]]"\n', 'links:\n  - "[[B|bee]]"\n  - "[[C]]"\n'),
    );
    const c = TRICKY.crlf;
    expect(setProperty(c, "tags", { type: "list", value: ["one", "two words", "x,y"] })).toBe(
      c.replace("tags: [one, two]", 'tags: [one, two words, "x,y"]'),
    );
    expect(setProperty(c, "done", { type: "checkbox", value: false })).toBe(c.replace("done: true", "done: false"));
  });

  it("quotes text that would otherwise read as another type", () => {
    const md = "---\nt: x\n---\n";
    for (const s of ["42", "true", "null", "2024-01-01", "a: b", "#tag", "[[Link]]", "yes", " padded ", "- dash", "0x10", ""]) {
      const out = setProperty(md, "t", { type: "text", value: s });
      expect(yamlOf(out)!.t, s).toBe(s);
    }
  });

  it("tags written as a string stay a string", () => {
    const md = TRICKY.tagsString;
    expect(setProperty(md, "tags", { type: "list", value: ["alpha", "gamma", "delta"] })).toBe(md.replace("tags: alpha beta, gamma", "tags: alpha, gamma, delta"));
    expect(setProperty(md, "tag", { type: "list", value: ["solo", "duo"] })).toBe(md.replace("tag: solo", "tag: solo duo"));
  });

  it("adds, renames and removes a property without touching the rest", () => {
    const md = TRICKY.comments;
    const added = addProperty(md, "status", { type: "text", value: "draft" });
    expect(added).toBe(md.replace("n: 3\n---", "n: 3\nstatus: draft\n---"));
    expect(addProperty(md, "new list", { type: "list", value: ["a b", "[[Note]]"] })).toBe(
      md.replace("n: 3\n---", 'n: 3\nnew list:\n  - a b\n  - "[[Note]]"\n---'),
    );
    expect(() => addProperty(md, "title", { type: "text", value: "x" })).toThrow(/already/);
    expect(renameProperty(md, "title", "name")).toBe(md.replace("title: Hello", "name: Hello"));
    expect(renameProperty(md, "title", "a: key")).toBe(md.replace("title: Hello", '"a: key": Hello'));
    expect(() => renameProperty(md, "title", "n")).toThrow(/already/);
    expect(removeProperty(md, "tags")).toBe(md.replace("tags:\n  - a\n  - b # c\n", ""));
    const nested = TRICKY.nested;
    expect(renameProperty(nested, "author", "by")).toBe(nested.replace("author:", "by:"));
    expect(removeProperty(nested, "text")).toBe(nested.replace("text: |\n  line one\n\n  # not a comment\n", ""));
    expect(setProperty(nested, "after", { type: "number", value: 7 })).toBe(nested.replace("after: ok", "after: 7"));
  });

  it("makes a front matter block when the note has none, keeping its line endings", () => {
    expect(addProperty("# Title\n", "tags", { type: "list", value: ["x"] })).toBe("---\ntags:\n  - x\n---\n# Title\n");
    expect(addProperty("body\r\nmore", "done", { type: "checkbox", value: true })).toBe("---\r\ndone: true\r\n---\r\nbody\r\nmore");
    expect(addProperty("\ufeffbody", "a", { type: "text", value: "b" })).toBe("\ufeff---\na: b\n---\nbody");
    expect(addProperty("", "a", { type: "date", value: "2024-02-03" })).toBe("---\na: 2024-02-03\n---\n");
    expect(addProperty(TRICKY.crlf, "x", { type: "text", value: "z" })).toBe(TRICKY.crlf.replace("done: true\r\n", "done: true\r\nx: z\r\n"));
  });

  it("refuses values it cannot write", () => {
    const md = "---\nd: 2024-01-01\n---\n";
    expect(() => setProperty(md, "d", { type: "date", value: "soon" })).toThrow(/date/);
    expect(() => setProperty(md, "d", { type: "number", value: NaN })).toThrow(/number/);
    expect(() => setProperty(md, "d", { type: "link", value: "a]]b" })).toThrow(/link/);
  });
});

describe("templates", () => {
  it("frontMatterBody drops the block, mergeFrontMatter adds only the keys a note lacks", () => {
    const tpl = "---\ntags: [daily]\ntitle: from template\n---\n# {{title}}\n";
    expect(frontMatterBody(tpl)).toBe("# {{title}}\n");
    expect(frontMatterBody("plain")).toBe("plain");
    expect(mergeFrontMatter("---\ntitle: mine # keep\n---\nbody", tpl)).toBe("---\ntitle: mine # keep\ntags: [daily]\n---\nbody");
    expect(mergeFrontMatter("body", tpl)).toBe("---\ntags: [daily]\ntitle: from template\n---\nbody");
    expect(mergeFrontMatter("body", "no block")).toBe("body");
  });
});

// mulberry32 is a small seeded random generator, so a failure repeats.
function mulberry32(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("random front matters", () => {
  // Lines people write, and some they should not; joined at random.
  const LINES = [
    "title: Hello", "title: 'quoted # not comment'", 'title: "esc \\" x"', "n: 12", "f: 1.5", "b: true", "d: 2024-02-29",
    "dt: 2024-02-29T10:00:00Z", "tags:", "  - a", "  - 'b c'", "- z", "list: [x, 'y', \"z\"]", "empty:", "# comment", "", "   ",
    "nested:", "  k: v", "text: |", "  block", "weird: [a, [b]]", "plain: a: b", "key with space: v", '"q key": 1', "dup: 1",
    "link: \"[[Note|alias]]\"", "bad line", "  indented: x", "num: 0x1f", "yes: no", "x: ~", "c: v # trailing", "\ttab: x",
  ];

  it("keeps every byte, and every edit keeps the rest as a YAML parser reads it", () => {
    const rnd = mulberry32(14);
    let edits = 0;
    for (let i = 0; i < 1500; i++) {
      const n = Math.floor(rnd() * 8);
      const lines = Array.from({ length: n }, () => LINES[Math.floor(rnd() * LINES.length)]);
      const eol = rnd() < 0.2 ? "\r\n" : "\n";
      const md = ["---", ...lines, "---", "body"].join(eol);
      const fm = parseFrontMatter(md);
      expect(fm.present, md).toBe(true);
      expect(rebuilt(md, fm), md).toBe(md);
      if (fm.error) continue;
      const before = yamlOf(md);
      for (const p of fm.props) {
        const v = nextValue(p.value, p.form === "string");
        if (!v) continue;
        const out = setProperty(md, p.key, v);
        expect(out.endsWith(`---${eol}body`), md).toBe(true);
        const again = parseFrontMatter(out);
        expect(again.props.find((q) => q.key === p.key)?.value, `${JSON.stringify(md)}: ${p.key}`).toEqual(v);
        if (before) {
          const after = yamlOf(out);
          expect(after, `${JSON.stringify(md)}: ${p.key}`).not.toBeNull();
          expect({ ...after, [p.key]: undefined }, `${JSON.stringify(md)}: ${p.key}`).toEqual({ ...before, [p.key]: undefined });
        }
        edits++;
      }
    }
    expect(edits).toBeGreaterThan(500);
  });
});
