import { useMemo, useState, type ChangeEvent, type KeyboardEvent } from "react";

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

/** matches says whether every typed word occurs in the title (case aside). */
export function matches(title: string, query: string): boolean {
  const t = title.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => t.includes(w));
}

/** FilteredList is what useFilteredList hands back: the rows shown, the active one, and the filter input's props. */
export interface FilteredList<T> {
  shown: T[];
  active: number;
  setActive(i: number): void;
  /** input goes on the filter input (PaletteDialog takes it as is). */
  input: {
    value: string;
    onChange(e: ChangeEvent<HTMLInputElement>): void;
    onKeyDown(e: KeyboardEvent<HTMLInputElement>): void;
  };
}

/**
 * useFilteredList is a list filtered by what is typed above it (the command
 * palette, the template picker): the rows whose title matches the text,
 * navigated with useListNavigation; typing makes the first row active again.
 */
export function useFilteredList<T extends { title: string }>(items: T[], onChoose: (item: T | undefined) => void, onClose: () => void): FilteredList<T> {
  const [text, setText] = useState("");
  const shown = useMemo(() => items.filter((it) => matches(it.title, text)), [items, text]);
  const { active, setActive, onKeyDown } = useListNavigation(shown.length, (i) => onChoose(shown[i]), onClose);
  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    setText(e.target.value);
    setActive(0);
  };
  return { shown, active, setActive, input: { value: text, onChange, onKeyDown } };
}
