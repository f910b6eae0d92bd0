import { useState, type KeyboardEvent } from "react";

/** ListNavigation is what useListNavigation hands back: the active row and the input's key handler. */
export interface ListNavigation {
  /** active is the index of the highlighted row (aria-selected). */
  active: number;
  setActive(i: number): void;
  /** onKeyDown goes on the filter input: arrows move, Enter chooses, Escape closes. */
  onKeyDown(e: KeyboardEvent<HTMLInputElement>): void;
}

/**
 * useListNavigation is the keyboard of a filtered list under an input (the
 * command palette, the quick switcher, the template picker): ArrowDown and
 * ArrowUp move the active row within the count rows, Enter chooses it (when
 * there is a row), Escape closes.
 */
export function useListNavigation(count: number, onChoose: (index: number, e: KeyboardEvent<HTMLInputElement>) => void, onClose: () => void): ListNavigation {
  const [active, setActive] = useState(0);
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Escape") onClose();
    else if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive((a) => Math.min(count - 1, a + 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === "Enter" && count > 0) {
      e.preventDefault();
      onChoose(active, e);
    }
  };
  return { active, setActive, onKeyDown };
}
