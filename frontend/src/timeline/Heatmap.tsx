import { memo, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from "react";
import { addDays, longDate, monthName, WEEKDAYS, yearGrid } from "./dates";
import type { ActivityBucket } from "./source";

/** changes is a day's count of changes: notes created, edited, renamed and trashed. */
export function changes(b: ActivityBucket): number {
  return b.created + b.edited + b.renamed + b.trashed;
}

/**
 * levels gives each day with activity a colour level from 1 to 4 by the
 * quartiles of the year's busy days, so a year of light use still shows
 * its contrasts; the busiest day is 4 and days without changes are 0.
 */
export function levels(days: Map<string, ActivityBucket>): Map<string, number> {
  const counts = [...days.values()].map(changes).filter((n) => n > 0).sort((a, b) => a - b);
  const q = (p: number) => counts[Math.max(0, Math.ceil(p * counts.length) - 1)] ?? 0;
  const cuts = [q(0.25), q(0.5), q(0.75)];
  const max = counts[counts.length - 1] ?? 0;
  const out = new Map<string, number>();
  for (const [date, b] of days) {
    const n = changes(b);
    // The busiest day is always the darkest, even in a year with few busy days.
    out.set(date, n === 0 ? 0 : n === max ? 4 : 1 + cuts.filter((c) => n > c).length);
  }
  return out;
}

/** describeDay is a day's activity in words, for the tooltip and screen readers. */
export function describeDay(date: string, b: ActivityBucket | undefined): string {
  if (!b || (changes(b) === 0 && b.words_added === 0 && b.words_removed === 0)) return `${date}: no activity`;
  const parts: string[] = [];
  if (b.created) parts.push(`${b.created} created`);
  if (b.edited) parts.push(`${b.edited} ${b.edited === 1 ? "edit" : "edits"}`);
  if (b.renamed) parts.push(`${b.renamed} renamed`);
  if (b.trashed) parts.push(`${b.trashed} trashed`);
  parts.push(`+${b.words_added} −${b.words_removed} words`);
  return `${date}: ${b.notes} ${b.notes === 1 ? "note" : "notes"}, ${parts.join(", ")}`;
}

/** HeatmapProps: the year, its day buckets (days without activity may be missing), the chosen day and how to choose one. */
export interface HeatmapProps {
  year: number;
  days: ActivityBucket[];
  selected: string | null;
  onSelect(date: string): void;
  /** today is marked; defaults to nothing. */
  today?: string;
}

/**
 * Heatmap is a year calendar of activity, a column per week and a row per
 * weekday, coloured by the day's changes. It is a grid: arrow keys move by
 * day (up, down) and week (left, right), Home and End go to the year's ends,
 * Enter or Space chooses the day; hovering or focusing a day shows its
 * activity.
 */
export const Heatmap = memo(function Heatmap({ year, days, selected, onSelect, today }: HeatmapProps) {
  const grid = useMemo(() => yearGrid(year), [year]);
  const byDate = useMemo(() => {
    const m = new Map<string, ActivityBucket>();
    for (const b of days) m.set(b.start.slice(0, 10), b);
    return m;
  }, [days]);
  const level = useMemo(() => levels(byDate), [byDate]);
  const [focus, setFocus] = useState<string | null>(null);
  const [tip, setTip] = useState<{ date: string; x: number; y: number } | null>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const inYear = (d: string | null | undefined): d is string => !!d && d >= first && d <= last;
  // The one cell in the tab order: the focused day, else the chosen one, else today, else 1 January.
  const tabDate = [focus, selected, today, first].find(inYear) ?? first;

  const cellOf = (date: string) => wrap.current?.querySelector<HTMLElement>(`[data-date="${date}"]`) ?? null;
  const showTip = (date: string, cell: HTMLElement) => {
    const box = wrap.current?.getBoundingClientRect();
    const r = cell.getBoundingClientRect();
    setTip({ date, x: r.left - (box?.left ?? 0) + r.width / 2, y: r.top - (box?.top ?? 0) });
  };
  const dateAt = (e: { target: EventTarget }) => (e.target as HTMLElement).closest<HTMLElement>("[data-date]");

  const onKeyDown = (e: KeyboardEvent) => {
    const cell = dateAt(e);
    if (!cell) return;
    const date = cell.dataset.date!;
    const step: Record<string, number> = { ArrowUp: -1, ArrowDown: 1, ArrowLeft: -7, ArrowRight: 7 };
    let to: string;
    if (e.key in step) to = addDays(date, step[e.key]);
    else if (e.key === "Home") to = first;
    else if (e.key === "End") to = last;
    else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      onSelect(date);
      return;
    } else return;
    e.preventDefault();
    if (!inYear(to)) return;
    setFocus(to);
    const next = cellOf(to);
    if (next) {
      next.focus();
      showTip(to, next);
    }
  };
  const onOver = (e: MouseEvent) => {
    const cell = dateAt(e);
    if (cell) showTip(cell.dataset.date!, cell);
  };
  const onClick = (e: MouseEvent) => {
    const cell = dateAt(e);
    if (!cell) return;
    setFocus(cell.dataset.date!);
    onSelect(cell.dataset.date!);
  };

  const tipId = `heatmap-tip-${year}`;
  return (
    <div className="heatmap" ref={wrap} onMouseLeave={() => setTip(null)}>
      <table
        role="grid"
        aria-label={`Activity in ${year}`}
        aria-describedby={tip ? tipId : undefined}
        onKeyDown={onKeyDown}
        onMouseOver={onOver}
        onClick={onClick}
        onFocus={(e) => {
          const cell = dateAt(e);
          if (cell) showTip(cell.dataset.date!, cell);
        }}
        onBlur={() => setTip(null)}
      >
        <thead>
          <tr>
            <th aria-hidden="true" />
            {grid.months.map((m, i) => (
              <th key={m.month} scope="colgroup" colSpan={(grid.months[i + 1]?.col ?? grid.weeks.length) - m.col} className="heatmap-month">
                {monthName(m.month, "short")}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {WEEKDAYS.map((name, row) => (
            <tr key={row}>
              <th scope="row" className="heatmap-weekday">
                <span className={row % 2 === 0 ? "" : "sr-only"}>{name}</span>
              </th>
              {grid.weeks.map((week, col) => {
                const date = week[row];
                if (!date) return <td key={col} className="heatmap-pad" aria-hidden="true" />;
                return (
                  <td
                    key={col}
                    role="gridcell"
                    data-date={date}
                    data-level={level.get(date) ?? 0}
                    className={`heatmap-day${date === today ? " today" : ""}`}
                    tabIndex={date === tabDate ? 0 : -1}
                    aria-selected={date === selected}
                    aria-label={describeDay(date, byDate.get(date))}
                  />
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {tip && (
        <div id={tipId} role="tooltip" className="heatmap-tip" style={{ left: tip.x, top: tip.y }}>
          <strong>{longDate(tip.date)}</strong>
          <br />
          {describeDay(tip.date, byDate.get(tip.date)).replace(/^[^:]*: /, "")}
        </div>
      )}
      <div className="heatmap-legend" aria-hidden="true">
        Less {[0, 1, 2, 3, 4].map((l) => <span key={l} className="heatmap-swatch" data-level={l} />)} More
      </div>
    </div>
  );
});
