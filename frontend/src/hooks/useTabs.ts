import { useCallback, useEffect, useMemo, useReducer } from "react";
import { navBack, navForget, navForward, navStart, navVisit, type Nav } from "./useNavHistory";

/** Tab is an open note in the tab strip (or the split pane), with its own back/forward history. */
export interface Tab {
  key: string;
  nav: Nav;
}

/** Pane is where a note shows: the main pane (its tabs) or the split to the right. */
export type Pane = "main" | "split";

/** Where says how to open a note: in the pane's current tab, a new tab, or the split to the right. */
export type Where = "here" | "tab" | "split";

/** TabsState is the open tabs, the active one, the split pane's note and which pane has the focus. */
export interface TabsState {
  tabs: Tab[];
  /** active is the key of the main pane's tab shown; "" when there is none. */
  active: string;
  split: Tab | null;
  focus: Pane;
}

/** TabsAction is a change to TabsState (see tabsReducer). */
export type TabsAction =
  | { type: "open"; noteId: string; where: Where; pane?: Pane }
  | { type: "activate"; key: string }
  | { type: "close"; key: string }
  | { type: "closeSplit" }
  | { type: "move"; from: number; to: number }
  | { type: "cycle"; by: number }
  | { type: "back" | "forward"; pane?: Pane }
  | { type: "forget"; noteId: string }
  | { type: "focus"; pane: Pane };

let nextKey = 0;
function newTab(noteId: string): Tab {
  return { key: `t${++nextKey}`, nav: navStart(noteId) };
}

/** emptyTabs has no tab open. */
export const emptyTabs: TabsState = { tabs: [], active: "", split: null, focus: "main" };

function withActive(s: TabsState, f: (t: Tab) => Tab): TabsState {
  return { ...s, tabs: s.tabs.map((t) => (t.key === s.active ? f(t) : t)) };
}

/** tabsReducer applies one change; it returns s itself when nothing changes. */
export function tabsReducer(s: TabsState, a: TabsAction): TabsState {
  switch (a.type) {
    case "open": {
      const pane = a.pane ?? s.focus;
      if (a.where === "split" || (a.where === "here" && pane === "split" && s.split)) {
        if (s.split) {
          if (s.split.nav.noteId === a.noteId && s.focus === "split") return s;
          return { ...s, split: { ...s.split, nav: navVisit(s.split.nav, a.noteId) }, focus: "split" };
        }
        return { ...s, split: newTab(a.noteId), focus: "split" };
      }
      const focus: Pane = "main";
      if (a.where === "tab") {
        const open = s.tabs.find((t) => t.nav.noteId === a.noteId);
        if (open) return { ...s, active: open.key, focus };
        const t = newTab(a.noteId);
        const at = s.tabs.findIndex((x) => x.key === s.active) + 1;
        const tabs = [...s.tabs.slice(0, at), t, ...s.tabs.slice(at)];
        return { ...s, tabs, active: t.key, focus };
      }
      const cur = s.tabs.find((t) => t.key === s.active);
      if (!cur) {
        const t = newTab(a.noteId);
        return { ...s, tabs: [...s.tabs, t], active: t.key, focus };
      }
      if (cur.nav.noteId === a.noteId && s.focus === focus) return s;
      return { ...withActive(s, (t) => ({ ...t, nav: navVisit(t.nav, a.noteId) })), focus };
    }
    case "activate":
      if (s.active === a.key && s.focus === "main") return s;
      if (!s.tabs.some((t) => t.key === a.key)) return s;
      return { ...s, active: a.key, focus: "main" };
    case "close": {
      const i = s.tabs.findIndex((t) => t.key === a.key);
      if (i < 0) return s;
      const tabs = s.tabs.filter((t) => t.key !== a.key);
      // Closing the tab shown shows its right neighbour (the left one for the last tab).
      const active = s.active !== a.key ? s.active : (tabs[Math.min(i, tabs.length - 1)]?.key ?? "");
      return { ...s, tabs, active };
    }
    case "closeSplit":
      return s.split ? { ...s, split: null, focus: "main" } : s;
    case "move": {
      const { from, to } = a;
      if (from === to || from < 0 || from >= s.tabs.length || to < 0 || to >= s.tabs.length) return s;
      const tabs = [...s.tabs];
      const [t] = tabs.splice(from, 1);
      tabs.splice(to, 0, t);
      return { ...s, tabs };
    }
    case "cycle": {
      const n = s.tabs.length;
      if (n < 2) return s;
      const i = s.tabs.findIndex((t) => t.key === s.active);
      return { ...s, active: s.tabs[(((i + a.by) % n) + n) % n].key, focus: "main" };
    }
    case "back":
    case "forward": {
      const move = a.type === "back" ? navBack : navForward;
      const pane = a.pane ?? s.focus;
      if (pane === "split" && s.split) {
        const nav = move(s.split.nav);
        return nav === s.split.nav ? s : { ...s, split: { ...s.split, nav } };
      }
      const cur = s.tabs.find((t) => t.key === s.active);
      if (!cur) return s;
      const nav = move(cur.nav);
      return nav === cur.nav ? s : withActive(s, (t) => ({ ...t, nav }));
    }
    case "forget": {
      // A note that is gone: its tabs close, and the histories drop it.
      const shown = s.tabs.filter((t) => t.nav.noteId === a.noteId).map((t) => t.key);
      let out: TabsState = s;
      for (const key of shown) out = tabsReducer(out, { type: "close", key });
      const tabs = out.tabs.map((t) => {
        const nav = navForget(t.nav, a.noteId);
        return nav === t.nav ? t : { ...t, nav };
      });
      const changed = tabs.some((t, i) => t !== out.tabs[i]);
      if (changed) out = { ...out, tabs };
      if (out.split) {
        if (out.split.nav.noteId === a.noteId) out = { ...out, split: null, focus: "main" };
        else {
          const nav = navForget(out.split.nav, a.noteId);
          if (nav !== out.split.nav) out = { ...out, split: { ...out.split, nav } };
        }
      }
      return out;
    }
    case "focus":
      if (s.focus === a.pane || (a.pane === "split" && !s.split)) return s;
      return { ...s, focus: a.pane };
  }
}

