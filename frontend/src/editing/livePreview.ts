// Live preview: the editor shows Markdown rendered in place, as Obsidian's
// live preview does. Headings are sized, emphasis, links and tags styled,
// tasks are checkboxes, images and embedded notes are shown, callouts are
// boxes; the markup stays visible on the lines that hold the selection, so
// what is being edited is the text as written. Nothing of the front matter
// is touched.
//
// Decorations are built only for the visible ranges, from the syntax tree
// the editor already keeps (plus a scan of the visible lines for
// [[wikilinks]], #tags and footnotes, which CommonMark does not know), so a keystroke
// in a 10k-line note costs what the screen holds, not what the note holds.
// Widgets build their DOM with createElement and textContent; an embedded
// note's HTML comes from renderMarkdown (DOMPurify), and images load only
// from the sources the reading view allows (render/markdown imageSrc).
import { ensureSyntaxTree, syntaxTree } from "@codemirror/language";
import { Compartment, Facet, StateField, type EditorState, type Extension, type Range, type Text } from "@codemirror/state";
import { Decoration, type DecorationSet, EditorView, keymap, ViewPlugin, type ViewUpdate, WidgetType } from "@codemirror/view";
import type { SyntaxNode, SyntaxNodeRef } from "@lezer/common";
import { attachmentURL } from "../api";
import { fillEmbed, loadNoteByTitle, splitEmbed, type EmbedSource } from "../render/embeds";
import { CALLOUT_ICONS, calloutKind } from "../render/callouts";
import { allowedImageSrc, imageSrc, isImageName } from "../render/markdown";
import { isSourceMode, setTaskToggle, subscribeSourceMode } from "./sourceMode";
import { isChecked, toggledMarker } from "./tasks";

/** LivePreviewConfig is what live preview needs from the app; every field has a default. */
export interface LivePreviewConfig {
  /** embeds loads the notes ![[embeds]] show (loadNoteByTitle by default). */
  embeds?: EmbedSource;
  /** openTitle opens the note (at the heading, "" for its top) an embed's title names; without it the caret goes to the embed's markup. */
  openTitle?(title: string, heading: string): void;
}

/** livePreviewConfig provides a LivePreviewConfig to the editor (the first one provided wins). */
export const livePreviewConfig = Facet.define<LivePreviewConfig, LivePreviewConfig>({
  combine: (vs) => vs[0] ?? {},
});

// ---- front matter -----------------------------------------------------------

/** frontMatterEnd is where a leading YAML block (--- … --- or ...) ends, 0 when the note has none. */
export function frontMatterEnd(doc: Text): number {
  if (doc.lines < 2 || doc.line(1).text.replace(/[ \t]+$/, "") !== "---") return 0;
  for (let i = 2; i <= doc.lines; i++) {
    const l = doc.line(i);
    if (/^(---|\.\.\.)[ \t]*$/.test(l.text)) return l.to;
  }
  return 0;
}

// frontMatter keeps frontMatterEnd, computed again only when an edit touches the block (or the line after it).
const frontMatter = StateField.define<number>({
  create: (s) => frontMatterEnd(s.doc),
  update(end, tr) {
    if (!tr.docChanged) return end;
    let touched = false;
    tr.changes.iterChangedRanges((fromA) => {
      if (fromA <= end + 1) touched = true;
    });
    return touched ? frontMatterEnd(tr.newDoc) : tr.changes.mapPos(end);
  },
});

// ---- widgets ----------------------------------------------------------------

class CheckboxWidget extends WidgetType {
  constructor(readonly checked: boolean) {
    super();
  }
  eq(o: CheckboxWidget) {
    return o.checked === this.checked;
  }
  toDOM(view: EditorView) {
    const box = document.createElement("input");
    box.type = "checkbox";
    box.className = "cm-lp-checkbox";
    box.checked = this.checked;
    box.setAttribute("aria-label", this.checked ? "Done: click to clear" : "To do: click to tick");
    box.addEventListener("mousedown", (e) => {
      e.preventDefault();
      toggleTaskAt(view, view.posAtDOM(box));
    });
    // The document, not the browser, holds the state: the redraw shows it.
    box.addEventListener("click", (e) => e.preventDefault());
    return box;
  }
  ignoreEvent() {
    return true;
  }
}

