// Package caretLink lets the command palette follow the link under the
// caret of the editor last focused, without the app's first script loading
// CodeMirror (editing/linkNav registers the editor when it takes the focus).

/** OpenHow says where a followed link opens: here, in a new tab or in the split. */
export type OpenHow = "here" | "tab" | "split";

let follower: ((how: OpenHow) => boolean) | null = null;

/** setFollower registers how to follow the link under the focused editor's caret. */
export function setFollower(fn: ((how: OpenHow) => boolean) | null): void {
  follower = fn;
}

/** followAtCaret follows the link under the caret of the editor last focused; false when there is none. */
export function followAtCaret(how: OpenHow = "here"): boolean {
  return follower?.(how) ?? false;
}
