import { useEffect, useState, type ReactNode } from "react";
import { dailyNeighbors, type DailyNeighbors, type NoteSummary } from "../api";
import { DailyCalendarButton } from "../timeline/DailyCalendar";

/** DailyNavProps: the open note, and how to open another by id. */
export interface DailyNavProps {
  noteId: string;
  onOpen(id: string): void;
}

/**
 * DailyNav shows, on a daily note, arrows to the existing daily notes before
 * and after it (days without a note are skipped), and a month calendar of
 * daily notes to jump to any day. It shows nothing on other notes.
 */
export function DailyNav({ noteId, onOpen }: DailyNavProps) {
  const [n, setN] = useState<DailyNeighbors | null>(null);
  useEffect(() => {
    let live = true;
    setN(null);
    dailyNeighbors(noteId).then(
      (d) => live && setN(d),
      () => live && setN(null),
    );
    return () => {
      live = false;
    };
  }, [noteId]);
  if (!n?.date) return null;
  return (
    <span className="daily-nav" role="group" aria-label="Daily notes">
      <DayButton label="Previous daily note" none="No earlier daily note" to={n.prev} onOpen={onOpen}>
        ‹
      </DayButton>
      <DayButton label="Next daily note" none="No later daily note" to={n.next} onOpen={onOpen}>
        ›
      </DayButton>
      <DailyCalendarButton key={n.date} date={n.date} onOpen={onOpen} />
    </span>
  );
}

interface DayButtonProps {
  label: string;
  /** none is the title when there is no such note. */
  none: string;
  to: NoteSummary | null;
  onOpen(id: string): void;
  children: ReactNode;
}

/** DayButton is an arrow to a neighbouring daily note, disabled when there is none. */
function DayButton({ label, none, to, onOpen, children }: DayButtonProps) {
  return (
    <button type="button" aria-label={label} title={to ? `${label}: ${to.title}` : none} disabled={!to} onClick={() => to && onOpen(to.id)}>
      {children}
    </button>
  );
}