class BulletWidget extends WidgetType {
  eq() {
    return true;
  }
  toDOM() {
    const s = document.createElement("span");
    s.className = "cm-lp-bullet";
    s.textContent = "•";
    return s;
  }
}

class ImageWidget extends WidgetType {
  constructor(
    readonly src: string,
    readonly alt: string,
  ) {
    super();
  }
  eq(o: ImageWidget) {
    return o.src === this.src && o.alt === this.alt;
  }
  toDOM(view: EditorView) {
    const img = document.createElement("img");
    img.className = "cm-lp-image";
    img.alt = this.alt;
    img.src = this.src;
    img.addEventListener("load", () => view.requestMeasure());
    return img;
  }
  get estimatedHeight() {
    return 200;
  }
  ignoreEvent() {
    return false;
  }
}

class EmbedWidget extends WidgetType {
  constructor(readonly target: string) {
    super();
  }
  eq(o: EmbedWidget) {
    return o.target === this.target;
  }
  toDOM(view: EditorView) {
    const box = document.createElement("div");
    box.className = "cm-lp-embed";
    const cfg = view.state.facet(livePreviewConfig);
    box.addEventListener("mousedown", (e) => {
      const a = (e.target as HTMLElement).closest<HTMLElement>("a.wikilink");
      if (!a) return;
      e.preventDefault();
      e.stopPropagation();
      const { note, heading } = splitEmbed(this.target);
      if (cfg.openTitle) cfg.openTitle(note, heading);
      else view.dispatch({ selection: { anchor: view.posAtDOM(box) } });
    });
    box.addEventListener("click", (e) => e.preventDefault());
    void fillEmbed(box, this.target, cfg.embeds ?? loadNoteByTitle, []).then(() => view.requestMeasure());
    return box;
  }
  get estimatedHeight() {
    return 120;
  }
  ignoreEvent() {
    return false;
  }
}

class CalloutWidget extends WidgetType {
  constructor(
    readonly type: string,
    readonly label: string,
  ) {
    super();
  }
  eq(o: CalloutWidget) {
    return o.type === this.type && o.label === this.label;
  }
  toDOM() {
    const s = document.createElement("span");
    s.className = "cm-lp-callout-icon";
    s.textContent = CALLOUT_ICONS[this.type.toLowerCase()] ?? CALLOUT_ICONS.note;
    if (this.label) {
      const l = document.createElement("span");
      l.className = "cm-lp-callout-label";
      l.textContent = this.label;
      s.append(" ", l);
    }
    return s;
  }
}

class RuleWidget extends WidgetType {
  eq() {
    return true;
  }
  toDOM() {
    const s = document.createElement("span");
    s.className = "cm-lp-hr";
    return s;
  }
}

// ---- the decoration builder -------------------------------------------------

const hide = Decoration.replace({});
const mark = (cls: string) => Decoration.mark({ class: cls });
const line = (cls: string) => Decoration.line({ class: cls });
const marks = {
  em: mark("cm-lp-em"),
  strong: mark("cm-lp-strong"),
  strike: mark("cm-lp-strike"),
  code: mark("cm-lp-code"),
  link: mark("cm-lp-link"),
  wikilink: mark("cm-lp-wikilink"),
  tag: mark("cm-lp-tag"),
  footnoteRef: mark("cm-lp-footnote-ref"),
  footnoteDef: mark("cm-lp-footnote-def"),
  footnoteInline: mark("cm-lp-footnote-inline"),
  done: mark("cm-lp-task-done"),
};
const headingLines = [1, 2, 3, 4, 5, 6].map((n) => line(`cm-lp-heading cm-lp-h${n}`));
const lines = {
  quote: line("cm-lp-quote"),
  code: line("cm-lp-codeblock"),
  setext: line("cm-lp-setext-underline"),
  hr: line("cm-lp-hr-line"),
};
const calloutLines = new Map<string, Decoration>();
function calloutLine(kind: string, first: boolean): Decoration {
  const key = `${kind}:${first}`;
  let d = calloutLines.get(key);
  if (!d) {
    d = line(`cm-lp-callout cm-lp-callout-${kind}${first ? " cm-lp-callout-title" : ""}`);
    calloutLines.set(key, d);
  }
  return d;
}

