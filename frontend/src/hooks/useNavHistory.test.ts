import { renderHook } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { NAV_LIMIT, navBack, navForget, navForward, navStart, navVisit, useNavHistory } from "./useNavHistory";

describe("nav history", () => {
  it("goes back and forward like a browser, and a visit drops the forward list", () => {
    let n = navVisit(navVisit(navStart("a"), "b"), "c");
    expect(n).toEqual({ noteId: "c", back: ["a", "b"], fwd: [] });
    n = navBack(n);
    expect(n).toEqual({ noteId: "b", back: ["a"], fwd: ["c"] });
    n = navBack(n);
    expect(n.noteId).toBe("a");
    expect(navBack(n)).toBe(n);
    n = navForward(n);
    expect(n).toEqual({ noteId: "b", back: ["a"], fwd: ["c"] });
    n = navVisit(n, "d");
    expect(n).toEqual({ noteId: "d", back: ["a", "b"], fwd: [] });
    expect(navForward(n)).toBe(n);
    expect(navVisit(n, "d")).toBe(n);
  });

  it("keeps at most NAV_LIMIT notes back", () => {
    let n = navStart("0");
    for (let i = 1; i <= NAV_LIMIT + 10; i++) n = navVisit(n, String(i));
    expect(n.back).toHaveLength(NAV_LIMIT);
    expect(n.back[0]).toBe("10");
  });

  it("forgets a note that is gone without leaving the same note twice in a row", () => {
    const n = { noteId: "d", back: ["a", "x", "a", "b"], fwd: ["x", "e"] };
    expect(navForget(n, "x")).toEqual({ noteId: "d", back: ["a", "b"], fwd: ["e"] });
    expect(navForget(n, "zzz")).toBe(n);
  });
});

describe("useNavHistory", () => {
  it("binds Alt+arrows and the mouse's back and forward buttons, and keeps the page from navigating", () => {
    const back = vi.fn();
    const fwd = vi.fn();
    const { unmount } = renderHook(() => useNavHistory(back, fwd));
    const left = new KeyboardEvent("keydown", { key: "ArrowLeft", altKey: true, cancelable: true });
    window.dispatchEvent(left);
    expect(back).toHaveBeenCalledTimes(1);
    expect(left.defaultPrevented).toBe(true);
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", altKey: true }));
    expect(fwd).toHaveBeenCalledTimes(1);
    // Without Alt the arrows are the editor's.
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowLeft" }));
    expect(back).toHaveBeenCalledTimes(1);
    const down = new MouseEvent("mousedown", { button: 3, cancelable: true });
    window.dispatchEvent(down);
    expect(down.defaultPrevented).toBe(true);
    window.dispatchEvent(new MouseEvent("mouseup", { button: 3 }));
    expect(back).toHaveBeenCalledTimes(2);
    window.dispatchEvent(new MouseEvent("mouseup", { button: 4 }));
    expect(fwd).toHaveBeenCalledTimes(2);
    window.dispatchEvent(new MouseEvent("mouseup", { button: 0 }));
    expect(back).toHaveBeenCalledTimes(2);
    unmount();
    window.dispatchEvent(new MouseEvent("mouseup", { button: 3 }));
    expect(back).toHaveBeenCalledTimes(2);
  });
});
