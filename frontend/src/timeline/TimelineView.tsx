import { useEffect, useState } from "react";
import { parseError, type AppError, type Folder, type Tag } from "../api";
import { ErrorLine } from "../components/ErrorLine";
import { ActivityChart } from "./ActivityChart";
import { toLocalInput, useAsOf } from "./asOf";
import { isoDate } from "./dates";
import { DayNotes } from "./DayNotes";
import { Heatmap } from "./Heatmap";
import type { ActivityBucket, Bucket, DayNote, TimelineFilter } from "./source";
import { useTimelineSource } from "./useTimelineSource";

/** TimelineViewProps: the folders and tags to filter by, how to open a note, and how to close the view. */
export interface TimelineViewProps {
  folders: Folder[];
  tags: Tag[];
  onOpen(id: string): void;
  onClose(): void;
  /** today is the local date; a prop so tests can fix it. */
  today?: string;
}

const BUCKETS: Bucket[] = ["day", "week", "month"];

/** useLoad runs load whenever its key changes and keeps the latest answer (null while loading) and error. */
function useLoad<T>(load: (() => Promise<T>) | null, key: string): { data: T | null; error: AppError | null } {
  const [state, setState] = useState<{ key: string; data: T | null; error: AppError | null }>({ key: "", data: null, error: null });
  useEffect(() => {
    if (!load) return;
    let live = true;
    load().then(
      (data) => live && setState({ key, data, error: null }),
      (e: unknown) => live && setState({ key, data: null, error: parseError(e) }),
    );
    return () => {
      live = false;
    };
    // load is made afresh each render; key says when it asks for something else.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state.key === key ? state : { data: null, error: null };
}

/**
 * TimelineView is the vault's activity over time: a year's calendar heatmap,
 * a zoomable chart by day, week or month, filters by folder, tag and type,
 * the notes touched on a chosen day, and the "as of" picker that shows the
 * whole vault as it was at a past moment, read-only.
 */
export function TimelineView({ folders, tags, onOpen, onClose, today = isoDate(new Date()) }: TimelineViewProps) {
  const source = useTimelineSource();
  const { asOf, setAsOf } = useAsOf();
  const thisYear = Number(today.slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [filter, setFilter] = useState<TimelineFilter>({});
  const [typeText, setTypeText] = useState("");
  const [bucket, setBucket] = useState<Bucket>("day");
  const [selected, setSelected] = useState<string | null>(null);
  const [moment, setMoment] = useState(asOf ? toLocalInput(asOf) : "");
  const [asOfError, setAsOfError] = useState("");
  // The time zone days are counted in; changing it reloads every view.
  const [zone, setZone] = useState("");
  const [zoneText, setZoneText] = useState("");
  const [zoneError, setZoneError] = useState("");
  useEffect(() => {
    let live = true;
    source.zone().then(
      (z) => {
        if (!live) return;
        setZone(z);
        setZoneText(z);
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [source]);
  const saveZone = () => {
    source.setZone(zoneText.trim()).then(
      (z) => {
        setZone(z);
        setZoneText(z);
        setZoneError("");
      },
      (e: unknown) => setZoneError(parseError(e).message),
    );
  };

  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const fkey = JSON.stringify(filter) + zone;
  const days = useLoad(() => source.timeline(from, to, "day", filter), `${year}|${fkey}`);
  const chart = useLoad(bucket === "day" ? null : () => source.timeline(from, to, bucket, filter), `${year}|${fkey}|${bucket}`);
  const dayNotes = useLoad<DayNote[]>(selected ? () => source.dayNotes(selected, filter) : null, `${selected}|${fkey}`);
  const chartBuckets: ActivityBucket[] | null = bucket === "day" ? days.data : chart.data;
  const error = days.error ?? chart.error;

  const change = (f: Partial<TimelineFilter>) => setFilter((old) => ({ ...old, ...f }));
  const goYear = (y: number) => {
    setYear(y);
    setSelected(null);
  };
  const viewAsOf = () => {
    try {
      setAsOf(moment ? new Date(moment).toISOString() : null);
      setAsOfError("");
    } catch (e) {
      setAsOfError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section className="timeline-view" aria-label="Timeline">
      <header className="graph-head timeline-head">
        <strong>Timeline</strong>
        <span className="year-nav" role="group" aria-label="Year">
          <button type="button" aria-label="Previous year" onClick={() => goYear(year - 1)}>
            ‹
          </button>
          <span aria-live="polite">{year}</span>
          <button type="button" aria-label="Next year" disabled={year >= thisYear} onClick={() => goYear(year + 1)}>
            ›
          </button>
        </span>
        <label>
          Folder{" "}
          <select value={filter.folder ?? ""} onChange={(e) => change({ folder: e.target.value || undefined })}>
            <option value="">All</option>
            {folders.map((f) => (
              <option key={f.path} value={f.path}>
                {f.path}
              </option>
            ))}
          </select>
        </label>
        <label>
          Tag{" "}
          <select value={filter.tag ?? ""} onChange={(e) => change({ tag: e.target.value || undefined })}>
            <option value="">All</option>
            {tags.map((t) => (
              <option key={t.name} value={t.name}>
                #{t.name}
              </option>
            ))}
          </select>
        </label>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            change({ type: typeText.trim() || undefined });
          }}
        >
          <label>
            Type{" "}
            <input
              value={typeText}
              size={10}
              placeholder="any"
              onChange={(e) => setTypeText(e.target.value)}
              onBlur={() => change({ type: typeText.trim() || undefined })}
            />
          </label>
        </form>
        <button type="button" className="timeline-close" onClick={onClose}>
          Close timeline
        </button>
      </header>
      <div className="timeline-body">
        <ErrorLine error={error} />
        <Heatmap year={year} days={days.data ?? []} selected={selected} onSelect={setSelected} today={today} />
        {days.data === null && !days.error && <p className="muted">Loading the activity…</p>}
        <div className="timeline-chart-head">
          <span className="segmented" role="radiogroup" aria-label="Bucket">
            {BUCKETS.map((b) => (
              <button key={b} type="button" role="radio" aria-checked={bucket === b} onClick={() => setBucket(b)}>
                By {b}
              </button>
            ))}
          </span>
        </div>
        {chartBuckets && <ActivityChart buckets={chartBuckets} bucket={bucket} from={from} to={to} onDay={setSelected} />}
        {selected && <DayNotes date={selected} notes={dayNotes.data} onOpen={onOpen} />}
        <ErrorLine error={dayNotes.error} />
        <form
          className="asof-picker"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            viewAsOf();
          }}
        >
          <label>
            View the vault as of{" "}
            <input type="datetime-local" step={1} value={moment} max={toLocalInput(new Date().toISOString())} onChange={(e) => setMoment(e.target.value)} />
          </label>{" "}
          <button type="submit" disabled={!moment}>
            View as of
          </button>
          {asOf && (
            <button type="button" onClick={() => setAsOf(null)}>
              Back to now
            </button>
          )}
          {asOfError && (
            <p className="inline-error" role="alert">
              {asOfError}
            </p>
          )}
        </form>
        <form
          className="zone-picker"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            saveZone();
          }}
        >
          <label>
            Days are counted in the time zone{" "}
            <input list="timeline-zones" value={zoneText} onChange={(e) => setZoneText(e.target.value)} placeholder="the system's" />
          </label>{" "}
          <datalist id="timeline-zones">
            {zoneNames().map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          <button type="submit" disabled={zoneText.trim() === zone}>
            Set time zone
          </button>
          {zoneError && (
            <p className="inline-error" role="alert">
              {zoneError}
            </p>
          )}
        </form>
      </div>
    </section>
  );
}

/** zoneNames lists the IANA time zones the browser knows, for suggestions. */
function zoneNames(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return intl.supportedValuesOf?.("timeZone") ?? [];
}