const wikiRe = /(!?)\[\[([^[\]\n|]+?)(?:\|([^[\]\n]*))?\]\]/g;
const tagRe = /(^|[\s(])#([\p{L}\p{N}_][\p{L}\p{N}_/-]*)/gu;
// footnoteRe finds footnote references "[^label]" and definitions
// "[^label]:" (when at a line's start) and inline footnotes "^[text]" (on
// one line, with [links] or [[wikilinks]] inside).
const footnoteRe = /\[\^([^\]\s]+)\](:?)|\^\[((?:[^[\]\n]|\[\[?[^[\]\n]*\]\]?)+)\]/g;
const calloutRe = /^(\s*>\s?)\[!([A-Za-z][\w-]*)\]([+-]?)[ \t]*(.*)$/;

/** VisibleRange is a stretch of the document on screen (EditorView.visibleRanges). */
export interface VisibleRange {
  from: number;
  to: number;
}

/**
 * Selected says which lines hold the selection: the markup on them shows.
 * It is made once per build from the selection's line numbers.
 */
class Selected {
  private spans: [number, number][];
  constructor(
    private doc: Text,
    state: EditorState,
  ) {
    this.spans = state.selection.ranges.map((r) => [doc.lineAt(r.from).number, doc.lineAt(r.to).number]);
  }
  /** has reports whether any line from..to spans is selected. */
  has(from: number, to: number): boolean {
    const a = this.doc.lineAt(from).number;
    const b = to <= from ? a : this.doc.lineAt(to).number;
    return this.spans.some(([s, e]) => s <= b && e >= a);
  }
}

/** selectedLinesKey names the lines holding the selection: live preview is rebuilt when it changes. */
export function selectedLinesKey(state: EditorState): string {
  return state.selection.ranges.map((r) => `${state.doc.lineAt(r.from).number}-${state.doc.lineAt(r.to).number}`).join(",");
}

function child(n: SyntaxNode, name: string): SyntaxNode | null {
  for (let c = n.firstChild; c; c = c.nextSibling) if (c.name === name) return c;
  return null;
}

function children(n: SyntaxNode, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) if (c.name === name) out.push(c);
  return out;
}

/**
 * buildDecorations is live preview's decorations for the given ranges of
 * state (the visible ones in the editor): it reads the syntax tree as far as
 * it is parsed. Markup is hidden only on lines the selection does not touch,
 * and nothing before fmEnd (the front matter) is decorated.
 */
