import { renderHook } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { createLatest, useLatest } from "./useLatest";

/** deferred is a promise the test resolves when it wants, to answer requests out of order. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("useLatest", () => {
  it("keeps the latest answer when an older one arrives after it", async () => {
    const latest = createLatest();
    const shown: string[] = [];
    const request = (answer: Promise<string>) => {
      const current = latest.begin();
      return answer.then((v) => {
        if (current()) shown.push(v);
      });
    };
    const first = deferred<string>();
    const second = deferred<string>();
    const a = request(first.promise);
    const b = request(second.promise);
    second.resolve("second");
    await b;
    first.resolve("first");
    await a;
    expect(shown).toEqual(["second"]);
  });

  it("keeps answers that arrive in order only while no newer request started", () => {
    const latest = createLatest();
    const one = latest.begin();
    expect(one()).toBe(true);
    const two = latest.begin();
    expect(one()).toBe(false);
    expect(two()).toBe(true);
  });

  it("supersede makes every pending request stale", () => {
    const latest = createLatest();
    const one = latest.begin();
    latest.supersede();
    expect(one()).toBe(false);
    expect(latest.begin()()).toBe(true);
  });

  it("is one object for the component's life, so tickets survive re-renders", () => {
    const { result, rerender } = renderHook(() => useLatest());
    const first = result.current;
    const ticket = first.begin();
    rerender();
    expect(result.current).toBe(first);
    expect(ticket()).toBe(true);
    result.current.begin();
    expect(ticket()).toBe(false);
  });
});
