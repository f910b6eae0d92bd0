import { longDate } from "./dates";
import type { DayNote } from "./source";

/** changeWords lists what happened to a note on a day: "created", "3 edits", "+120 −4 words", "renamed from …", "trashed". */
export function changeWords(n: DayNote): string[] {
  const out: string[] = [];
  if (n.created) out.push("created");
  if (n.edits > 0) out.push(`${n.edits} ${n.edits === 1 ? "edit" : "edits"}`);
  if (n.words_added || n.words_removed) out.push(`+${n.words_added} −${n.words_removed} words`);
  if (n.renamed_from) out.push(`renamed from “${n.renamed_from}”`);
  else if (n.renamed) out.push("renamed");
  if (n.trashed) out.push("trashed");
  return out;
}

/** DayNotesProps: the day, its notes (null while loading) and how to open one. */
export interface DayNotesProps {
  date: string;
  notes: DayNote[] | null;
  onOpen(id: string): void;
}

/** DayNotes lists the notes touched on a day with what changed in each; a click opens the note. */
export function DayNotes({ date, notes, onOpen }: DayNotesProps) {
  return (
    <section className="day-notes" aria-label={`Notes of ${date}`}>
      <h3>
        {longDate(date)} <span className="count">{notes ? notes.length : "…"}</span>
      </h3>
      {notes && notes.length === 0 && <p className="muted">No note was changed that day.</p>}
      {notes && notes.length > 0 && (
        <ul>
          {notes.map((n) => (
            <li key={n.id} className={n.trashed ? "trashed" : ""}>
              <button type="button" className="link" title={n.path} onClick={() => onOpen(n.id)}>
                {n.title || "Untitled"}
              </button>
              <span className="day-changes">
                {changeWords(n).map((w) => (
                  <span key={w} className="change">
                    {w}
                  </span>
                ))}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
