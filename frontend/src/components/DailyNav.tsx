import { useEffect, useState } from "react";
import { dailyNeighbors, type DailyNeighbors } from "../api";

/** DailyNavProps: the open note, and how to open another by id. */
export interface DailyNavProps {
  noteId: string;
  onOpen(id: string): void;
}

/**
 * DailyNav shows, on a daily note, arrows to the existing daily notes before
 * and after it (days without a note are skipped). It shows nothing on other notes.
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
      <button
        type="button"
        aria-label="Previous daily note"
        title={n.prev ? `Previous daily note: ${n.prev.title}` : "No earlier daily note"}
        disabled={!n.prev}
        onClick={() => n.prev && onOpen(n.prev.id)}
      >
        ‹
      </button>
      <button
        type="button"
        aria-label="Next daily note"
        title={n.next ? `Next daily note: ${n.next.title}` : "No later daily note"}
        disabled={!n.next}
        onClick={() => n.next && onOpen(n.next.id)}
      >
        ›
      </button>
    </span>
  );
}
