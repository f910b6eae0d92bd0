import { describe, expect, it } from "vitest";
import { findHeading, headings, linkAt, markdownTarget, noteLinks } from "./links";

describe("linkAt", () => {
  const line = "see [[Ada Lovelace#Early life|Ada]], [doc](Other%20Note.md#Part), https://example.com/x. and #project/alpha";
  const at = (s: string, off = 1) => linkAt(line, line.indexOf(s) + off, 100);

  it("finds wikilinks with heading and alias", () => {
    expect(at("[[Ada")).toEqual({ kind: "note", target: "Ada Lovelace", heading: "Early life", from: 104, to: 104 + "[[Ada Lovelace#Early life|Ada]]".length });
  });
  it("finds Markdown links to notes, decoded, without .md", () => {
    expect(at("[doc]")).toMatchObject({ kind: "note", target: "Other Note", heading: "Part" });
    expect(markdownTarget("./a/b.md")).toEqual({ target: "a/b", heading: "" });
    expect(markdownTarget("https://x.org")).toBeNull();
  });
  it("finds bare URLs without trailing punctuation, and Markdown links to URLs", () => {
    expect(at("https://")).toMatchObject({ kind: "url", url: "https://example.com/x" });
    expect(linkAt("[site](https://a.org/b)", 2)).toMatchObject({ kind: "url", url: "https://a.org/b" });
  });
  it("finds tags, nested ones whole", () => {
    expect(at("#project", 2)).toMatchObject({ kind: "tag", tag: "project/alpha" });
    expect(linkAt("a#b", 2)).toBeNull();
  });
  it("finds nothing between links", () => {
    expect(linkAt(line, 1)).toBeNull();
  });
  it("takes [[#Heading]] as a heading of the same note", () => {
    expect(linkAt("[[#Intro]]", 3)).toMatchObject({ kind: "note", target: "", heading: "Intro" });
  });
});

describe("noteLinks", () => {
  it("lists note links, not images, attachments or URLs", () => {
    const text = "[[A]] ![[pic.png]] [[B|bee]] [x](C.md) [y](https://z.org) ![i](img.png) [f](file.pdf)";
    expect(noteLinks(text, 10).map((l) => l.target)).toEqual(["A", "B", "C"]);
    expect(noteLinks("[[A]]", 10)[0]).toEqual({ from: 10, to: 15, target: "A" });
  });
});

describe("headings", () => {
  const text = "---\ntitle: x\n# not a heading\n---\n# One\ntext\n```\n# code\n```\n## Two ##\n#nothead\n   ### Three";
  it("lists ATX headings outside front matter and code", () => {
    expect(headings(text).map((h) => [h.level, h.text, h.line])).toEqual([
      [1, "One", 5],
      [2, "Two", 10],
      [3, "Three", 12],
    ]);
    const one = headings(text)[0];
    expect(text.slice(one.pos, one.pos + 5)).toBe("# One");
  });
  it("finds a heading a link names, case and punctuation aside", () => {
    expect(findHeading("# Early Life!\n", "early life")?.line).toBe(1);
    expect(findHeading("# A\n", "B")).toBeUndefined();
  });
});
