// A Markdown parser extension that cuts a huge paragraph into pieces for the
// parser, so typing in a note that is one 10k-line paragraph reparses a few
// kilobytes per keystroke instead of the whole paragraph.
import type { markdown } from "@codemirror/lang-markdown";

/** MarkdownExtension is what markdown({ extensions }) takes: a @lezer/markdown config. */
export type MarkdownExtension = NonNullable<NonNullable<Parameters<typeof markdown>[0]>["extensions"]>;

/**
 * PARAGRAPH_CELL is the grid, in characters, that huge paragraphs are cut
 * on: a paragraph ends before its first line that starts two cells or more
 * after the cell it began in. Cuts fall on positions fixed by the grid, not
 * by the paragraph's length so far, so an edit moves at most the cuts next
 * to it and the parser reuses the rest. A paragraph shorter than one cell
 * is never cut.
 */
export const PARAGRAPH_CELL = 8192;

/** cutsParagraph reports whether a paragraph that began at start ends before a line that starts at lineStart. */
export function cutsParagraph(start: number, lineStart: number, cell = PARAGRAPH_CELL): boolean {
  return Math.floor(lineStart / cell) >= Math.floor(start / cell) + 2;
}

/** longParagraphs is the extension; pass it to markdown({ extensions }). */
export const longParagraphs: MarkdownExtension = {
  parseBlock: [
    {
      name: "LongParagraphCut",
      endLeaf: (cx, _line, leaf) => cutsParagraph(leaf.start, cx.lineStart),
    },
  ],
};
