// The timeline's data source over the Go backend.
//
// THROWAWAY: the bound timeline API is built on another branch; until the
// merge wires these methods to its generated bindings (wailsjs), every call
// rejects with "unavailable: not wired", and the timeline views show that
// error instead of data. Replace the bodies, keep the shape: the views only
// see timeline/source.ts's TimelineSource.
import type { TimelineSource } from "../timeline/source";
import { AppError } from "./core";

const notWired = (what: string) => () => Promise.reject(new AppError("unavailable", `The timeline is not wired to the backend yet (${what}).`));

/** timelineSource is the app's TimelineSource. */
export const timelineSource: TimelineSource = {
  timeline: notWired("timeline"),
  dayNotes: notWired("day notes"),
  onThisDay: notWired("on this day"),
  noteActivity: notWired("note activity"),
  dailyNotes: notWired("daily notes"),
  openDailyNote: notWired("open daily note"),
  restoreNote: notWired("restore note"),
  restoreFolder: notWired("restore folder"),
};