export function buildDecorations(state: EditorState, ranges: readonly VisibleRange[], fmEnd = state.field(frontMatter, false) ?? frontMatterEnd(state.doc)): DecorationSet {
  const doc = state.doc;
  // The tree as far as the ranges (the editor parses the viewport before it draws, so this is at most a short wait).
  const tree = ensureSyntaxTree(state, ranges.length ? ranges[ranges.length - 1].to : 0, 20) ?? syntaxTree(state);
  const sel = new Selected(doc, state);
  const out: Range<Decoration>[] = [];
  // skip: where the scan for wikilinks and tags must not look (code, front matter, link URLs).
  const skip: VisibleRange[] = [];
  const seenLines = new Set<number>();
  const lineDeco = (pos: number, d: Decoration) => {
    const l = doc.lineAt(pos);
    if (seenLines.has(l.from)) return;
    seenLines.add(l.from);
    out.push(d.range(l.from));
  };
  // hideWithSpace hides from..to and the spaces or tabs after it.
  const hideWithSpace = (from: number, to: number) => {
    let end = to;
    const l = doc.lineAt(to);
    while (end < l.to && /[ \t]/.test(doc.sliceString(end, end + 1))) end++;
    if (end > from) out.push(hide.range(from, end));
  };
  // each calls fn for every line start in from..to that lies in the range being built.
  const eachLine = (from: number, to: number, range: VisibleRange, fn: (lineFrom: number, first: boolean) => void) => {
    let pos = Math.max(from, doc.lineAt(range.from).from);
    const end = Math.min(to, range.to);
    const firstLine = doc.lineAt(from).from;
    while (pos <= end) {
      const l = doc.lineAt(pos);
      fn(l.from, l.from === firstLine);
      pos = l.to + 1;
    }
  };

  if (fmEnd > 0) skip.push({ from: 0, to: fmEnd });
  for (const range of ranges) {
    const from = Math.max(range.from, fmEnd);
    if (from >= range.to) continue;
    tree.iterate({
      from,
      to: range.to,
      enter: (n: SyntaxNodeRef) => {
        if (n.name === "Document") return true;
        // The front matter is left as written; a block running on past it is entered, not decorated.
        if (n.from < fmEnd) return n.to > fmEnd;
        const name = n.name;
        switch (name) {
          case "ATXHeading1":
          case "ATXHeading2":
          case "ATXHeading3":
          case "ATXHeading4":
          case "ATXHeading5":
          case "ATXHeading6": {
            lineDeco(n.from, headingLines[Number(name.slice(-1)) - 1]);
            if (!sel.has(n.from, n.to)) {
              const ms = children(n.node, "HeaderMark");
              if (ms[0] && ms[0].from === n.from) hideWithSpace(ms[0].from, ms[0].to);
              const close = ms.length > 1 ? ms[ms.length - 1] : null;
              if (close) {
                let start = close.from;
                while (start > n.from && /[ \t]/.test(doc.sliceString(start - 1, start))) start--;
                out.push(hide.range(start, close.to));
              }
            }
            return true;
          }
          case "SetextHeading1":
          case "SetextHeading2": {
            const level = Number(name.slice(-1));
            const underline = child(n.node, "HeaderMark");
            const textEnd = underline ? doc.lineAt(underline.from).from - 1 : n.to;
            eachLine(n.from, textEnd, range, (lf) => lineDeco(lf, headingLines[level - 1]));
            if (underline && !sel.has(underline.from, underline.to) && underline.from >= range.from && underline.from <= range.to) lineDeco(underline.from, lines.setext);
            return true;
          }
          case "Emphasis":
          case "StrongEmphasis":
          case "Strikethrough":
          case "InlineCode": {
            const [deco, markName] =
              name === "Emphasis" ? [marks.em, "EmphasisMark"] : name === "StrongEmphasis" ? [marks.strong, "EmphasisMark"] : name === "Strikethrough" ? [marks.strike, "StrikethroughMark"] : [marks.code, "CodeMark"];
            out.push(deco.range(n.from, n.to));
            if (!sel.has(n.from, n.to)) for (const m of children(n.node, markName)) out.push(hide.range(m.from, m.to));
            if (name === "InlineCode") {
              skip.push({ from: n.from, to: n.to });
              return false;
            }
            return true;
          }
          case "Link": {
            const url = child(n.node, "URL");
            const lm = children(n.node, "LinkMark");
            // [text] alone is no link here (reference links are not resolved), and [[wikilinks]] are the scan's.
            if (!url || lm.length < 3) return true;
            skip.push({ from: url.from, to: n.to });
            if (lm[1].from > lm[0].to) out.push(Decoration.mark({ class: "cm-lp-link", attributes: { title: doc.sliceString(url.from, url.to) } }).range(lm[0].to, lm[1].from));
            if (!sel.has(n.from, n.to)) {
              out.push(hide.range(lm[0].from, lm[0].to));
              out.push(hide.range(lm[1].from, n.to));
            }
            return true;
          }
          case "Image": {
            const url = child(n.node, "URL");
            const lm = children(n.node, "LinkMark");
            if (!url || lm.length < 2) return false;
            skip.push({ from: n.from, to: n.to });
            const src = imageSrc(doc.sliceString(url.from, url.to));
            if (src === null) return false;
            const w = new ImageWidget(src, doc.sliceString(lm[0].to, lm[1].from));
            if (!sel.has(n.from, n.to)) out.push(Decoration.replace({ widget: w }).range(n.from, n.to));
            else out.push(Decoration.widget({ widget: w, side: 1 }).range(n.to));
            return false;
          }
          case "ListMark": {
            const next = n.node.nextSibling;
            if (next?.name === "Task") return false;
            const text = doc.sliceString(n.from, n.to);
            if (/^[-*+]$/.test(text) && n.node.parent?.parent?.name === "BulletList" && !sel.has(n.from, n.to)) {
              out.push(Decoration.replace({ widget: new BulletWidget() }).range(n.from, n.to));
            }
            return false;
          }
          case "Task": {
            const marker = child(n.node, "TaskMarker");
            if (!marker) return true;
            const checked = isChecked(doc.sliceString(marker.from, marker.to));
            if (checked) {
              let start = marker.to;
              while (start < n.to && /\s/.test(doc.sliceString(start, start + 1))) start++;
              if (start < n.to) out.push(marks.done.range(start, n.to));
            }
            const listMark = n.node.prevSibling;
            if (!sel.has(marker.from, marker.to)) {
              const start = listMark?.name === "ListMark" && doc.lineAt(listMark.from).number === doc.lineAt(marker.from).number ? listMark.from : marker.from;
              out.push(Decoration.replace({ widget: new CheckboxWidget(checked) }).range(start, marker.to));
            }
            return true;
          }
          case "Blockquote": {
            if (n.node.parent?.name === "Blockquote") return true;
            const first = doc.lineAt(n.from);
            const c = calloutRe.exec(first.text);
            if (c) {
              const kind = calloutKind(c[2]);
              eachLine(n.from, n.to, range, (lf, isFirst) => lineDeco(lf, calloutLine(kind, isFirst)));
              if (first.from >= range.from && !sel.has(first.from, first.to)) {
                const start = first.from + c[1].length;
                const label = c[4].trim() ? "" : c[2].charAt(0).toUpperCase() + c[2].slice(1).toLowerCase();
                let end = start + 2 + c[2].length + 1 + c[3].length;
                while (end < first.to && /[ \t]/.test(doc.sliceString(end, end + 1))) end++;
                out.push(Decoration.replace({ widget: new CalloutWidget(c[2], label) }).range(start, end));
                skip.push({ from: start, to: end });
              }
            } else {
              eachLine(n.from, n.to, range, (lf) => lineDeco(lf, lines.quote));
            }
            return true;
          }
          case "QuoteMark": {
            if (!sel.has(n.from, n.to)) hideWithSpace(n.from, n.to);
            return false;
          }
          case "HorizontalRule": {
            if (!sel.has(n.from, n.to)) {
              lineDeco(n.from, lines.hr);
              out.push(Decoration.replace({ widget: new RuleWidget() }).range(n.from, n.to));
            }
            return false;
          }
          case "FencedCode":
          case "CodeBlock":
            eachLine(n.from, n.to, range, (lf) => lineDeco(lf, lines.code));
            skip.push({ from: n.from, to: n.to });
            return false;
          case "HTMLBlock":
          case "CommentBlock":
          case "HTMLTag":
          case "Comment":
          case "URL":
          case "Autolink":
            skip.push({ from: n.from, to: n.to });
            return false;
          default:
            return true;
        }
      },
    });

    // Wikilinks, embeds and tags, which CommonMark does not parse: a scan of the range's lines.
    skip.sort((a, b) => a.from - b.from);
    const skipped = (a: number, b: number) => skip.some((s) => s.from < b && s.to > a);
    const text = doc.sliceString(from, range.to);
    // Footnotes: a reference shows as its label in superscript, a
    // definition's marker and an inline footnote are set off as notes.
    for (const m of text.matchAll(footnoteRe)) {
      const at = from + (m.index ?? 0);
      const end = at + m[0].length;
      if (skipped(at, end)) continue;
      const active = sel.has(at, end);
      if (m[3] !== undefined) {
        out.push(marks.footnoteInline.range(at, end));
        if (!active) {
          out.push(hide.range(at, at + 2));
          out.push(hide.range(end - 1, end));
        }
        continue; // its text is the note's: links and tags in it are shown as such
      }
      skip.push({ from: at, to: end });
      if (m[2] === ":" && /^ {0,3}$/.test(doc.sliceString(doc.lineAt(at).from, at))) {
        out.push(marks.footnoteDef.range(at, end));
      } else {
        const close = at + 2 + m[1].length;
        out.push(marks.footnoteRef.range(at + 2, close));
        if (!active) {
          out.push(hide.range(at, at + 2));
          out.push(hide.range(close, close + 1));
        }
      }
    }
    for (const m of text.matchAll(wikiRe)) {
      const at = from + (m.index ?? 0);
      const end = at + m[0].length;
      if (skipped(at, end)) continue;
      skip.push({ from: at, to: end });
      const target = m[2].trim();
      const noteName = target.split("#")[0];
      const active = sel.has(at, end);
      if (m[1] === "!") {
        let w: WidgetType = new EmbedWidget(target);
        if (isImageName(noteName)) {
          const src = attachmentURL(noteName);
          if (!allowedImageSrc(src)) continue; // "..": the reading view does not load it either
          w = new ImageWidget(src, m[3]?.trim() || noteName);
        }
        if (!active) out.push(Decoration.replace({ widget: w }).range(at, end));
        else out.push(Decoration.widget({ widget: w, side: 1 }).range(end));
        continue;
      }
      const labelFrom = m[3] !== undefined ? at + 2 + m[2].length + 1 : at + 2;
      const labelTo = end - 2;
      if (labelTo > labelFrom) out.push(marks.wikilink.range(labelFrom, labelTo));
      if (!active) {
        out.push(hide.range(at, labelFrom));
        out.push(hide.range(labelTo, end));
      }
    }
    for (const m of text.matchAll(tagRe)) {
      const at = from + (m.index ?? 0) + m[1].length;
      const end = at + 1 + m[2].length;
      if (skipped(at, end)) continue;
      out.push(marks.tag.range(at, end));
    }
  }
  return Decoration.set(out, true);
}

