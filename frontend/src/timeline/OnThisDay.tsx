import { useEffect, useState } from "react";
import { parseError, type AppError } from "../api";
import { ErrorLine } from "../components/ErrorLine";
import { isoDate, longDate } from "./dates";
import type { OnThisDayGroup, OnThisDayKind } from "./source";
import { useTimelineSource } from "./useTimelineSource";

const KIND: Record<OnThisDayKind, string> = {
  created: "created",
  edited: "edited",
  daily: "daily note",
  "date-property": "dated",
  task: "task",
};

/** OnThisDayProps: the day (today by default) and how to open a note. */
export interface OnThisDayProps {
  date?: string;
  onOpen(id: string): void;
}

/** OnThisDay lists, for the right panel, the notes of the same day in earlier years: created, edited, the daily note, or dated that day. */
export function OnThisDay({ date, onOpen }: OnThisDayProps) {
  const source = useTimelineSource();
  const day = date ?? isoDate(new Date());
  const [groups, setGroups] = useState<OnThisDayGroup[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  useEffect(() => {
    let live = true;
    source.onThisDay(day).then(
      (g) => {
        if (!live) return;
        setGroups(g);
        setError(null);
      },
      (e: unknown) => live && setError(parseError(e)),
    );
    return () => {
      live = false;
    };
  }, [source, day]);
  const year = Number(day.slice(0, 4));
  const count = groups?.reduce((n, g) => n + g.notes.length, 0);
  return (
    <section className="panel-section on-this-day" aria-label="On this day">
      <h3 title={longDate(day)}>
        On this day <span className="count">{error ? "" : (count ?? "…")}</span>
      </h3>
      <ErrorLine error={error} />
      {count === 0 && <p className="muted">Nothing from this day in earlier years.</p>}
      {groups
        ?.filter((g) => g.notes.length > 0)
        .map((g) => (
          <div key={g.year} className="on-this-day-year">
            <h4>
              {g.year} <span className="count">({year - g.year === 1 ? "a year ago" : `${year - g.year} years ago`})</span>
            </h4>
            <ul>
              {g.notes.map((n, i) => (
                <li key={`${n.id}-${n.kind}-${i}`}>
                  <button type="button" className="link" title={n.path} onClick={() => onOpen(n.id)}>
                    {n.title || "Untitled"}
                  </button>
                  <span className="rel">{KIND[n.kind] ?? n.kind}</span>
                </li>
              ))}
            </ul>
          </div>
        ))}
    </section>
  );
}
