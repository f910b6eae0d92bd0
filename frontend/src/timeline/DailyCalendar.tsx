import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { parseError, type AppError } from "../api";
import { ErrorLine } from "../components/ErrorLine";
import { addDays, daysInMonth, isoDate, longDate, monthGrid, monthName, WEEKDAYS } from "./dates";
import type { DailyNoteRef } from "./source";
import { useTimelineSource } from "./useTimelineSource";

/** DailyCalendarProps: the daily note's date (the month shown first) and how to open a note by id. */
export interface DailyCalendarProps {
  date: string;
  onOpen(id: string): void;
  /** today is marked; defaults to the local date. */
  today?: string;
}

/**
 * DailyCalendar is a month calendar for moving between daily notes: days with
 * a daily note are marked and open it; a day without one creates it (from the
 * daily template) and opens it. ‹ and › (or PageUp and PageDown) change the month.
 */
export function DailyCalendar({ date, onOpen, today = isoDate(new Date()) }: DailyCalendarProps) {
  const source = useTimelineSource();
  const [month, setMonth] = useState({ y: Number(date.slice(0, 4)), m: Number(date.slice(5, 7)) });
  const [loaded, setLoaded] = useState<{ key: string; notes: Map<string, DailyNoteRef> } | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    const from = `${month.y}-${String(month.m).padStart(2, "0")}-01`;
    const to = addDays(from, daysInMonth(month.y, month.m) - 1);
    source.dailyNotes(from, to).then(
      (refs) => {
        if (!live) return;
        setLoaded({ key: from, notes: new Map(refs.map((r) => [r.date, r])) });
        setError(null);
      },
      (e: unknown) => live && setError(parseError(e)),
    );
    return () => {
      live = false;
    };
  }, [source, month]);

  // The notes of the month shown, null while they load.
  const notes = loaded?.key === `${month.y}-${String(month.m).padStart(2, "0")}-01` ? loaded.notes : null;
  const shift = (n: number) =>
    setMonth(({ y, m }) => {
      const i = y * 12 + (m - 1) + n;
      return { y: Math.floor(i / 12), m: (i % 12) + 1 };
    });
  const pick = async (d: string) => {
    const ref = notes?.get(d);
    if (ref) return onOpen(ref.id);
    setBusy(true);
    try {
      onOpen(await source.openDailyNote(d));
    } catch (e) {
      setError(parseError(e));
    } finally {
      setBusy(false);
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "PageUp" || e.key === "PageDown") {
      e.preventDefault();
      shift(e.key === "PageUp" ? -1 : 1);
    }
  };

  const label = `${monthName(month.m)} ${month.y}`;
  return (
    <div className="daily-calendar" onKeyDown={onKeyDown}>
      <div className="daily-calendar-head">
        <button type="button" aria-label="Previous month" onClick={() => shift(-1)}>
          ‹
        </button>
        <span aria-live="polite">{label}</span>
        <button type="button" aria-label="Next month" onClick={() => shift(1)}>
          ›
        </button>
      </div>
      <table aria-label={`Daily notes in ${label}`} aria-busy={notes === null || busy}>
        <thead>
          <tr>
            {WEEKDAYS.map((w) => (
              <th key={w} scope="col" abbr={w}>
                {w.slice(0, 2)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {monthGrid(month.y, month.m).map((week, i) => (
            <tr key={i}>
              {week.map((d, j) => {
                if (!d) return <td key={j} />;
                const has = notes?.has(d) ?? false;
                const cls = ["day", has ? "has-note" : "", d === date ? "current" : "", d === today ? "today" : ""].filter(Boolean).join(" ");
                return (
                  <td key={j}>
                    <button
                      type="button"
                      className={cls}
                      disabled={busy}
                      aria-current={d === date ? "date" : undefined}
                      aria-label={`${longDate(d)}${has ? ", daily note" : ", no daily note: create it"}`}
                      onClick={() => void pick(d)}
                    >
                      {Number(d.slice(8))}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorLine error={error} />
    </div>
  );
}

/** DailyCalendarButton opens the DailyCalendar in a popover under a button, focused on the note's day; Escape or a pick closes it. */
export function DailyCalendarButton({ date, onOpen }: { date: string; onOpen(id: string): void }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const pop = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = pop.current;
    if (open && el) (el.querySelector<HTMLElement>("[aria-current=date]") ?? el.querySelector<HTMLElement>("button.day"))?.focus();
  }, [open]);
  // Escape closes it wherever focus is: the editor of the note that just
  // opened may take focus back while the month's notes load.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== "Escape") return;
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      button.current?.focus();
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, [open]);
  return (
    <span className="daily-calendar-wrap">
      <button ref={button} type="button" aria-expanded={open} aria-label="Calendar of daily notes" title="Calendar of daily notes" onClick={() => setOpen((o) => !o)}>
        📅
      </button>
      {open && (
        <div ref={pop} className="daily-calendar-pop" role="dialog" aria-label="Calendar of daily notes">
          <DailyCalendar
            date={date}
            onOpen={(id) => {
              setOpen(false);
              onOpen(id);
            }}
          />
        </div>
      )}
    </span>
  );
}
