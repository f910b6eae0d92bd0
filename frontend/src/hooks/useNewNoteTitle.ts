import { useState, type ChangeEvent, type FormEvent } from "react";
import type { AppError, Note } from "../api";
import { useBusyAction } from "./useBusyAction";

/**
 * useNewNoteTitle is a form that makes a note from a typed title (the
 * sidebar's new-note form, the first-run screen): create gets the trimmed
 * title, onCreated the note; a refusal shows until the title changes, and
 * goes to onFailed too.
 */
export function useNewNoteTitle(create: (title: string) => Promise<Note>, onCreated: (note: Note) => void, onFailed?: () => void) {
  const [title, setTitle] = useState("");
  const [error, setError] = useState<AppError | null>(null);
  const { busy, run } = useBusyAction((err) => {
    setError(err);
    onFailed?.();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    return run(async () => onCreated(await create(title.trim())));
  };
  /** input goes on the title input. */
  const input = {
    value: title,
    disabled: busy,
    "aria-invalid": error !== null,
    onChange: (e: ChangeEvent<HTMLInputElement>) => {
      setTitle(e.target.value);
      setError(null);
    },
  };
  return { error, busy, submit, input };
}