// ---- the view plugin, tasks and the switch ----------------------------------

/**
 * toggleTaskAt ticks or clears the task on the line at pos (its "[ ]" or
 * "[x]" as the syntax tree finds it); false when that line holds no task.
 */
export function toggleTaskAt(view: EditorView, pos: number): boolean {
  const l = view.state.doc.lineAt(pos);
  let marker: { from: number; to: number } | null = null;
  (ensureSyntaxTree(view.state, l.to, 50) ?? syntaxTree(view.state)).iterate({
    from: l.from,
    to: l.to,
    enter: (n) => {
      if (marker) return false;
      if (n.name === "TaskMarker" && n.from >= l.from && n.to <= l.to) {
        marker = { from: n.from, to: n.to };
        return false;
      }
      return true;
    },
  });
  if (!marker) return false;
  const { from, to } = marker;
  view.dispatch({ changes: { from, to, insert: toggledMarker(view.state.sliceDoc(from, to)) }, userEvent: "input.toggle" });
  return true;
}

const livePreviewPlugin = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    private selected: string;
    constructor(view: EditorView) {
      this.selected = selectedLinesKey(view.state);
      this.decorations = buildDecorations(view.state, view.visibleRanges);
    }
    update(u: ViewUpdate) {
      const selected = u.selectionSet || u.docChanged ? selectedLinesKey(u.state) : this.selected;
      if (u.docChanged || u.viewportChanged || selected !== this.selected || syntaxTree(u.startState) !== syntaxTree(u.state)) {
        this.selected = selected;
        this.decorations = buildDecorations(u.state, u.view.visibleRanges);
      }
    }
  },
  { decorations: (p) => p.decorations },
);

