import { frontMatterBody, mergeFrontMatter } from "./frontmatter";

/**
 * insertTemplate puts a rendered template into the note being edited: its
 * body at the caret (replacing the selection), and the properties of its
 * front matter that the note lacks into the note's front matter, each kept
 * as the template writes it. It returns the changes to make, in the
 * document's coordinates, and where the caret goes after them.
 */
export function insertTemplate(doc: string, selFrom: number, selTo: number, rendered: string): { changes: { from: number; to: number; insert: string }[]; caret: number } {
  const merged = mergeFrontMatter(doc, rendered);
  const body = frontMatterBody(rendered);
  const changes: { from: number; to: number; insert: string }[] = [];
  let shift = 0;
  if (merged !== doc) {
    // mergeFrontMatter only inserts: find the one inserted run.
    let head = 0;
    while (head < doc.length && doc[head] === merged[head]) head++;
    const inserted = merged.slice(head, head + merged.length - doc.length);
    if (head <= selFrom) {
      changes.push({ from: head, to: head, insert: inserted });
      shift = inserted.length;
    } else {
      // The caret is inside the front matter: the body goes in as written, and the properties are left out.
      return { changes: [{ from: selFrom, to: selTo, insert: body }], caret: selFrom + body.length };
    }
  }
  changes.push({ from: selFrom, to: selTo, insert: body });
  return { changes, caret: selFrom + shift + body.length };
}

// lastEditor is the editor (its .cm-editor element) that last had the focus.
let lastEditor: Element | null = null;
if (typeof document !== "undefined") {
  document.addEventListener(
    "focusin",
    (e) => {
      const el = e.target instanceof Element ? e.target.closest(".cm-editor") : null;
      if (el) lastEditor = el;
    },
    true,
  );
}

/**
 * insertIntoEditor inserts a rendered template into the editor that last
 * had the focus (see insertTemplate), as typing would — it is saved as the
 * note's text is — and gives the editor the focus back. False when no
 * editor is on screen.
 */
export async function insertIntoEditor(rendered: string): Promise<boolean> {
  const el = lastEditor?.isConnected ? lastEditor : document.querySelector(".note-pane .cm-editor");
  if (!el) return false;
  // CodeMirror loads with the first note: import it here, not with the app.
  const { EditorView } = await import("@codemirror/view");
  const view = EditorView.findFromDOM(el as HTMLElement);
  if (!view) return false;
  const sel = view.state.selection.main;
  const { changes, caret } = insertTemplate(view.state.doc.toString(), sel.from, sel.to, rendered);
  view.dispatch({ changes, selection: { anchor: caret }, scrollIntoView: true, userEvent: "input.paste" });
  view.focus();
  return true;
}