/** Saved is what is kept across restarts: the open notes, the one shown, the split's note. */
interface Saved {
  tabs: string[];
  active: number;
  split: string | null;
}

/** TABS_KEY is the localStorage key the open tabs are kept under. */
export const TABS_KEY = "secondbrain.tabs";

/** restoreTabs reads the tabs saved by the last run (an empty state when none or unreadable). */
export function restoreTabs(storage: Pick<Storage, "getItem"> | null = safeStorage()): TabsState {
  try {
    const raw = storage?.getItem(TABS_KEY);
    if (!raw) return emptyTabs;
    const saved = JSON.parse(raw) as Partial<Saved>;
    const ids = Array.isArray(saved.tabs) ? saved.tabs.filter((x): x is string => typeof x === "string" && x !== "") : [];
    const tabs = ids.map(newTab);
    const active = tabs[Math.max(0, Math.min(tabs.length - 1, Number(saved.active) || 0))]?.key ?? "";
    const split = typeof saved.split === "string" && saved.split ? newTab(saved.split) : null;
    return { tabs, active, split, focus: "main" };
  } catch {
    return emptyTabs;
  }
}

/** saveTabs keeps the open tabs for the next start. */
export function saveTabs(s: TabsState, storage: Pick<Storage, "setItem"> | null = safeStorage()): void {
  const saved: Saved = {
    tabs: s.tabs.map((t) => t.nav.noteId),
    active: Math.max(0, s.tabs.findIndex((t) => t.key === s.active)),
    split: s.split?.nav.noteId ?? null,
  };
  try {
    storage?.setItem(TABS_KEY, JSON.stringify(saved));
  } catch {
    // Storage full or refused: the tabs are simply not restored.
  }
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

/** Tabs is what useTabs gives the app. */
export interface Tabs {
  state: TabsState;
  /** mainId and splitId are the notes the two panes show ("" and null: none). */
  mainId: string;
  splitId: string | null;
  /** focusedId is the note of the pane that has the focus. */
  focusedId: string;
  open(noteId: string, where?: Where, pane?: Pane): void;
  activate(key: string): void;
  close(key: string): void;
  closeSplit(): void;
  move(from: number, to: number): void;
  cycle(by: number): void;
  back(pane?: Pane): void;
  forward(pane?: Pane): void;
  forget(noteId: string): void;
  focus(pane: Pane): void;
}

/** useTabs holds the open tabs and the split pane, restored from and saved to localStorage. */
export function useTabs(storage?: Storage | null): Tabs {
  const [state, dispatch] = useReducer(tabsReducer, storage, (st) => restoreTabs(st === undefined ? safeStorage() : st));
  useEffect(() => saveTabs(state, storage === undefined ? safeStorage() : storage), [state, storage]);
  const open = useCallback((noteId: string, where: Where = "here", pane?: Pane) => dispatch({ type: "open", noteId, where, pane }), []);
  const activate = useCallback((key: string) => dispatch({ type: "activate", key }), []);
  const close = useCallback((key: string) => dispatch({ type: "close", key }), []);
  const closeSplit = useCallback(() => dispatch({ type: "closeSplit" }), []);
  const move = useCallback((from: number, to: number) => dispatch({ type: "move", from, to }), []);
  const cycle = useCallback((by: number) => dispatch({ type: "cycle", by }), []);
  const back = useCallback((pane?: Pane) => dispatch({ type: "back", pane }), []);
  const forward = useCallback((pane?: Pane) => dispatch({ type: "forward", pane }), []);
  const forget = useCallback((noteId: string) => dispatch({ type: "forget", noteId }), []);
  const focus = useCallback((pane: Pane) => dispatch({ type: "focus", pane }), []);
  const mainId = state.tabs.find((t) => t.key === state.active)?.nav.noteId ?? "";
  const splitId = state.split?.nav.noteId ?? null;
  const focusedId = state.focus === "split" && splitId ? splitId : mainId;
  return useMemo(
    () => ({ state, mainId, splitId, focusedId, open, activate, close, closeSplit, move, cycle, back, forward, forget, focus }),
    [state, mainId, splitId, focusedId, open, activate, close, closeSplit, move, cycle, back, forward, forget, focus],
  );
}
