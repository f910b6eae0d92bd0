import { act, renderHook } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { emptyTabs, restoreTabs, saveTabs, tabsReducer, TABS_KEY, useTabs, type TabsAction, type TabsState } from "./useTabs";

const apply = (s: TabsState, ...as: TabsAction[]) => as.reduce(tabsReducer, s);
const ids = (s: TabsState) => s.tabs.map((t) => t.nav.noteId);
const activeId = (s: TabsState) => s.tabs.find((t) => t.key === s.active)?.nav.noteId;

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v)),
  };
}

describe("tabsReducer", () => {
  it("opens here, in a new tab beside the active one, or switches to the tab already showing the note", () => {
    let s = apply(emptyTabs, { type: "open", noteId: "a", where: "here" });
    expect(ids(s)).toEqual(["a"]);
    s = apply(s, { type: "open", noteId: "b", where: "here" });
    expect(ids(s)).toEqual(["b"]);
    expect(s.tabs[0].nav.back).toEqual(["a"]);
    s = apply(s, { type: "open", noteId: "c", where: "tab" }, { type: "activate", key: s.tabs[0].key }, { type: "open", noteId: "d", where: "tab" });
    expect(ids(s)).toEqual(["b", "d", "c"]);
    expect(activeId(s)).toBe("d");
    s = apply(s, { type: "open", noteId: "c", where: "tab" });
    expect(ids(s)).toEqual(["b", "d", "c"]);
    expect(activeId(s)).toBe("c");
  });

  it("cycles, reorders and closes tabs; closing the active one shows its neighbour", () => {
    let s = apply(emptyTabs, ...["a", "b", "c"].map((noteId): TabsAction => ({ type: "open", noteId, where: "tab" })));
    expect(activeId(s)).toBe("c");
    s = apply(s, { type: "cycle", by: 1 });
    expect(activeId(s)).toBe("a");
    s = apply(s, { type: "cycle", by: -1 });
    expect(activeId(s)).toBe("c");
    s = apply(s, { type: "move", from: 2, to: 0 });
    expect(ids(s)).toEqual(["c", "a", "b"]);
    expect(activeId(s)).toBe("c");
    s = apply(s, { type: "close", key: s.active });
    expect(ids(s)).toEqual(["a", "b"]);
    expect(activeId(s)).toBe("a");
    s = apply(s, { type: "close", key: s.tabs[1].key }, { type: "close", key: s.tabs[0].key });
    expect(s.tabs).toEqual([]);
    expect(s.active).toBe("");
  });

  it("goes back and forward in the focused pane; the split has its own history", () => {
    let s = apply(emptyTabs, { type: "open", noteId: "a", where: "here" }, { type: "open", noteId: "b", where: "here" });
    s = apply(s, { type: "open", noteId: "x", where: "split" }, { type: "open", noteId: "y", where: "here" });
    expect(s.split?.nav).toEqual({ noteId: "y", back: ["x"], fwd: [] });
    expect(activeId(s)).toBe("b");
    s = apply(s, { type: "back" });
    expect(s.split?.nav.noteId).toBe("x");
    s = apply(s, { type: "back", pane: "main" });
    expect(activeId(s)).toBe("a");
    s = apply(s, { type: "forward", pane: "main" });
    expect(activeId(s)).toBe("b");
    s = apply(s, { type: "closeSplit" });
    expect(s.split).toBeNull();
    expect(s.focus).toBe("main");
  });

  it("forgets a note that went away: its tabs close and histories drop it", () => {
    let s = apply(emptyTabs, { type: "open", noteId: "a", where: "here" }, { type: "open", noteId: "b", where: "here" }, { type: "open", noteId: "gone", where: "tab" });
    s = apply(s, { type: "open", noteId: "gone", where: "split" });
    s = apply(s, { type: "forget", noteId: "a" }, { type: "forget", noteId: "gone" });
    expect(ids(s)).toEqual(["b"]);
    expect(s.tabs[0].nav.back).toEqual([]);
    expect(s.split).toBeNull();
  });
});

describe("tabs across restarts", () => {
  it("saves the open notes, the active one and the split, and restores them", () => {
    const st = memoryStorage();
    const s = apply(emptyTabs, { type: "open", noteId: "a", where: "tab" }, { type: "open", noteId: "b", where: "tab" }, { type: "open", noteId: "c", where: "tab" }, { type: "cycle", by: -1 }, { type: "open", noteId: "z", where: "split" });
    saveTabs(s, st);
    const r = restoreTabs(st);
    expect(ids(r)).toEqual(["a", "b", "c"]);
    expect(activeId(r)).toBe("b");
    expect(r.split?.nav.noteId).toBe("z");
  });

  it("starts empty from nothing or from garbage", () => {
    const st = memoryStorage();
    expect(restoreTabs(st)).toEqual(emptyTabs);
    st.setItem(TABS_KEY, "{not json");
    expect(restoreTabs(st)).toEqual(emptyTabs);
    st.setItem(TABS_KEY, JSON.stringify({ tabs: [1, "", "a"], active: 99 }));
    expect(ids(restoreTabs(st))).toEqual(["a"]);
  });

  it("useTabs keeps the state in storage as it changes", () => {
    const st = memoryStorage();
    const { result } = renderHook(() => useTabs(st));
    act(() => result.current.open("n1", "tab"));
    act(() => result.current.open("n2", "tab"));
    expect(result.current.mainId).toBe("n2");
    expect(JSON.parse(st.getItem(TABS_KEY) ?? "")).toEqual({ tabs: ["n1", "n2"], active: 1, split: null });
    const again = renderHook(() => useTabs(st));
    expect(again.result.current.mainId).toBe("n2");
  });
});