const livePreviewTheme = EditorView.baseTheme({
  "&.cm-live-preview .cm-scroller": { fontFamily: "var(--sans)" },
  "&.cm-live-preview .cm-content": { maxWidth: "72ch" },
  ".cm-lp-heading": { fontWeight: "700", lineHeight: "1.3" },
  ".cm-lp-heading span": { fontSize: "inherit" },
  ".cm-lp-h1": { fontSize: "1.8em", paddingTop: "0.4em" },
  ".cm-lp-h2": { fontSize: "1.5em", paddingTop: "0.35em" },
  ".cm-lp-h3": { fontSize: "1.3em", paddingTop: "0.3em" },
  ".cm-lp-h4": { fontSize: "1.15em" },
  ".cm-lp-h5": { fontSize: "1.05em" },
  ".cm-lp-h6": { fontSize: "1em", color: "var(--muted)" },
  ".cm-lp-setext-underline": { fontSize: "0.6em", color: "var(--muted)", lineHeight: "1" },
  ".cm-lp-em": { fontStyle: "italic" },
  ".cm-lp-strong": { fontWeight: "700" },
  ".cm-lp-strike": { textDecoration: "line-through", color: "var(--muted)" },
  ".cm-lp-code": { fontFamily: "var(--mono)", fontSize: "0.9em", background: "var(--bg-raised)", borderRadius: "4px", padding: "0 3px" },
  ".cm-lp-codeblock": { fontFamily: "var(--mono)", fontSize: "0.9em", background: "var(--bg-raised)" },
  ".cm-lp-link, .cm-lp-wikilink": { color: "var(--accent)", cursor: "pointer" },
  ".cm-lp-footnote-ref": { verticalAlign: "super", fontSize: "0.75em", color: "var(--accent)" },
  ".cm-lp-footnote-def": { color: "var(--muted)" },
  ".cm-lp-footnote-inline": { color: "var(--muted)", fontSize: "0.9em" },
  ".cm-lp-tag": {
    color: "var(--accent)",
    background: "color-mix(in srgb, var(--accent) 12%, transparent)",
    borderRadius: "10px",
    padding: "0 6px",
    fontSize: "0.9em",
  },
  ".cm-lp-task-done": { textDecoration: "line-through", color: "var(--muted)" },
  ".cm-lp-checkbox": { margin: "0 6px 0 0", verticalAlign: "middle", cursor: "pointer", width: "1em", height: "1em" },
  ".cm-lp-bullet": { color: "var(--muted)", display: "inline-block", width: "0.8em" },
  ".cm-lp-image": { display: "block", maxWidth: "100%", maxHeight: "480px", margin: "4px 0", borderRadius: "4px" },
  ".cm-lp-quote": { borderLeft: "3px solid var(--border)", paddingLeft: "12px !important", color: "var(--muted)" },
  ".cm-lp-hr": { display: "inline-block", width: "100%", borderTop: "1px solid var(--border)", verticalAlign: "middle" },
  ".cm-lp-callout": {
    "--callout": "var(--accent)",
    background: "color-mix(in srgb, var(--callout) 9%, transparent)",
    borderLeft: "3px solid var(--callout)",
    paddingLeft: "12px !important",
  },
  // A callout's text is the note's, not a quote's: upright and in the text colour (links, tags and emphasis keep theirs).
  ".cm-lp-callout span": { fontStyle: "normal", color: "inherit" },
  ".cm-lp-callout .cm-lp-em, .cm-lp-callout .cm-lp-em span": { fontStyle: "italic" },
  ".cm-lp-callout .cm-lp-link, .cm-lp-callout .cm-lp-link span, .cm-lp-callout .cm-lp-wikilink, .cm-lp-callout .cm-lp-wikilink span, .cm-lp-callout .cm-lp-tag, .cm-lp-callout .cm-lp-tag span": {
    color: "var(--accent)",
  },
  ".cm-lp-callout .cm-lp-callout-icon": { color: "var(--callout)" },
  ".cm-lp-callout-title": { fontWeight: "600", color: "var(--callout)" },
  ".cm-lp-callout-icon": { color: "var(--callout)", fontWeight: "600", marginRight: "6px" },
  ".cm-lp-callout-abstract, .cm-lp-callout-quote": { "--callout": "#0aa5b5" },
  ".cm-lp-callout-info": { "--callout": "#3d8de0" },
  ".cm-lp-callout-tip": { "--callout": "#11a39b" },
  ".cm-lp-callout-success": { "--callout": "#2e9e4f" },
  ".cm-lp-callout-question, .cm-lp-callout-warning": { "--callout": "#d58b1c" },
  ".cm-lp-callout-failure, .cm-lp-callout-danger, .cm-lp-callout-bug": { "--callout": "#d3453d" },
  ".cm-lp-callout-example": { "--callout": "#8d63d2" },
  ".cm-lp-embed": {
    display: "block",
    border: "1px solid var(--border)",
    borderLeft: "3px solid var(--accent)",
    borderRadius: "4px",
    padding: "4px 12px",
    margin: "4px 0",
    whiteSpace: "normal",
  },
  ".cm-lp-embed .embed-title a": { color: "var(--accent)", textDecoration: "none", cursor: "pointer" },
});

