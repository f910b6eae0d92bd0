import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AUTOSAVE_DELAY_MS } from "../editing/AutosaveSession";
import { FakeNotes } from "../test/FakeNotes";
import { useAutosave } from "./useAutosave";

let store: FakeNotes;

beforeEach(() => {
  vi.useFakeTimers();
  store = new FakeNotes();
  store.add("a", "alpha", "A");
  store.add("b", "beta", "B");
});

afterEach(() => {
  vi.useRealTimers();
});

async function settle() {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(0);
  });
}

describe("useAutosave", () => {
  it("keeps the sessions of the notes keep names (open tabs) when left, and prunes the rest", async () => {
    const kept = new Set(["a"]);
    const getNote = vi.spyOn(store, "getNote");
    const { result } = renderHook(() => useAutosave(store, (id) => kept.has(id)));
    await act(() => result.current.open("a"));
    const first = result.current.session;
    await act(() => result.current.open("b"));
    await settle();
    await act(() => result.current.open("a"));
    expect(result.current.session).toBe(first);
    expect(getNote).toHaveBeenCalledTimes(2);
    kept.clear();
    await act(() => result.current.open("b"));
    act(() => result.current.prune());
    await settle();
    await act(() => result.current.open("a"));
    expect(result.current.session).not.toBe(first);
    expect(getNote).toHaveBeenCalledTimes(4);
  });

  it("opens a note and autosaves it after the debounce", async () => {
    const { result } = renderHook(() => useAutosave(store));
    await act(() => result.current.open("a"));
    expect(result.current.state).toMatchObject({ id: "a", body: "alpha", version: 1 });
    act(() => result.current.session?.edit("alpha!"));
    expect(result.current.state?.status).toBe("dirty");
    await act(async () => {
      await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    });
    expect(result.current.state).toMatchObject({ status: "saved", version: 2 });
    expect(store.notes.get("a")?.body).toBe("alpha!");
  });

  it("saves the note being left, under its own id and version, when switching", async () => {
    const { result } = renderHook(() => useAutosave(store));
    await act(() => result.current.open("a"));
    act(() => result.current.session?.edit("typed in A"));
    // Switch before the debounce fires.
    await act(() => result.current.open("b"));
    await settle();
    expect(result.current.state?.id).toBe("b");
    expect(store.saves).toEqual([{ id: "a", expectedVersion: 1, body: "typed in A" }]);
    expect(store.notes.get("a")?.body).toBe("typed in A");

    act(() => result.current.session?.edit("typed in B"));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    });
    expect(store.saves.at(-1)).toEqual({ id: "b", expectedVersion: 1, body: "typed in B" });
    expect(store.notes.get("a")?.body).toBe("typed in A");
  });

  it("keeps a left note whose save conflicted, with its text, until it is reopened", async () => {
    const { result } = renderHook(() => useAutosave(store));
    await act(() => result.current.open("a"));
    act(() => result.current.session?.edit("mine"));
    store.changeElsewhere("a", "theirs");
    await act(() => result.current.open("b"));
    await settle();
    expect(result.current.unsaved.map((s) => [s.id, s.status, s.body])).toEqual([["a", "conflict", "mine"]]);

    await act(() => result.current.open("a"));
    expect(result.current.state).toMatchObject({ id: "a", status: "conflict", body: "mine" });
    expect(result.current.unsaved).toEqual([]);
  });

  it("saves now on demand", async () => {
    const { result } = renderHook(() => useAutosave(store));
    await act(() => result.current.open("a"));
    act(() => result.current.session?.edit("now"));
    await act(() => result.current.saveNow());
    expect(store.notes.get("a")?.body).toBe("now");
    expect(result.current.state?.status).toBe("saved");
  });

  it("reports a note that cannot be opened", async () => {
    const { result } = renderHook(() => useAutosave(store));
    await act(() => result.current.open("missing"));
    expect(result.current.state).toBeNull();
    expect(result.current.loadError?.code).toBe("not_found");
  });

  it("closes the open note when it is deleted elsewhere", async () => {
    const { result } = renderHook(() => useAutosave(store));
    await act(() => result.current.open("a"));
    act(() => result.current.noteChanged({ id: "a", deleted: true }));
    expect(result.current.state).toBeNull();
  });
});
