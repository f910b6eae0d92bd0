import { act, renderHook } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { NARROW, narrowFor, PANELS_KEY, usePanels } from "./usePanels";

function resize(width: number) {
  act(() => {
    Object.defineProperty(window, "innerWidth", { configurable: true, value: width });
    window.dispatchEvent(new Event("resize"));
  });
}

beforeEach(() => {
  localStorage.clear();
  Object.defineProperty(window, "innerWidth", { configurable: true, value: 1280 });
});

describe("usePanels", () => {
  it("opens both panels in a wide window and remembers what is toggled", () => {
    const { result, unmount } = renderHook(() => usePanels());
    expect(result.current.open).toEqual({ left: true, right: true });
    act(() => result.current.toggle("left"));
    expect(result.current.open).toEqual({ left: false, right: true });
    expect(JSON.parse(localStorage.getItem(PANELS_KEY) ?? "")).toEqual({ left: false, right: true });
    unmount();
    expect(renderHook(() => usePanels()).result.current.open).toEqual({ left: false, right: true });
  });

  it("collapses under the breakpoints and brings the choice back when the window widens", () => {
    expect(narrowFor(NARROW.right - 1)).toEqual({ left: false, right: true });
    expect(narrowFor(NARROW.left - 1)).toEqual({ left: true, right: true });
    const { result } = renderHook(() => usePanels());
    resize(NARROW.right - 1);
    expect(result.current.open).toEqual({ left: true, right: false });
    resize(NARROW.left - 1);
    expect(result.current.open).toEqual({ left: false, right: false });
    // Opened by hand in a narrow window: not remembered for wide ones.
    act(() => result.current.reveal("left"));
    expect(result.current.open.left).toBe(true);
    expect(localStorage.getItem(PANELS_KEY)).toBeNull();
    resize(1280);
    expect(result.current.open).toEqual({ left: true, right: true });
  });

  it("starts collapsed in a narrow window", () => {
    Object.defineProperty(window, "innerWidth", { configurable: true, value: NARROW.left - 10 });
    expect(renderHook(() => usePanels()).result.current.open).toEqual({ left: false, right: false });
  });
});
