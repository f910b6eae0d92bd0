// Whether the editor shows the Markdown as written (source mode) or with
// live preview, remembered in localStorage. The note toolbar's button, the
// command palette and every open editor share it.
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
