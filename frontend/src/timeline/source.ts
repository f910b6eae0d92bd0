// The timeline's data source: the one interface the timeline views (heatmap,
// activity chart, day list, "on this day", sparkline, daily calendar, the
// "as of" restore actions) read through. The app's implementation lives in
// api/timeline.ts over the Go bindings; tests pass a fake through
// TimelineSourceProvider (timeline/useTimelineSource.tsx).
//
// Dates are local calendar dates "YYYY-MM-DD" in the user's time zone;
// moments ("as of", a version's time) are ISO 8601 date-times with an offset.

/** Bucket is the width of one bar of the activity chart. */
export type Bucket = "day" | "week" | "month";

/** TimelineFilter narrows activity to one folder (and its subfolders), tag or note type; an empty or missing field does not filter. */
export interface TimelineFilter {
  folder?: string;
  tag?: string;
  type?: string;
}

/** ActivityBucket is the activity in one bucket: how many notes were created, edited, renamed, trashed, the words added and removed, and how many distinct notes were touched. */
export interface ActivityBucket {
  /** start is the bucket's first day ("YYYY-MM-DD") or moment (ISO date-time), local zone. */
  start: string;
  created: number;
  edited: number;
  renamed: number;
  trashed: number;
  words_added: number;
  words_removed: number;
  notes: number;
}

/** DayNote is one note touched on a day and what happened to it that day. */
export interface DayNote {
  id: string;
  title: string;
  path: string;
  /** created says the note was created that day. */
  created: boolean;
  /** edits is the number of saved edits that day. */
  edits: number;
  words_added: number;
  words_removed: number;
  /** renamed says the note was renamed that day; renamed_from is the title before, when known. */
  renamed?: boolean;
  renamed_from?: string;
  /** trashed says the note was moved to the trash that day. */
  trashed: boolean;
}

/** OnThisDayKind says why a note is listed on this day: created or edited then, the daily note of the date, a date-valued property, or a task dated that day. */
export type OnThisDayKind = "created" | "edited" | "daily" | "date-property" | "task";

/** OnThisDayNote is one note of an earlier year's same day. */
export interface OnThisDayNote {
  id: string;
  title: string;
  path: string;
  kind: OnThisDayKind;
}

/** OnThisDayGroup is one earlier year's notes for the same month and day. */
export interface OnThisDayGroup {
  year: number;
  notes: OnThisDayNote[];
}

/** NoteActivityPoint is one saved version of a note: when, by whom (origin: "app", "cli", "mcp", "import"…) and the words it added and removed. */
export interface NoteActivityPoint {
  version: number;
  time: string;
  origin: string;
  words_added: number;
  words_removed: number;
}

/** DailyNoteRef is a daily note and the date it is for. */
export interface DailyNoteRef {
  date: string;
  id: string;
  title: string;
}

/**
 * TimelineSource is what the timeline views need from the backend. Every
 * method rejects with an AppError (api/core.ts): "invalid" for a bad date,
 * range or filter, "not_found" for an unknown note or folder, "unavailable"
 * when the store is down.
 */
export interface TimelineSource {
  /** timeline returns the activity from from to to (dates, both included) in buckets; buckets without activity may be left out. */
  timeline(from: string, to: string, bucket: Bucket, f: TimelineFilter): Promise<ActivityBucket[]>;
  /** dayNotes lists the notes touched on date and what happened to each. */
  dayNotes(date: string, f: TimelineFilter): Promise<DayNote[]>;
  /** onThisDay lists, per earlier year (newest first), the notes of date's month and day. */
  onThisDay(date: string): Promise<OnThisDayGroup[]>;
  /** noteActivity returns a note's versions, oldest first. */
  noteActivity(id: string): Promise<NoteActivityPoint[]>;
  /** dailyNotes lists the daily notes dated from from to to (both included). */
  dailyNotes(from: string, to: string): Promise<DailyNoteRef[]>;
  /** openDailyNote returns the id of date's daily note, creating it (from the daily template) when it does not exist. */
  openDailyNote(date: string): Promise<string>;
  /** restoreNote saves the note's text and title as of the moment asOf as a new version (the history keeps what it replaces). */
  restoreNote(id: string, asOf: string): Promise<void>;
  /** zone returns the IANA time zone days are counted in (the timeline.timezone setting, else the system's). */
  zone(): Promise<string>;
  /** setZone stores the time zone days are counted in ("" for the system's) and returns the zone now in force; "invalid" for an unknown name. */
  setZone(name: string): Promise<string>;
  /** restoreFolder restores every note of folder (and its subfolders) as of asOf as new versions, bringing back notes trashed since; it returns how many notes changed. */
  restoreFolder(folder: string, asOf: string): Promise<number>;
}
