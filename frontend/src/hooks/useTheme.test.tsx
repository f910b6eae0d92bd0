import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { nextTheme, resetThemeForTests, THEME_EVENT, THEME_KEY, useTheme } from "./useTheme";

let dark = false;
let changed: (() => void) | null = null;

beforeEach(() => {
  localStorage.clear();
  resetThemeForTests();
  delete document.documentElement.dataset.theme;
  dark = false;
  changed = null;
  window.matchMedia = vi.fn(() => ({
    get matches() {
      return dark;
    },
    addEventListener: (_: string, fn: () => void) => (changed = fn),
    removeEventListener: () => (changed = null),
  })) as unknown as typeof window.matchMedia;
});
afterEach(() => vi.restoreAllMocks());

describe("useTheme", () => {
  it("follows the system by default, and its changes", () => {
    const { result } = renderHook(() => useTheme());
    expect(result.current.theme).toBe("system");
    expect(document.documentElement.dataset.theme).toBe("light");
    dark = true;
    act(() => changed?.());
    expect(document.documentElement.dataset.theme).toBe("dark");
  });

  it("applies and remembers a chosen theme, and tells listeners", () => {
    const seen: string[] = [];
    const on = (e: Event) => seen.push((e as CustomEvent<string>).detail);
    window.addEventListener(THEME_EVENT, on);
    const { result, unmount } = renderHook(() => useTheme());
    act(() => result.current.setTheme("dark"));
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect(localStorage.getItem(THEME_KEY)).toBe("dark");
    unmount();
    resetThemeForTests();
    delete document.documentElement.dataset.theme;
    const again = renderHook(() => useTheme());
    expect(again.result.current.theme).toBe("dark");
    expect(document.documentElement.dataset.theme).toBe("dark");
    // The system's change does not matter once a theme is chosen.
    expect(changed).toBeNull();
    window.removeEventListener(THEME_EVENT, on);
    expect(seen).toEqual(["light", "dark", "dark"]);
  });

  it("is one choice for every user of the hook", () => {
    const a = renderHook(() => useTheme());
    const b = renderHook(() => useTheme());
    act(() => b.result.current.setTheme("light"));
    expect(a.result.current.theme).toBe("light");
  });

  it("cycles system → light → dark → system", () => {
    expect([nextTheme("system"), nextTheme("light"), nextTheme("dark")]).toEqual(["light", "dark", "system"]);
    const { result } = renderHook(() => useTheme());
    act(() => result.current.cycleTheme());
    expect(result.current.theme).toBe("light");
    act(() => result.current.cycleTheme());
    expect(result.current.theme).toBe("dark");
    act(() => result.current.cycleTheme());
    expect(result.current.theme).toBe("system");
    expect(localStorage.getItem(THEME_KEY)).toBe("system");
  });
});
