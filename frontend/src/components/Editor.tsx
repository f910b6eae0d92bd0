import { lazy, Suspense } from "react";
import type { LinkNav } from "../editing/linkNav";

/**
 * REPORT_MS is how often, at most, typing is reported through onChange: the
 * first edit at once (the note turns unsaved), then the text as it is at most
 * every REPORT_MS — turning a long note into a string on every keystroke is
 * what made typing in it lag. Pending text is reported at once when the
 * editor loses focus, on a key with Ctrl/Cmd/Alt (the app's shortcuts: save,
 * switch note…), when the page is hidden or left, and before another note loads.
 */
export const REPORT_MS = 150;

/** EditorProps: value is the text to show; onChange gets the edited text (see REPORT_MS). */
export interface EditorProps {
  /** docKey names the document; a new key starts a fresh undo history. */
  docKey: string;
  value: string;
  onChange(value: string): void;
  onBlur?(): void;
  /** onError reports a file that could not be attached. */
  onError?(message: string): void;
  /** nav follows links (Ctrl/Cmd+click, Alt+Enter) and says which targets resolve. */
  nav?: LinkNav;
  /** onFocus tells the pane holding the editor that it has the focus. */
  onFocus?(): void;
}

// loadEditor fetches CodeMirror, which is most of the app's script: the
// window shows the note list without it.
const loadEditor = () => import("../editing/CodeMirrorEditor");
const CodeMirrorEditor = lazy(() => loadEditor().then((m) => ({ default: m.CodeMirrorEditor })));

/**
 * preloadEditor loads CodeMirror ahead of the first note opened; the app
 * calls it once the note list is shown, so loading it does not hold the list up.
 */
export function preloadEditor(): void {
  void loadEditor();
}

/**
 * Editor is the Markdown editor (CodeMirror 6, see editing/CodeMirrorEditor).
 * It reports typed text through onChange and replaces its document only when
 * value changes from outside (another version loaded), so typing never
 * fights the props.
 */
export function Editor(props: EditorProps) {
  return (
    <Suspense fallback={<div className="editor" aria-busy="true" />}>
      <CodeMirrorEditor {...props} />
    </Suspense>
  );
}
