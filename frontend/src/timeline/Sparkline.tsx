import { useEffect, useMemo, useState } from "react";
import type uPlot from "uplot";
import { isoDate, parseDate } from "./dates";
import type { NoteActivityPoint } from "./source";
import { UPlotChart, type BuildOptions } from "./UPlotChart";
import { useTimelineSource } from "./useTimelineSource";

/** sparkData sums the words changed (added plus removed) per local day, oldest first, as uPlot's columns [day, words]. */
export function sparkData(points: NoteActivityPoint[]): uPlot.AlignedData {
  const days = new Map<string, number>();
  for (const p of points) {
    const d = isoDate(new Date(p.time));
    days.set(d, (days.get(d) ?? 0) + p.words_added + p.words_removed);
  }
  const keys = [...days.keys()].sort();
  return [keys.map((d) => parseDate(d).getTime() / 1000), keys.map((d) => days.get(d)!)];
}

/** sparkSummary says in words what a sparkline shows: versions, since when, words added and removed. */
export function sparkSummary(points: NoteActivityPoint[]): string {
  if (points.length === 0) return "No edits yet";
  const added = points.reduce((s, p) => s + p.words_added, 0);
  const removed = points.reduce((s, p) => s + p.words_removed, 0);
  const since = isoDate(new Date(points[0].time));
  const last = isoDate(new Date(points[points.length - 1].time));
  return `${points.length} ${points.length === 1 ? "version" : "versions"} from ${since} to ${last}, +${added} −${removed} words`;
}

const build: BuildOptions = (U, p) => ({
  width: 96,
  height: 20,
  pxAlign: false,
  cursor: { show: false },
  select: { show: false, left: 0, top: 0, width: 0, height: 0 },
  legend: { show: false },
  scales: { x: { time: false } },
  axes: [{ show: false }, { show: false }],
  series: [{}, { stroke: p.accent, fill: p.accent, paths: U.paths.bars!({ size: [0.8, 6, 1] }), points: { show: false } }],
});

/** Sparkline draws a note's activity, the words changed per day, as tiny bars (uPlot), with the summary as its label and tooltip. */
export function Sparkline({ points }: { points: NoteActivityPoint[] }) {
  const data = useMemo(() => sparkData(points), [points]);
  const summary = sparkSummary(points);
  return (
    <span className="sparkline" title={summary}>
      <UPlotChart className="sparkline-host" build={build} data={data} height={20} label={`Activity: ${summary}`} />
    </span>
  );
}

/** NoteSparkline loads a note's activity and draws its Sparkline; nothing while loading, on error, or for a note with one version. */
export function NoteSparkline({ noteId, version }: { noteId: string; version: number }) {
  const source = useTimelineSource();
  const [points, setPoints] = useState<NoteActivityPoint[] | null>(null);
  useEffect(() => {
    let live = true;
    source.noteActivity(noteId).then(
      (p) => live && setPoints(p),
      () => live && setPoints(null),
    );
    return () => {
      live = false;
    };
  }, [source, noteId, version]);
  if (!points || points.length < 2) return null;
  return <Sparkline points={points} />;
}
