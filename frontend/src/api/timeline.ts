// The timeline's data source over the Go backend: activity buckets, the
// notes of a day, on this day, a note's changes, daily notes by date, and
// restoring notes as they were. Every date is a local calendar date in the
// configured time zone (Settings; the system's by default).
import * as Notes from "../../wailsjs/go/app/NotesAPI";
import * as Timeline from "../../wailsjs/go/app/TimelineAPI";
import type { dto } from "../../wailsjs/go/models";
import type { DayNote, OnThisDayGroup, OnThisDayKind, TimelineFilter, TimelineSource } from "../timeline/source";
import { call } from "./core";

function inFolder(path: string, folder: string | undefined): boolean {
  const f = (folder ?? "").replace(/^\/+|\/+$/g, "");
  return f === "" || path.startsWith(f + "/");
}

function dayNote(n: dto.DayNote): DayNote {
  return {
    id: n.id,
    title: n.title,
    path: n.path,
    created: n.created > 0,
    edits: n.edited,
    words_added: n.wordsAdded,
    words_removed: n.wordsRemoved,
    renamed: n.renamed > 0,
    trashed: n.trashed > 0 || n.inTrash,
  };
}

const datedKind: Record<string, OnThisDayKind> = { daily: "daily", property: "date-property", task: "task" };

/** timelineSource is the app's TimelineSource. */
export const timelineSource: TimelineSource = {
  async timeline(from, to, bucket, f: TimelineFilter) {
    const s = await call(() =>
      Timeline.Timeline({ from, to, bucket, folder: f.folder ?? "", tag: f.tag ?? "", type: f.type ?? "", noteId: "", zone: "" }),
    );
    return (s?.buckets ?? []).map((b) => ({
      start: b.day,
      created: b.created,
      edited: b.edited,
      renamed: b.renamed,
      trashed: b.trashed,
      words_added: b.wordsAdded,
      words_removed: b.wordsRemoved,
      notes: b.notes,
    }));
  },

  async dayNotes(date, f) {
    // The day's list is narrowed by folder here; tag and type narrow the
    // chart and the heatmap only.
    const d = await call(() => Timeline.DayNotes(date, ""));
    return (d?.notes ?? []).filter((n) => inFolder(n.path, f.folder)).map(dayNote);
  },

  async onThisDay(date) {
    const r = await call(() => Timeline.OnThisDay(date, ""));
    const byYear = new Map<number, OnThisDayGroup>();
    const group = (year: number) => {
      let g = byYear.get(year);
      if (!g) byYear.set(year, (g = { year, notes: [] }));
      return g;
    };
    for (const y of r?.years ?? []) {
      for (const n of y.notes ?? []) group(y.year).notes.push({ id: n.id, title: n.title, path: n.path, kind: n.created > 0 ? "created" : "edited" });
    }
    for (const d of r?.dated ?? []) {
      const year = Number(d.date.slice(0, 4));
      const g = group(year);
      if (!g.notes.some((n) => n.id === d.id)) g.notes.push({ id: d.id, title: d.title, path: d.path, kind: datedKind[d.kind] ?? "date-property" });
    }
    return [...byYear.values()].sort((a, b) => b.year - a.year);
  },

  async noteActivity(id) {
    const cs = await call(() => Timeline.NoteActivity(id));
    return (cs ?? []).map((c) => ({ version: c.version, time: c.at, origin: c.origin, words_added: c.wordsAdded, words_removed: c.wordsRemoved }));
  },

  async dailyNotes(from, to) {
    const ds = await call(() => Timeline.DailyNotes(from, to));
    return (ds ?? []).map((d) => ({ date: d.date, id: d.id, title: d.title }));
  },

  async openDailyNote(date) {
    const n = await call(() => Notes.DailyNote(date));
    return n.id;
  },

  async zone() {
    return await call(() => Timeline.Zone());
  },

  async setZone(name) {
    return await call(() => Timeline.SetZone(name));
  },

  async restoreNote(id, asOf) {
    await call(() => Timeline.RestoreNote(id, asOf, ""));
  },

  async restoreFolder(folder, asOf) {
    const rs = await call(() => Timeline.RestoreFolder(folder, asOf, ""));
    return (rs ?? []).filter((r) => r.action !== "unchanged" && r.action !== "skipped").length;
  },
};
