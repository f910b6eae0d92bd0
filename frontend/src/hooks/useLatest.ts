import { useState } from "react";

/**
 * Latest makes "the latest request wins" one rule: every request takes a
 * ticket when it starts, and its answer is used only while no later request
 * has started (or supersede was called). An older answer arriving after a
 * newer one is dropped, whatever order the backend answers in.
 */
export interface Latest {
  /** begin starts a request and returns its ticket: true while this request is still the latest. */
  begin(): () => boolean;
  /** supersede makes every request started so far stale (nothing new is started). */
  supersede(): void;
}

/** createLatest returns a fresh Latest, outside React (the hook keeps one per component). */
export function createLatest(): Latest {
  let seq = 0;
  return {
    begin() {
      const my = ++seq;
      return () => my === seq;
    },
    supersede() {
      seq++;
    },
  };
}

/** useLatest returns the component's Latest; it is the same object for the component's whole life. */
export function useLatest(): Latest {
  const [latest] = useState(createLatest);
  return latest;
}
