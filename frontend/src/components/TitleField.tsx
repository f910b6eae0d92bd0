import { useRef, useState } from "react";
import { parseError, type AppError } from "../api";

/** TitleFieldProps: title is the stored title; onRename rejects with an AppError. */
export interface TitleFieldProps {
  noteId: string;
  title: string;
  onRename(title: string): Promise<void>;
}

/** TitleField edits a note's title, renaming on Enter or blur; Escape reverts. */
export function TitleField({ noteId, title, onRename }: TitleFieldProps) {
  const [draft, setDraft] = useState(title);
  const [error, setError] = useState<AppError | null>(null);
  // committing holds the title being renamed to, so Enter then blur renames once.
  const committing = useRef<string | null>(null);

  // Another note, or the title changed elsewhere: start over from it, in
  // this render (an effect would draw the old title for a frame first).
  const [shownFor, setShownFor] = useState({ noteId, title });
  if (shownFor.noteId !== noteId || shownFor.title !== title) {
    setShownFor({ noteId, title });
    setDraft(title);
    setError(null);
  }

  const commit = async () => {
    const next = draft.trim();
    if (next === title || next === committing.current) {
      if (next === title) setDraft(title);
      return;
    }
    committing.current = next;
    try {
      await onRename(next);
      setError(null);
    } catch (e) {
      setError(parseError(e));
    } finally {
      committing.current = null;
    }
  };

  return (
    <div className="title-field">
      <input
        aria-label="Title"
        className="title-input"
        value={draft}
        aria-invalid={error !== null}
        onChange={(e) => {
          setDraft(e.target.value);
          setError(null);
        }}
        onBlur={() => void commit()}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            void commit();
          } else if (e.key === "Escape") {
            setDraft(title);
            setError(null);
          }
        }}
      />
      {error && (
        <p className="inline-error" role="alert">
          {error.code === "invalid" || error.code === "conflict" ? error.message : "Could not rename the note."}
        </p>
      )}
    </div>
  );
}
