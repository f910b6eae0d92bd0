import { ensureSyntaxTree } from "@codemirror/language";
import { markdown } from "@codemirror/lang-markdown";
import { EditorState } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import { cutsParagraph, longParagraphs, PARAGRAPH_CELL } from "./longParagraphs";

// topLevel lists the document's block nodes as name@from.
function topLevel(doc: string): string[] {
  const state = EditorState.create({ doc, extensions: markdown({ extensions: [longParagraphs] }) });
  const tree = ensureSyntaxTree(state, doc.length, 10_000);
  if (!tree) throw new Error("no tree");
  const out: string[] = [];
  const c = tree.cursor();
  c.firstChild();
  do out.push(`${c.name}@${c.from}`);
  while (c.nextSibling());
  return out;
}

describe("longParagraphs", () => {
  it("cuts on the grid: two cells after the paragraph's own", () => {
    expect(cutsParagraph(0, PARAGRAPH_CELL - 1)).toBe(false);
    expect(cutsParagraph(0, 2 * PARAGRAPH_CELL - 1)).toBe(false);
    expect(cutsParagraph(0, 2 * PARAGRAPH_CELL)).toBe(true);
    expect(cutsParagraph(PARAGRAPH_CELL, 3 * PARAGRAPH_CELL - 1)).toBe(false);
    // Never before the paragraph is a cell long.
    for (const start of [0, 1, PARAGRAPH_CELL - 1, PARAGRAPH_CELL, 5 * PARAGRAPH_CELL + 17]) {
      expect(cutsParagraph(start, start + PARAGRAPH_CELL)).toBe(false);
    }
  });

  it("leaves ordinary paragraphs whole", () => {
    const doc = ["# Title", "", "one line", "and another **bold", "across** lines", "", "- a list", "- item"].join("\n");
    expect(topLevel(doc)).toEqual(["ATXHeading1@0", "Paragraph@9", "BulletList@53"]);
  });

  it("cuts a huge paragraph into pieces that start on lines", () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i} with [[a link]] and *emphasis*`);
    const doc = lines.join("\n");
    const blocks = topLevel(doc);
    expect(blocks.length).toBeGreaterThan(3);
    expect(blocks.every((b) => b.startsWith("Paragraph@"))).toBe(true);
    for (const b of blocks) {
      const from = Number(b.split("@")[1]);
      expect(from === 0 || doc[from - 1] === "\n").toBe(true);
    }
  });

  it("keeps the cuts away from an edit where they were", () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i} of a long paragraph`);
    const doc = lines.join("\n");
    const edited = doc.slice(0, 100) + "x" + doc.slice(100);
    const shift = (b: string) => {
      const [name, from] = b.split("@");
      return `${name}@${Number(from) > 100 ? Number(from) - 1 : from}`;
    };
    const before = topLevel(doc);
    const after = topLevel(edited).map(shift);
    const same = after.filter((b) => before.includes(b)).length;
    expect(same).toBeGreaterThanOrEqual(before.length - 2);
  });
});

describe("noteMarkdown", () => {
  it("parses as Markdown that markdownKeymap recognises, with long paragraphs cut", async () => {
    const { noteMarkdown } = await import("./noteMarkdown");
    const { markdownLanguage, insertNewlineContinueMarkup } = await import("@codemirror/lang-markdown");
    const doc = "# T\n\n- one";
    let state = EditorState.create({ doc, selection: { anchor: doc.length }, extensions: noteMarkdown() });
    ensureSyntaxTree(state, doc.length, 5000);
    expect(markdownLanguage.isActiveAt(state, doc.length)).toBe(true);
    insertNewlineContinueMarkup({ state, dispatch: (tr) => (state = tr.state) });
    expect(state.doc.toString()).toBe("# T\n\n- one\n- ");
    const long = Array.from({ length: 2000 }, (_, i) => `line ${i}`).join("\n");
    const ls = EditorState.create({ doc: long, extensions: noteMarkdown() });
    const tree = ensureSyntaxTree(ls, long.length, 10_000);
    let paragraphs = 0;
    tree?.iterate({ enter: (n) => void (n.name === "Paragraph" && paragraphs++) });
    expect(paragraphs).toBeGreaterThan(1);
  });
});