/** livePreview is the live preview itself: decorations, their theme and the sans-serif body. */
export function livePreview(): Extension {
  return [livePreviewPlugin, livePreviewTheme, EditorView.editorAttributes.of({ class: "cm-live-preview" })];
}

const mode = new Compartment();

// previewing reports whether a state shows live preview (its compartment holds it).
function previewing(state: EditorState): boolean {
  const ext = mode.get(state);
  return !(Array.isArray(ext) && ext.length === 0);
}

/** toggleTaskCommand ticks or clears the task on the caret's line (Ctrl/Cmd+L). */
export function toggleTaskCommand(view: EditorView): boolean {
  return toggleTaskAt(view, view.state.selection.main.head);
}

/**
 * livePreviewSwitch is what the editor adds: live preview or plain source
 * as editing/sourceMode says (switched in place, through a compartment, when
 * it changes), Ctrl/Cmd+L for the task on the caret's line, and cfg.
 */
export function livePreviewSwitch(cfg: LivePreviewConfig = {}): Extension {
  const follow = ViewPlugin.fromClass(
    class {
      private off: () => void;
      constructor(view: EditorView) {
        const sync = () => {
          if (previewing(view.state) === isSourceMode()) view.dispatch({ effects: mode.reconfigure(isSourceMode() ? [] : livePreview()) });
        };
        this.off = subscribeSourceMode(sync);
        // A state kept from before a switch (the editor keeps notes' states) follows it once shown.
        if (previewing(view.state) === isSourceMode()) queueMicrotask(() => view.dom.isConnected && sync());
      }
      destroy() {
        this.off();
      }
    },
  );
  return [
    frontMatter,
    livePreviewConfig.of(cfg),
    mode.of(isSourceMode() ? [] : livePreview()),
    follow,
    keymap.of([{ key: "Mod-l", run: toggleTaskCommand }]),
    EditorView.domEventHandlers({
      focus: (_e, view) => {
        setTaskToggle(() => view.dom.isConnected && toggleTaskCommand(view));
        return false;
      },
    }),
  ];
}
