import { useState } from "react";
import { parseError, type AppError } from "../api";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorLine } from "../components/ErrorLine";
import { formatMoment, useAsOf } from "./asOf";
import { useTimelineSource } from "./useTimelineSource";

/** AsOfBannerProps: the open note and the folder in view, which the banner offers to restore as of the moment. */
export interface AsOfBannerProps {
  noteId?: string | null;
  noteTitle?: string;
  folder?: string | null;
  /** onRestored is told what was restored, to reload the views. */
  onRestored?(what: { note?: string; folder?: string; count?: number }): void;
}

/**
 * AsOfBanner says the vault is shown as of a past moment (read-only), goes
 * back to now, and restores the open note or the folder in view as of that
 * moment as new versions. It shows nothing while the app shows now.
 */
export function AsOfBanner({ noteId, noteTitle, folder, onRestored }: AsOfBannerProps) {
  const { asOf, setAsOf } = useAsOf();
  const source = useTimelineSource();
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState("");
  const [busy, setBusy] = useState(false);
  const [confirmFolder, setConfirmFolder] = useState(false);
  if (!asOf) return null;
  const when = formatMoment(asOf);
  const run = async (what: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setDone("");
    try {
      setDone(await what());
    } catch (e) {
      setError(parseError(e));
    } finally {
      setBusy(false);
    }
  };
  const restoreNote = () =>
    noteId &&
    void run(async () => {
      await source.restoreNote(noteId, asOf);
      onRestored?.({ note: noteId });
      return `Restored “${noteTitle || "the note"}” as of ${when} as a new version.`;
    });
  const restoreFolder = () =>
    folder &&
    void run(async () => {
      const count = await source.restoreFolder(folder, asOf);
      onRestored?.({ folder, count });
      return `Restored ${count} ${count === 1 ? "note" : "notes"} in ${folder} as of ${when}.`;
    });
  return (
    <div className="banner banner-asof" role="status" aria-label="As of">
      <span>
        Viewing the vault as of <strong>{when}</strong> (read-only).
      </span>
      <span className="banner-actions">
        {noteId && (
          <button type="button" disabled={busy} onClick={restoreNote}>
            Restore this note as of then
          </button>
        )}
        {folder && (
          <button type="button" disabled={busy} onClick={() => setConfirmFolder(true)}>
            Restore folder {folder} as of then
          </button>
        )}
        <button type="button" className="primary" onClick={() => setAsOf(null)}>
          Back to now
        </button>
      </span>
      {done && <span className="asof-done">{done}</span>}
      <ErrorLine error={error} />
      {confirmFolder && (
        <ConfirmDialog
          message={`Restore every note in ${folder} as it was on ${when}? Each changed note gets a new version; the history keeps the current text.`}
          yes="Restore folder"
          onAnswer={(ok) => {
            setConfirmFolder(false);
            if (ok) restoreFolder();
          }}
        />
      )}
    </div>
  );
}
