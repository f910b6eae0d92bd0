import { useMemo, useRef } from "react";

/** useTitles remembers the titles of the notes shown, for the tab strip. */
export function useTitles(shown: ({ id: string; title: string } | null | undefined)[]): Record<string, string> {
  const seen = useRef<Record<string, string>>({});
  const key = shown.map((s) => (s ? `${s.id}\u0000${s.title}` : "")).join("\u0001");
  return useMemo(() => {
    const next = { ...seen.current };
    for (const s of shown) if (s) next[s.id] = s.title;
    seen.current = next;
    return next;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
}
