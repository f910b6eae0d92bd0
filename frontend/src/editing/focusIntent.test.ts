import { afterEach, describe, expect, it, vi } from "vitest";
import * as focusIntent from "./focusIntent";

function typeInto(el: Element, text: string) {
  const ta = el as HTMLTextAreaElement;
  ta.value += text;
}

describe("focusIntent", () => {
  afterEach(() => focusIntent.release());

  it("holds the keystrokes typed while a note opens and hands them to that note's editor only", () => {
    const seen = vi.fn();
    const off = focusIntent.subscribe(seen);
    focusIntent.hold();
    const buffer = document.activeElement!;
    expect(buffer.tagName).toBe("TEXTAREA");
    expect(focusIntent.holding()).toBe(true);
    typeInto(buffer, "hel");
    focusIntent.expect({ id: "n1", at: "end" });
    expect(seen).toHaveBeenCalledTimes(1);
    typeInto(buffer, "lo");
    expect(focusIntent.claim("other")).toBeNull();
    expect(focusIntent.claim("n1")).toEqual({ intent: { id: "n1", at: "end" }, text: "hello" });
    expect(focusIntent.claim("n1")).toBeNull();
    off();
  });

  it("keeps what was typed for a note when a newer switch takes the keyboard before it shows", () => {
    focusIntent.expect({ id: "one" }); // Ctrl+Tab to one
    const buffer = document.activeElement!;
    typeInto(buffer, " in one");
    focusIntent.expect({ id: "three" }); // Ctrl+Shift+Tab back, before one's editor showed
    typeInto(buffer, " three again");
    // one's editor shows (on its way): it gets its text, without the keyboard.
    expect(focusIntent.claim("one")).toEqual({ intent: null, text: " in one" });
    expect(focusIntent.claim("three")).toEqual({ intent: { id: "three" }, text: " three again" });
    expect(focusIntent.claim("one")).toBeNull();
  });

  it("keeps Tab as text and gives the text back on release", () => {
    focusIntent.expect({ id: "n2" });
    const buffer = document.activeElement as HTMLTextAreaElement;
    const tab = new KeyboardEvent("keydown", { key: "Tab", cancelable: true });
    buffer.dispatchEvent(tab);
    expect(tab.defaultPrevented).toBe(true);
    typeInto(buffer, "x");
    expect(focusIntent.release()).toBe("\tx");
    expect(focusIntent.pending()).toBeNull();
    expect(focusIntent.holding()).toBe(false);
  });
});
