import { useEffect, useRef, useState, type FormEvent } from "react";
import { createNote, parseError, type AppError, type Note } from "../api";

/** NewNoteFormProps: onCreated gets the new note; onCancel closes the form. */
export interface NewNoteFormProps {
  onCreated(note: Note): void;
  onCancel(): void;
  create?: (title: string) => Promise<Note>;
}

/** NewNoteForm asks for a title inline and shows why the backend refused it. */
export function NewNoteForm({ onCreated, onCancel, create = (t) => createNote(t) }: NewNoteFormProps) {
  const input = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState("");
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => input.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      onCreated(await create(title.trim()));
    } catch (err) {
      setError(parseError(err));
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="new-note" onSubmit={submit}>
      <input
        ref={input}
        aria-label="New note title"
        placeholder="Title, then Enter"
        value={title}
        disabled={busy}
        aria-invalid={error !== null}
        onChange={(e) => {
          setTitle(e.target.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === "Escape") onCancel();
        }}
      />
      {error && (
        <p className="inline-error" role="alert">
          {errorText(error)}
        </p>
      )}
    </form>
  );
}

function errorText(err: AppError): string {
  switch (err.code) {
    case "invalid":
    case "conflict":
      return err.message;
    case "unavailable":
      return "The note store is not available yet.";
    default:
      return "Could not create the note.";
  }
}
