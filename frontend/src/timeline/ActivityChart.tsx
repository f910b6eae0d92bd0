import { useCallback, useEffect, useMemo, useRef } from "react";
import type uPlot from "uplot";
import { addDays, isoDate, parseDate } from "./dates";
import type { ActivityBucket, Bucket } from "./source";
import { UPlotChart, type BuildOptions } from "./UPlotChart";

/** SERIES are the chart's series after the time: created and edited notes (bars), words added and removed (lines). */
export const SERIES = ["Created", "Edited", "Words added", "Words removed"] as const;

/** momentOf returns a bucket start's moment in seconds: a date is local midnight, a date-time is read as written. */
export function momentOf(start: string): number {
  const t = start.length <= 10 ? parseDate(start) : new Date(start);
  return Math.round(t.getTime() / 1000);
}

/**
 * chartData turns buckets into uPlot's columns [time, created, edited,
 * words added, words removed], oldest first. By day, the days from from to to
 * without activity are filled in as zeros, so the lines drop to zero between
 * busy days instead of bridging them.
 */
export function chartData(buckets: ActivityBucket[], bucket: Bucket, from: string, to: string): uPlot.AlignedData {
  const rows = new Map<number, ActivityBucket>();
  for (const b of buckets) rows.set(momentOf(b.start), b);
  if (bucket === "day") {
    for (let d = from; d <= to; d = addDays(d, 1)) {
      const t = momentOf(d);
      if (!rows.has(t)) rows.set(t, { start: d, created: 0, edited: 0, renamed: 0, trashed: 0, words_added: 0, words_removed: 0, notes: 0 });
    }
  }
  const xs = [...rows.keys()].sort((a, b) => a - b);
  const col = (f: (b: ActivityBucket) => number) => xs.map((x) => f(rows.get(x)!));
  return [xs, col((b) => b.created), col((b) => b.edited), col((b) => b.words_added), col((b) => b.words_removed)];
}

/** alpha makes a "#rrggbb" colour translucent; other forms are returned as they are. */
function alpha(color: string, a: number): string {
  return /^#[0-9a-f]{6}$/i.test(color) ? color + Math.round(a * 255).toString(16).padStart(2, "0") : color;
}

/** ActivityChartProps: the buckets to draw, their width, the range, and what a click on a day does. */
export interface ActivityChartProps {
  buckets: ActivityBucket[];
  bucket: Bucket;
  from: string;
  to: string;
  /** onDay is called with the day clicked (by day only). */
  onDay?(date: string): void;
}

/**
 * ActivityChart draws notes created and edited (bars) and words added and
 * removed (lines, right axis) over time with uPlot. Dragging across it zooms
 * in; double-click, or Reset, shows the whole range; the buttons zoom and pan
 * from the keyboard. The same numbers are in a table below for screen readers.
 */
export function ActivityChart({ buckets, bucket, from, to, onDay }: ActivityChartProps) {
  const data = useMemo(() => chartData(buckets, bucket, from, to), [buckets, bucket, from, to]);
  const chart = useRef<uPlot | null>(null);
  const onDayRef = useRef(onDay);
  useEffect(() => {
    onDayRef.current = onDay;
  });

  const build = useCallback<BuildOptions>(
    (U, p) => {
      const axis = { stroke: p.muted, font: p.font, grid: { stroke: p.border, width: 1 }, ticks: { stroke: p.border, width: 1 } };
      const bars = (align: -1 | 1) => U.paths.bars!({ size: [0.45, 24], align });
      return {
        width: 600,
        height: 220,
        scales: { x: { time: true }, words: { auto: true } },
        legend: { show: true },
        cursor: { drag: { x: true, y: false, setScale: true } },
        axes: [axis, { ...axis, label: "Notes" }, { ...axis, scale: "words", side: 1, grid: { show: false }, label: "Words" }],
        series: [
          {},
          { label: SERIES[0], stroke: p.created, fill: alpha(p.created, 0.7), paths: bars(-1), points: { show: false } },
          { label: SERIES[1], stroke: p.accent, fill: alpha(p.accent, 0.7), paths: bars(1), points: { show: false } },
          { label: SERIES[2], scale: "words", stroke: p.created, width: 1.5, points: { show: false } },
          { label: SERIES[3], scale: "words", stroke: p.danger, width: 1.5, dash: [4, 3], points: { show: false } },
        ],
        hooks: {
          ready: [
            (u: uPlot) => {
              // A drag zooms; only a click that did not move picks a day.
              let downX = 0;
              u.over.addEventListener("mousedown", (e) => (downX = e.clientX));
              u.over.addEventListener("click", (e) => {
                if (bucket !== "day" || Math.abs(e.clientX - downX) > 3 || u.cursor.idx == null) return;
                const t = u.data[0][u.cursor.idx];
                if (t != null) onDayRef.current?.(isoDate(new Date(t * 1000)));
              });
            },
          ],
        },
      };
    },
    [bucket],
  );

  const xs = data[0];
  const zoom = (factor: number, shift = 0) => {
    const u = chart.current;
    if (!u || xs.length < 2) return;
    const all = { min: xs[0], max: xs[xs.length - 1] };
    const min = u.scales.x.min ?? all.min;
    const max = u.scales.x.max ?? all.max;
    const span = Math.min(all.max - all.min, Math.max((max - min) * factor, 86400 * 3));
    let lo = (min + max) / 2 - span / 2 + shift * span;
    lo = Math.max(all.min, Math.min(lo, all.max - span));
    u.setScale("x", { min: lo, max: lo + span });
  };
  const reset = () => xs.length > 1 && chart.current?.setScale("x", { min: xs[0], max: xs[xs.length - 1] });

  const busy = buckets.filter((b) => b.created || b.edited || b.renamed || b.trashed || b.words_added || b.words_removed);
  return (
    <div className="activity-chart">
      <div className="chart-tools" role="group" aria-label="Zoom the chart">
        <button type="button" onClick={() => zoom(0.5)} title="Zoom in">+</button>
        <button type="button" onClick={() => zoom(2)} title="Zoom out">−</button>
        <button type="button" onClick={() => zoom(1, -0.5)} title="Pan to earlier">‹</button>
        <button type="button" onClick={() => zoom(1, 0.5)} title="Pan to later">›</button>
        <button type="button" onClick={reset}>Reset zoom</button>
        <span className="muted">Drag across the chart to zoom in{bucket === "day" ? "; click a day to list its notes" : ""}.</span>
      </div>
      <UPlotChart
        className="chart-host"
        build={build}
        data={data}
        height={220}
        label={`Notes created and edited and words added and removed, by ${bucket}, ${from} to ${to}`}
        onChart={(u) => (chart.current = u)}
      />
      <details className="chart-table">
        <summary>Show as a table ({busy.length} {busy.length === 1 ? bucket : `${bucket}s`} with activity)</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{bucket === "day" ? "Day" : bucket === "week" ? "Week of" : "Month"}</th>
              {SERIES.map((s) => (
                <th key={s} scope="col">{s}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {busy.map((b) => (
              <tr key={b.start}>
                <th scope="row">{bucket === "month" ? b.start.slice(0, 7) : b.start.slice(0, 10)}</th>
                <td>{b.created}</td>
                <td>{b.edited}</td>
                <td>{b.words_added}</td>
                <td>{b.words_removed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
