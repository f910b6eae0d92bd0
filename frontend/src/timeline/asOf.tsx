import { createContext, useContext, useMemo, useState, type ReactNode } from "react";

/** AsOf is the moment the app shows the vault as of, read-only; null is now (normal, editable). */
export interface AsOf {
  /** asOf is an ISO 8601 moment in UTC ("2026-11-01T11:00:00.000Z"), or null for now. */
  asOf: string | null;
  /** setAsOf shows the vault as of a moment (null: back to now). A moment in the future throws RangeError. */
  setAsOf(moment: string | null): void;
}

const AsOfContext = createContext<AsOf>({
  asOf: null,
  setAsOf: () => {
    throw new Error("useAsOf: no AsOfProvider above");
  },
});

/** AsOfProvider keeps the "as of" moment for every view under it. */
export function AsOfProvider({ children, initial = null }: { children: ReactNode; initial?: string | null }) {
  const [asOf, set] = useState<string | null>(initial);
  const value = useMemo<AsOf>(
    () => ({
      asOf,
      setAsOf: (m) => {
        if (m === null) return set(null);
        const t = new Date(m);
        if (Number.isNaN(t.getTime())) throw new RangeError(`Not a date and time: ${m}`);
        if (t.getTime() > Date.now()) throw new RangeError("That moment is in the future.");
        set(t.toISOString());
      },
    }),
    [asOf],
  );
  return <AsOfContext.Provider value={value}>{children}</AsOfContext.Provider>;
}

/**
 * useAsOf returns the "as of" moment and its setter. While asOf is set, the
 * list, note, search, backlinks and graph show the vault as it was then and
 * allow no edits.
 */
export function useAsOf(): AsOf {
  return useContext(AsOfContext);
}

/** formatMoment writes an ISO moment in the user's locale and zone ("Nov 1, 2026, 12:00 PM"). */
export function formatMoment(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** toLocalInput turns an ISO moment into a datetime-local input's value ("2026-11-01T12:00", local zone). */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
