import { vi } from "vitest";
import type { ActivityBucket, DailyNoteRef, DayNote, NoteActivityPoint, OnThisDayGroup, TimelineSource } from "../timeline/source";

/** bucket is an ActivityBucket with zeros except what over sets. */
export function bucket(start: string, over: Partial<ActivityBucket> = {}): ActivityBucket {
  return { start, created: 0, edited: 0, renamed: 0, trashed: 0, words_added: 0, words_removed: 0, notes: 0, ...over };
}

/** FakeTimelineData is what a FakeTimeline answers. */
export interface FakeTimelineData {
  days?: ActivityBucket[];
  weeks?: ActivityBucket[];
  months?: ActivityBucket[];
  dayNotes?: Record<string, DayNote[]>;
  onThisDay?: OnThisDayGroup[];
  activity?: Record<string, NoteActivityPoint[]>;
  daily?: DailyNoteRef[];
}

/**
 * fakeTimeline is a TimelineSource over fixed data whose methods are spies:
 * timeline answers the buckets of the asked width that fall in the range,
 * dailyNotes the daily notes in the range, openDailyNote "new-<date>".
 */
export function fakeTimeline(d: FakeTimelineData = {}) {
  const inRange = <T extends { start?: string; date?: string }>(xs: T[], from: string, to: string) =>
    xs.filter((x) => {
      const s = (x.start ?? x.date ?? "").slice(0, 10);
      return s >= from && s <= to;
    });
  return {
    timeline: vi.fn(async (from: string, to: string, b: string) =>
      inRange((b === "day" ? d.days : b === "week" ? d.weeks : d.months) ?? [], from, to),
    ),
    dayNotes: vi.fn(async (date: string) => d.dayNotes?.[date] ?? []),
    onThisDay: vi.fn(async () => d.onThisDay ?? []),
    noteActivity: vi.fn(async (id: string) => d.activity?.[id] ?? []),
    dailyNotes: vi.fn(async (from: string, to: string) => inRange(d.daily ?? [], from, to)),
    openDailyNote: vi.fn(async (date: string) => `new-${date}`),
    zone: vi.fn(async () => "Europe/Berlin"),
    setZone: vi.fn(async (name: string) => name || "UTC"),
    restoreNote: vi.fn(async () => {}),
    restoreFolder: vi.fn(async () => 3),
  } satisfies TimelineSource;
}
