// Whether the editor shows the Markdown as written (source mode) or with
// live preview, remembered in localStorage. The note toolbar's button, the
// command palette and every open editor share it. It also carries the
// palette's "toggle task" to the editor last focused. (No CodeMirror here:
// the app's first script imports this module.)
import { useSyncExternalStore } from "react";

/** SOURCE_MODE_KEY is where the choice is kept in localStorage ("1": source mode). */
export const SOURCE_MODE_KEY = "secondbrain.sourceMode";

const listeners = new Set<() => void>();
let current: boolean | null = null;

function stored(): boolean {
  try {
    return localStorage.getItem(SOURCE_MODE_KEY) === "1";
  } catch {
    return false;
  }
}

/** isSourceMode reports whether the editor shows plain source (false: live preview, the default). */
export function isSourceMode(): boolean {
  if (current === null) current = stored();
  return current;
}

/** setSourceMode switches every editor to source mode (true) or live preview (false) and remembers it. */
export function setSourceMode(on: boolean): void {
  if (isSourceMode() === on) return;
  current = on;
  try {
    localStorage.setItem(SOURCE_MODE_KEY, on ? "1" : "0");
  } catch {
    // private mode: remembered for this window only
  }
  for (const fn of [...listeners]) fn();
}

/** toggleSourceMode switches between source mode and live preview. */
export function toggleSourceMode(): void {
  setSourceMode(!isSourceMode());
}

/** subscribeSourceMode calls fn after each switch; it returns the unsubscribe. */
export function subscribeSourceMode(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** useSourceMode is isSourceMode for React components, re-rendered on each switch. */
export function useSourceMode(): boolean {
  return useSyncExternalStore(subscribeSourceMode, isSourceMode);
}

let taskToggle: (() => boolean) | null = null;

/** setTaskToggle is called by the editor that takes the focus: fn toggles the task on its caret's line. */
export function setTaskToggle(fn: () => boolean): void {
  taskToggle = fn;
}

/** toggleTaskAtCaret ticks or clears the task on the caret's line in the editor last focused; false when there is none. */
export function toggleTaskAtCaret(): boolean {
  return taskToggle?.() ?? false;
}
