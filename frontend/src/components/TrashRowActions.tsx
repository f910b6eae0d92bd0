import { useState } from "react";
import { deleteNote, parseError, restoreNote, type AppError, type NoteSummary } from "../api";

/** TrashRowActions restores a trashed note or, after a second click, deletes it for good. */
export function TrashRowActions({
  note,
  onDone,
  onError,
}: {
  note: NoteSummary;
  onDone(): void;
  onError(err: AppError): void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  const run = async (op: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await op();
      onDone();
    } catch (e) {
      onError(parseError(e));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <>
      <button type="button" disabled={busy} onClick={() => run(() => restoreNote(note.id))}>
        Restore
      </button>
      {confirming ? (
        <button type="button" className="danger" disabled={busy} onClick={() => run(() => deleteNote(note.id))} onBlur={() => setConfirming(false)} autoFocus>
          Delete forever?
        </button>
      ) : (
        <button type="button" disabled={busy} onClick={() => setConfirming(true)} title={`Delete "${note.title}" permanently`}>
          Delete
        </button>
      )}
    </>
  );
}
