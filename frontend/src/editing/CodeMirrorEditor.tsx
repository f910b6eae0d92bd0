import { useEffect, useRef } from "react";
import { autocompletion, closeBrackets, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { Annotation, EditorState, Prec, type Extension } from "@codemirror/state";
import { tags } from "@lezer/highlight";
import { EditorView, highlightActiveLine, keymap, placeholder } from "@codemirror/view";
import { attachFile, parseError } from "../api";
import { REPORT_MS, type EditorProps } from "../components/Editor";
import { tagCompletion, wikiCompletion } from "./completion";
import * as focusIntent from "./focusIntent";
import { linkNavigation } from "./linkNav";
import { findHeading } from "./links";
import { livePreviewSwitch } from "./livePreview";
import { noteMarkdown } from "./noteMarkdown";

// STATES_KEPT is how many notes' editor states (undo history, caret, scroll)
// an editor keeps, so going back to a tab or a note finds them as they were.
const STATES_KEPT = 20;

// REPORTS_KEPT bounds the reported texts an editor remembers (see reported):
// the session hands them back within a render or two.
const REPORTS_KEPT = 32;

// replaceChange is the change that turns text from into to, replacing only
// the part that differs, so a caret outside it stays where it was; null when
// they are the same.
function replaceChange(from: string, to: string): { from: number; to: number; insert: string } | null {
  if (from === to) return null;
  const max = Math.min(from.length, to.length);
  let start = 0;
  while (start < max && from.charCodeAt(start) === to.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && from.charCodeAt(from.length - 1 - end) === to.charCodeAt(to.length - 1 - end)) end++;
  return { from: start, to: from.length - end, insert: to.slice(start, to.length - end) };
}

// bodyStart is where a note's text starts: after its front matter.
function bodyStart(doc: string): number {
  const m = /^---\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(doc);
  return m ? m[0].length : 0;
}

// attachFiles stores pasted or dropped files and inserts their embeds at pos.
async function attachFiles(view: EditorView, files: File[], pos: number, onError?: (msg: string) => void) {
  for (const f of files) {
    try {
      const a = await attachFile(f.name, new Uint8Array(await f.arrayBuffer()));
      const text = a.markdown + "\n";
      view.dispatch({ changes: { from: pos, insert: text }, selection: { anchor: pos + text.length } });
      pos += text.length;
    } catch (e) {
      onError?.(parseError(e).message);
    }
  }
}

// external marks a transaction that loads text from outside, not typing.
const external = Annotation.define<boolean>();

const theme = EditorView.theme({
  "&": { height: "100%", backgroundColor: "var(--bg)", color: "var(--fg)", fontSize: "15px" },
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.6" },
  ".cm-content": { padding: "16px 24px", caretColor: "var(--accent)", maxWidth: "80ch" },
  ".cm-activeLine": { backgroundColor: "var(--active-line)" },
  "::selection": {
    backgroundColor: "var(--selection) !important",
  },
  ".cm-placeholder": { color: "var(--muted)" },
});

// markdownStyle colours Markdown through the theme's CSS variables, so it follows light and dark mode.
const markdownStyle = HighlightStyle.define([
  { tag: tags.heading1, fontWeight: "700", fontSize: "1.35em" },
  { tag: tags.heading2, fontWeight: "700", fontSize: "1.2em" },
  { tag: [tags.heading3, tags.heading4, tags.heading5, tags.heading6], fontWeight: "700" },
  { tag: tags.strong, fontWeight: "700" },
  { tag: tags.emphasis, fontStyle: "italic" },
  { tag: tags.strikethrough, textDecoration: "line-through" },
  { tag: [tags.link, tags.url], color: "var(--accent)" },
  { tag: tags.monospace, color: "var(--code)" },
  { tag: tags.quote, color: "var(--muted)", fontStyle: "italic" },
  { tag: [tags.processingInstruction, tags.contentSeparator, tags.labelName, tags.meta], color: "var(--muted)" },
]);

/**
 * CodeMirrorEditor is a CodeMirror 6 Markdown editor (components/Editor loads it). It reports typed text through
 * onChange and replaces its document only when value changes from outside
 * (another version loaded), so typing never fights the props.
 */
export function CodeMirrorEditor({ docKey, value, onChange, onBlur, onError, nav, onFocus }: EditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  // reported lists the texts reported through onChange that have not come
  // back as value yet, oldest first (at most REPORTS_KEPT). A value that is
  // one of them is the editor's own text coming back — the document already
  // holds it or newer typing — and never replaces the document: a render
  // started before the latest report would otherwise put an older text back
  // and throw the caret to the start (no O(n) compare per keystroke: the
  // session hands back the very string reported).
  const reported = useRef<string[]>([]);
  // shown is the last value the document was set from or checked against.
  const shown = useRef(value);
  const callbacks = useRef({ onChange, onBlur, onError, nav, onFocus });
  callbacks.current = { onChange, onBlur, onError, nav, onFocus };
  // kept holds the states of notes shown before (see STATES_KEPT), by docKey.
  const kept = useRef(new Map<string, { state: EditorState; scrollTop: number }>());
  // pending is the open reporting window: the onChange of the note being
  // edited when it opened, and whether the text changed since the last report.
  const pending = useRef<{ onChange(value: string): void; changed: boolean; timer: ReturnType<typeof setTimeout> } | null>(null);

  const report = (text: string, to: (value: string) => void) => {
    const r = reported.current;
    r.push(text);
    if (r.length > REPORTS_KEPT) r.shift();
    to(text);
  };
  // trail ends a reporting window: it reports the text if it changed, and then keeps a window open.
  const trail = () => {
    const p = pending.current;
    const v = view.current;
    pending.current = null;
    if (!p || !p.changed || !v) return;
    report(v.state.doc.toString(), p.onChange);
    pending.current = { onChange: p.onChange, changed: false, timer: setTimeout(trail, REPORT_MS) };
  };
  // flushPending reports pending text now.
  const flushPending = () => {
    const p = pending.current;
    if (!p) return;
    clearTimeout(p.timer);
    pending.current = null;
    if (p.changed && view.current) report(view.current.state.doc.toString(), p.onChange);
  };
  const dropPending = () => {
    if (pending.current) clearTimeout(pending.current.timer);
    pending.current = null;
  };

  const makeState = (doc: string): EditorState => {
    // The browser draws the caret and the selection (caret-color and
    // ::selection above), not CodeMirror's drawSelection: its layers are
    // measured and redrawn on every keystroke (about 4 ms of each in a
    // 10k-line note here), and the secondary selections it exists to draw
    // are off (EditorState.allowMultipleSelections).
    const extensions: Extension[] = [
      history(),
      highlightActiveLine(),
      noteMarkdown(),
      syntaxHighlighting(markdownStyle),
      autocompletion({ override: [wikiCompletion(), tagCompletion()], activateOnTyping: true }),
      closeBrackets(),
      keymap.of([...completionKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab]),
      EditorView.lineWrapping,
      placeholder("Start writing…"),
      theme,
      EditorView.contentAttributes.of({ "aria-label": "Note body", spellcheck: "true" }),
      linkNavigation(() => callbacks.current.nav ?? null),
      livePreviewSwitch({ openTitle: (target, heading) => callbacks.current.nav?.follow({ kind: "note", target, heading, from: 0, to: 0 }, "here") }),
      EditorView.updateListener.of((u) => {
        if (!u.docChanged || u.transactions.some((t) => t.annotation(external))) return;
        if (pending.current) {
          pending.current.changed = true;
          return;
        }
        const to = callbacks.current.onChange;
        report(u.state.doc.toString(), to);
        pending.current = { onChange: to, changed: false, timer: setTimeout(trail, REPORT_MS) };
      }),
      Prec.highest(
        EditorView.domEventObservers({
          keydown: (e) => {
            if (e.ctrlKey || e.metaKey || e.altKey) flushPending();
          },
        }),
      ),
      EditorView.domEventHandlers({
        blur: () => {
          flushPending();
          callbacks.current.onBlur?.();
        },
        focus: () => {
          callbacks.current.onFocus?.();
        },
        paste: (e, v) => {
          const files = Array.from(e.clipboardData?.files ?? []);
          if (files.length === 0) return false;
          e.preventDefault();
          void attachFiles(v, files, v.state.selection.main.head, callbacks.current.onError);
          return true;
        },
        drop: (e, v) => {
          const files = Array.from(e.dataTransfer?.files ?? []);
          if (files.length === 0) return false;
          e.preventDefault();
          const pos = v.posAtCoords({ x: e.clientX, y: e.clientY }) ?? v.state.selection.main.head;
          void attachFiles(v, files, pos, callbacks.current.onError);
          return true;
        },
      }),
    ];
    return EditorState.create({ doc, extensions });
  };

  // claimKeys takes the keystrokes held for this note while it opened
  // (editing/focusIntent): the focus, the caret where the opening asked for
  // it, and the text typed meanwhile, inserted as if typed here.
  const shownKey = useRef(docKey);
  const claimKeys = () => {
    const v = view.current;
    if (!v) return;
    const got = focusIntent.claim(shownKey.current);
    if (!got) return;
    if (!got.intent) {
      // Typed for this note before the keyboard moved on: kept, no focus taken.
      v.dispatch(v.state.replaceSelection(got.text), { userEvent: "input.type" });
      return;
    }
    const doc = v.state.doc.toString();
    const { heading, at, line } = got.intent;
    const h = heading ? findHeading(doc, heading) : undefined;
    const lineNo = h?.line ?? (line && line <= v.state.doc.lines ? line : 0);
    let pos: number | null = null;
    if (lineNo) pos = v.state.doc.line(lineNo).to;
    else if (at === "end") pos = doc.length;
    else if (at === "start" || v.state.selection.main.head === 0) pos = bodyStart(doc);
    if (pos !== null) {
      v.dispatch({
        selection: { anchor: pos },
        effects: EditorView.scrollIntoView(pos, { y: lineNo ? "start" : "nearest", yMargin: 24 }),
      });
    }
    v.focus();
    if (got.text) v.dispatch(v.state.replaceSelection(got.text), { userEvent: "input.type", scrollIntoView: true });
  };

  // Create the view once.
  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({ state: makeState(value), parent: host.current });
    view.current = v;
    const offIntent = focusIntent.subscribe(claimKeys);
    claimKeys();
    // Hidden or left: report what is pending before the app saves (capture: before its listeners).
    const onHide = () => document.visibilityState === "hidden" && flushPending();
    window.addEventListener("beforeunload", flushPending, true);
    window.addEventListener("pagehide", flushPending, true);
    document.addEventListener("visibilitychange", onHide, true);
    return () => {
      window.removeEventListener("beforeunload", flushPending, true);
      window.removeEventListener("pagehide", flushPending, true);
      document.removeEventListener("visibilitychange", onHide, true);
      offIntent();
      flushPending();
      v.destroy();
      view.current = null;
    };
  }, []);

  // A different note gets a fresh state and undo history.
  const lastKey = useRef(docKey);
  useEffect(() => {
    const v = view.current;
    if (!v) return;
    if (lastKey.current !== docKey) {
      flushPending(); // to the note being left, through its own onChange
      const states = kept.current;
      states.delete(lastKey.current);
      states.set(lastKey.current, { state: v.state, scrollTop: v.scrollDOM.scrollTop });
      if (states.size > STATES_KEPT) states.delete(states.keys().next().value!);
      lastKey.current = docKey;
      shownKey.current = docKey;
      // The note as it was left (undo history, caret, scroll) when its text is still the same.
      const before = states.get(docKey);
      states.delete(docKey);
      if (before && before.state.doc.length === value.length && before.state.doc.toString() === value) {
        v.setState(before.state);
        v.scrollDOM.scrollTop = before.scrollTop;
      } else {
        v.setState(makeState(value));
      }
      reported.current = [];
      shown.current = value;
      claimKeys();
      return;
    }
    if (value === shown.current) return; // the text the view was made with (the first run)
    shown.current = value;
    const r = reported.current;
    const i = r.lastIndexOf(value);
    if (i >= 0) {
      // Typed here and coming back, maybe after newer typing: nothing to load.
      r.splice(0, i);
      return;
    }
    // Loaded from outside (their version, a restore): it replaces what was typed.
    dropPending();
    reported.current = [];
    const change = replaceChange(v.state.doc.toString(), value);
    if (change) v.dispatch({ changes: change, annotations: external.of(true) });
  }, [docKey, value]);

  return <div className="editor" ref={host} />;
}
