import { useEffect, useRef } from "react";
import { createNote, type AppError, type Note } from "../api";
import { useNewNoteTitle } from "../hooks/useNewNoteTitle";

/** NewNoteFormProps: onCreated gets the new note; onCancel closes the form. */
export interface NewNoteFormProps {
  onCreated(note: Note): void;
  onCancel(): void;
  create?: (title: string) => Promise<Note>;
}

/** NewNoteForm asks for a title inline and shows why the backend refused it. */
export function NewNoteForm({ onCreated, onCancel, create = (t) => createNote(t) }: NewNoteFormProps) {
  const input = useRef<HTMLInputElement>(null);
  const { error, submit, input: inputProps } = useNewNoteTitle(create, onCreated, () => input.current?.focus());

  useEffect(() => input.current?.focus(), []);

  return (
    <form className="new-note" onSubmit={submit}>
      <input
        ref={input}
        aria-label="New note title"
        placeholder="Title, then Enter"
        {...inputProps}
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
