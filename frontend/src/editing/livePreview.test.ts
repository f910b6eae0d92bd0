import { ensureSyntaxTree } from "@codemirror/language";
import { EditorSelection, EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { afterEach, describe, expect, it } from "vitest";
import { buildDecorations, frontMatterEnd, livePreviewConfig, livePreviewSwitch, toggleTaskAt } from "./livePreview";
import { noteMarkdown } from "./noteMarkdown";
import { isSourceMode, setSourceMode, SOURCE_MODE_KEY, toggleTaskAtCaret } from "./sourceMode";

// state makes an editor state for doc with the caret at caret (a line's
// text: the caret goes to that line's start), its syntax tree parsed whole.
function state(doc: string, caret?: string): EditorState {
  const at = caret === undefined ? doc.length : doc.indexOf(caret);
  if (at < 0) throw new Error(`no ${caret} in doc`);
  const s = EditorState.create({ doc, selection: EditorSelection.cursor(at), extensions: [noteMarkdown()] });
  ensureSyntaxTree(s, s.doc.length, 5000);
  return s;
}

interface Seen {
  text: string;
  what: string;
}

// decos lists what live preview does to doc, in document order: "hide" with
// the text hidden, a class with the text it marks, "line:" classes, widgets
// by class name.
function decos(s: EditorState): Seen[] {
  const set = buildDecorations(s, [{ from: 0, to: s.doc.length }]);
  const out: Seen[] = [];
  set.between(0, s.doc.length, (from, to, d) => {
    const spec = d.spec as { class?: string; widget?: { constructor: { name: string } }; attributes?: Record<string, string> };
    const text = s.doc.sliceString(from, to);
    if (from === to && spec.class && !spec.widget) out.push({ text: s.doc.lineAt(from).text, what: `line:${spec.class}` });
    else if (spec.widget) out.push({ text, what: spec.widget.constructor.name });
    else if (spec.class) out.push({ text, what: spec.class });
    else out.push({ text, what: "hide" });
  });
  return out;
}

const has = (list: Seen[], what: string, text: string) => list.some((d) => d.what === what && d.text === text);

describe("buildDecorations", () => {
  it("sizes headings and hides their marks only off the caret's line", () => {
    const doc = "# Title\n\nbody\n\n## Second ##\n";
    const off = decos(state(doc, "body"));
    expect(has(off, "line:cm-lp-heading cm-lp-h1", "# Title")).toBe(true);
    expect(has(off, "hide", "# ")).toBe(true);
    expect(has(off, "line:cm-lp-heading cm-lp-h2", "## Second ##")).toBe(true);
    expect(has(off, "hide", " ##")).toBe(true);
    const on = decos(state(doc, "# Title"));
    expect(has(on, "line:cm-lp-heading cm-lp-h1", "# Title")).toBe(true);
    expect(on.filter((d) => d.what === "hide").map((d) => d.text)).toEqual(["## ", " ##"]);
  });

  it("styles emphasis, strikethrough and code, hiding their markup off the caret's line", () => {
    const doc = "a **bold** _it_ ~~gone~~ `code`\n\nother";
    const off = decos(state(doc, "other"));
    for (const [cls, text] of [
      ["cm-lp-strong", "**bold**"],
      ["cm-lp-em", "_it_"],
      ["cm-lp-strike", "~~gone~~"],
      ["cm-lp-code", "`code`"],
    ]) {
      expect(has(off, cls, text), `${cls} on ${text}`).toBe(true);
    }
    expect(off.filter((d) => d.what === "hide").map((d) => d.text)).toEqual(["**", "**", "_", "_", "~~", "~~", "`", "`"]);
    expect(decos(state(doc, "a **")).filter((d) => d.what === "hide")).toEqual([]);
  });

  it("shows wikilinks by their alias and Markdown links by their text", () => {
    const doc = "See [[Ada Lovelace|Ada]], [[Engine]] and [the site](https://example.com).\n\nend";
    const off = decos(state(doc, "end"));
    expect(has(off, "cm-lp-wikilink", "Ada")).toBe(true);
    expect(has(off, "hide", "[[Ada Lovelace|")).toBe(true);
    expect(has(off, "cm-lp-wikilink", "Engine")).toBe(true);
    expect(has(off, "hide", "[[")).toBe(true);
    expect(has(off, "cm-lp-link", "the site")).toBe(true);
    expect(has(off, "hide", "](https://example.com)")).toBe(true);
    const on = decos(state(doc, "See"));
    expect(on.filter((d) => d.what === "hide")).toEqual([]);
    expect(has(on, "cm-lp-wikilink", "Ada")).toBe(true);
  });

  it("marks tags as chips but not in code, links or headings' marks", () => {
    const doc = "# Head #one\n\ntext #two and `#three` [x](http://a/#four)\n\n```\n#five\n```\n";
    const tags = decos(state(doc, "text")).filter((d) => d.what === "cm-lp-tag").map((d) => d.text);
    expect(tags).toEqual(["#one", "#two"]);
  });

  it("turns tasks into checkboxes and bullets into dots off the caret's line", () => {
    const doc = "- [ ] to do\n- [x] done\n- plain\n\nend";
    const off = decos(state(doc, "end"));
    expect(off.filter((d) => d.what === "CheckboxWidget").map((d) => d.text)).toEqual(["- [ ]", "- [x]"]);
    expect(has(off, "cm-lp-task-done", "done")).toBe(true);
    expect(has(off, "BulletWidget", "-")).toBe(true);
    const on = decos(state(doc, "- [x] done"));
    expect(on.filter((d) => d.what === "CheckboxWidget").map((d) => d.text)).toEqual(["- [ ]"]);
  });

  it("renders images and embeds in place, and after their markup on the caret's line", () => {
    const doc = "![cat](cat.png)\n\n![[diagram.png]]\n\n![[Other note#Part]]\n\n![x](javascript:alert(1))\n\n![[../../secret.png]] ![y](../up.png)\n\nend";
    const off = decos(state(doc, "end"));
    expect(off.filter((d) => /Widget$/.test(d.what)).map((d) => [d.what, d.text])).toEqual([
      ["ImageWidget", "![cat](cat.png)"],
      ["ImageWidget", "![[diagram.png]]"],
      ["EmbedWidget", "![[Other note#Part]]"],
    ]);
    const on = decos(state(doc, "![[Other"));
    expect(on.filter((d) => d.what === "EmbedWidget").map((d) => d.text)).toEqual([""]);
  });

  it("draws callouts with their type's colour and icon, and plain quotes", () => {
    const doc = "> [!warning] Careful\n> body line\n\n> plain quote\n\nend";
    const off = decos(state(doc, "end"));
    expect(has(off, "line:cm-lp-callout cm-lp-callout-warning cm-lp-callout-title", "> [!warning] Careful")).toBe(true);
    expect(has(off, "line:cm-lp-callout cm-lp-callout-warning", "> body line")).toBe(true);
    expect(has(off, "CalloutWidget", "[!warning] ")).toBe(true);
    expect(has(off, "line:cm-lp-quote", "> plain quote")).toBe(true);
    expect(off.filter((d) => d.what === "hide").map((d) => d.text)).toEqual(["> ", "> ", "> "]);
    const on = decos(state(doc, "> body"));
    expect(has(on, "CalloutWidget", "[!warning] ")).toBe(true); // the title's line is not the caret's
    expect(on.filter((d) => d.what === "hide").map((d) => d.text)).toEqual(["> ", "> "]);
  });

  it("leaves the front matter as written", () => {
    const doc = "---\ntitle: **x** #tag [[Link]]\ntags: [a]\n---\n# Body\n";
    const s = state(doc, "# Body");
    expect(frontMatterEnd(s.doc)).toBe(doc.indexOf("---\n# Body") + 3);
    const all = decos(s);
    expect(all.every((d) => !doc.slice(0, frontMatterEnd(s.doc)).includes(d.text) || d.text === "# Body")).toBe(true);
    expect(all.map((d) => d.what)).toEqual(["line:cm-lp-heading cm-lp-h1"]);
  });

  it("decorates only the ranges asked for", () => {
    const doc = Array.from({ length: 2000 }, (_, i) => `line ${i} **b** #t`).join("\n");
    const s = state(doc, "line 0 ");
    const from = s.doc.line(1000).from;
    const set = buildDecorations(s, [{ from, to: s.doc.line(1010).to }]);
    let n = 0;
    let min = Infinity;
    set.between(0, s.doc.length, (f) => {
      n++;
      min = Math.min(min, f);
    });
    expect(min).toBeGreaterThanOrEqual(from);
    expect(n).toBe(11 * 4); // a mark and two hidden marks for **b**, a tag, on each of 11 lines
  });
});

describe("task checkboxes in the editor", () => {
  it("toggleTaskAt ticks and clears the task on a line", () => {
    const s = state("- [ ] one\n- [x] two\nno task", "one");
    const view = new EditorView({ state: s });
    expect(toggleTaskAt(view, view.state.doc.line(1).from + 3)).toBe(true);
    expect(toggleTaskAt(view, view.state.doc.line(2).from)).toBe(true);
    expect(view.state.doc.toString()).toBe("- [x] one\n- [ ] two\nno task");
    expect(toggleTaskAt(view, view.state.doc.line(3).from)).toBe(false);
    view.destroy();
  });

  it("a click on the checkbox widget toggles the task", () => {
    const view = new EditorView({ state: state("- [ ] click me\n\nend", "end"), extensions: [] });
    view.dispatch({ effects: [] });
    const s = EditorState.create({ doc: "- [ ] click me\n\nend", selection: EditorSelection.cursor(17), extensions: [noteMarkdown(), livePreviewSwitch()] });
    ensureSyntaxTree(s, s.doc.length, 5000);
    view.setState(s);
    document.body.append(view.dom);
    const box = view.dom.querySelector<HTMLInputElement>("input.cm-lp-checkbox");
    expect(box).not.toBeNull();
    box!.dispatchEvent(new MouseEvent("mousedown", { bubbles: true, cancelable: true }));
    expect(view.state.doc.line(1).text).toBe("- [x] click me");
    view.destroy();
  });
});

describe("the palette's task toggle", () => {
  it("toggles the task on the caret's line of the editor last focused", () => {
    const s = EditorState.create({ doc: "- [ ] one\n- [ ] two", selection: EditorSelection.cursor(14), extensions: [noteMarkdown(), livePreviewSwitch()] });
    ensureSyntaxTree(s, s.doc.length, 5000);
    const view = new EditorView({ state: s });
    document.body.append(view.dom);
    view.contentDOM.dispatchEvent(new FocusEvent("focus"));
    expect(toggleTaskAtCaret()).toBe(true);
    expect(view.state.doc.toString()).toBe("- [ ] one\n- [x] two");
    view.destroy();
    expect(toggleTaskAtCaret()).toBe(false);
  });
});

describe("source mode", () => {
  afterEach(() => setSourceMode(false));

  it("switches open editors between live preview and source, and is remembered", () => {
    setSourceMode(false);
    const s = EditorState.create({ doc: "# Head\n\nend", selection: EditorSelection.cursor(10), extensions: [noteMarkdown(), livePreviewSwitch({ openTitle: () => {} })] });
    ensureSyntaxTree(s, s.doc.length, 5000);
    const view = new EditorView({ state: s });
    document.body.append(view.dom);
    expect(view.dom.classList.contains("cm-live-preview")).toBe(true);
    expect(view.dom.querySelector(".cm-lp-h1")).not.toBeNull();
    setSourceMode(true);
    expect(localStorage.getItem(SOURCE_MODE_KEY)).toBe("1");
    expect(isSourceMode()).toBe(true);
    expect(view.dom.classList.contains("cm-live-preview")).toBe(false);
    expect(view.dom.querySelector(".cm-lp-h1")).toBeNull();
    expect(view.state.facet(livePreviewConfig).openTitle).toBeTypeOf("function");
    setSourceMode(false);
    expect(localStorage.getItem(SOURCE_MODE_KEY)).toBe("0");
    expect(view.dom.querySelector(".cm-lp-h1")).not.toBeNull();
    view.destroy();
  });
});

describe("buildDecorations footnotes", () => {
  it("shows references as superscript labels and sets definitions and inline notes off", () => {
    const doc = "A claim[^1] and an aside^[see [[Ada]]].\n\n[^1]: Smith 2020\n\nother";
    const off = decos(state(doc, "other"));
    expect(has(off, "cm-lp-footnote-ref", "1")).toBe(true);
    expect(has(off, "hide", "[^")).toBe(true);
    expect(has(off, "cm-lp-footnote-inline", "^[see [[Ada]]]")).toBe(true);
    expect(has(off, "hide", "^[")).toBe(true);
    expect(has(off, "cm-lp-footnote-def", "[^1]:")).toBe(true);
    // a definition is no reference, and its marker is never hidden
    expect(has(off, "cm-lp-footnote-ref", "1]: Smith")).toBe(false);
    const on = decos(state(doc, "A claim"));
    expect(has(on, "cm-lp-footnote-ref", "1")).toBe(true);
    expect(has(on, "hide", "[^")).toBe(false);
  });

  it("leaves footnote syntax in code alone", () => {
    const doc = "`[^1]` and\n\n```\n[^1]: x\n```\n\nother";
    const off = decos(state(doc, "other"));
    expect(off.some((d) => d.what.startsWith("cm-lp-footnote"))).toBe(false);
  });
});
