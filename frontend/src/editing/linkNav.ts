import { type Extension, Prec, type Range, StateEffect } from "@codemirror/state";
import { Decoration, type DecorationSet, EditorView, keymap, ViewPlugin, type ViewUpdate } from "@codemirror/view";
import { setFollower, type OpenHow } from "./caretLink";
import { linkAt, noteLinks, type LinkTarget } from "./links";
import type { LinkResolver } from "./linkResolver";

export type { OpenHow };

/** LinkNav is what the editor's links need from the app. */
export interface LinkNav {
  /** follow opens a link's note (or heading), URL or tag. */
  follow(link: LinkTarget, how: OpenHow): void;
  /** resolver says which link targets name a note (unresolved ones are marked). */
  resolver?: LinkResolver;
}

const refresh = StateEffect.define<null>();
const resolvedMark = Decoration.mark({ class: "cm-note-link" });
const unresolvedMark = Decoration.mark({ class: "cm-note-link cm-unresolved", attributes: { title: "No such note yet: Ctrl/Cmd+click to create it" } });

// register makes view the editor the palette's "follow link under cursor" uses (editing/caretLink).
function register(view: EditorView, nav: () => LinkNav | null) {
  setFollower((how) => {
    const n = nav();
    if (!n || !view.dom.isConnected) return false;
    return followAt(view, view.state.selection.main.head, how, n);
  });
}

function followAt(view: EditorView, pos: number, how: OpenHow, nav: LinkNav): boolean {
  const line = view.state.doc.lineAt(pos);
  const link = linkAt(line.text, pos - line.from, line.from);
  if (!link) return false;
  nav.follow(link, how);
  return true;
}

function howFrom(e: { shiftKey: boolean; altKey: boolean }): OpenHow {
  return e.shiftKey ? "split" : e.altKey ? "tab" : "here";
}

/**
 * linkNavigation makes links work in the editor: Ctrl/Cmd+click follows the
 * link, URL or tag under the pointer (with Shift: in the split; with Alt: in a
 * new tab); Alt+Enter follows the one under the caret (Alt+Shift+Enter: in the
 * split). Note links whose target names no note are marked cm-unresolved.
 * nav() is read at each use, so the handlers can change without a new state.
 */
export function linkNavigation(nav: () => LinkNav | null): Extension {
  const marks = ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      private off: () => void;
      constructor(readonly view: EditorView) {
        this.decorations = this.build();
        const r = nav()?.resolver;
        // Answers arrive after the text is drawn: redraw the marks then (not inside an update).
        this.off = r ? r.subscribe(() => queueMicrotask(() => this.view.dom.isConnected && this.view.dispatch({ effects: refresh.of(null) }))) : () => {};
      }
      update(u: ViewUpdate) {
        if (u.viewportChanged || u.transactions.some((t) => t.effects.some((e) => e.is(refresh)))) {
          this.decorations = this.build();
          return;
        }
        if (!u.docChanged) return;
        // Typing: the marks move with the text, and only the lines changed are looked at again.
        let deco = this.decorations.map(u.changes);
        const doc = u.state.doc;
        u.changes.iterChangedRanges((_fromA, _toA, fromB, toB) => {
          const from = doc.lineAt(fromB).from;
          const to = doc.lineAt(toB).to;
          deco = deco.update({ filter: (f, t) => t < from || f > to, filterFrom: from, filterTo: to, add: this.scan(from, to), sort: true });
        });
        this.decorations = deco;
      }
      destroy() {
        this.off();
      }
      build(): DecorationSet {
        const out: Range<Decoration>[] = [];
        for (const { from, to } of this.view.visibleRanges) out.push(...this.scan(from, to));
        return Decoration.set(out, true);
      }
      // scan marks the note links in [from, to) and asks the resolver about targets it does not know yet.
      scan(from: number, to: number): Range<Decoration>[] {
        const r = nav()?.resolver;
        const out: Range<Decoration>[] = [];
        const unknown: string[] = [];
        for (const l of noteLinks(this.view.state.doc.sliceString(from, to), from)) {
          const id = r?.get(l.target);
          if (id === undefined) unknown.push(l.target);
          out.push((id === null ? unresolvedMark : resolvedMark).range(l.from, l.to));
        }
        if (unknown.length && r) r.request(unknown);
        return out;
      }
    },
    { decorations: (p) => p.decorations },
  );
  return [
    marks,
    EditorView.domEventHandlers({
      mousedown: (e, view) => {
        if (e.button !== 0 || !(e.ctrlKey || e.metaKey)) return false;
        const n = nav();
        const pos = view.posAtCoords({ x: e.clientX, y: e.clientY });
        if (!n || pos === null) return false;
        if (!followAt(view, pos, howFrom(e), n)) return false;
        e.preventDefault();
        return true;
      },
      focus: (_e, view) => {
        register(view, nav);
        return false;
      },
    }),
    Prec.high(
      keymap.of([
        { key: "Alt-Enter", run: (v) => !!nav() && followAt(v, v.state.selection.main.head, "here", nav()!) },
        { key: "Alt-Shift-Enter", run: (v) => !!nav() && followAt(v, v.state.selection.main.head, "split", nav()!) },
        // Alt+←/→ are the app's back and forward (hooks/useNavHistory), not a caret move in the note being left.
        { key: "Alt-ArrowLeft", run: () => !!nav() },
        { key: "Alt-ArrowRight", run: () => !!nav() },
      ]),
    ),
    EditorView.theme({
      ".cm-note-link": { textDecoration: "underline", textDecorationColor: "color-mix(in srgb, var(--accent) 40%, transparent)" },
      ".cm-unresolved": { opacity: "0.65", textDecorationStyle: "dashed" },
    }),
  ];
}
