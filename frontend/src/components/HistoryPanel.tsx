import { useEffect, useState } from "react";
import { getVersion, noteHistory, parseError, type AppError, type Version } from "../api";
import { formatWhen } from "./NoteList";

/** HistoryPanelProps: the note whose history to show and how to restore a version. */
export interface HistoryPanelProps {
  noteId: string;
  /** currentVersion is the open note's version; the list reloads when it moves. */
  currentVersion: number;
  onRestore(version: number): Promise<void>;
  onClose(): void;
}

const kindLabels: Record<string, string> = {
  "note.created": "created",
  "note.updated": "edited",
  "note.renamed": "renamed",
  "note.trashed": "trashed",
  "note.restored": "restored",
  "note.reverted": "reverted",
  "note.deleted": "deleted",
};

/** HistoryPanel lists a note's versions and shows a chosen one read-only, with a way to restore it. */
export function HistoryPanel({ noteId, currentVersion, onRestore, onClose }: HistoryPanelProps) {
  const [versions, setVersions] = useState<Version[] | null>(null);
  const [chosen, setChosen] = useState<Version | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    noteHistory(noteId).then(
      (vs) => {
        if (!live) return;
        setVersions(vs);
        setError(null);
      },
      (e: unknown) => live && setError(parseError(e)),
    );
    return () => {
      live = false;
    };
  }, [noteId, currentVersion]);

  useEffect(() => setChosen(null), [noteId]);

  const choose = async (v: Version) => {
    try {
      setChosen(await getVersion(noteId, v.version));
      setError(null);
    } catch (e) {
      setError(parseError(e));
    }
  };

  const restore = async () => {
    if (!chosen) return;
    setBusy(true);
    try {
      await onRestore(chosen.version);
      setChosen(null);
    } catch (e) {
      setError(parseError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <aside className="history" aria-label="History">
      <div className="history-head">
        <h2>History</h2>
        <button type="button" onClick={onClose} aria-label="Close history">
          ×
        </button>
      </div>
      {error && (
        <p className="inline-error" role="alert">
          {error.message}
        </p>
      )}
      <ol className="history-list">
        {versions?.map((v) => (
          <li key={v.seq}>
            <button
              type="button"
              className={chosen?.version === v.version ? "selected" : undefined}
              aria-pressed={chosen?.version === v.version}
              onClick={() => void choose(v)}
            >
              <span className="history-version">v{v.version}</span>
              <span className="history-kind">{kindLabels[v.kind] ?? v.kind}</span>
              <span className="history-at">{formatWhen(v.at)}</span>
            </button>
          </li>
        ))}
      </ol>
      {chosen && (
        <div className="history-view">
          <div className="history-view-head">
            <span>
              Version {chosen.version}
              {chosen.version === currentVersion ? " (current)" : ""}
            </span>
            <button
              type="button"
              className="primary"
              disabled={busy || chosen.purged || chosen.version === currentVersion}
              onClick={() => void restore()}
            >
              Restore this version
            </button>
          </div>
          {/* Shown as plain text: note bodies are untrusted and never become HTML here. */}
          <pre className="history-body" aria-label={`Version ${chosen.version} text`}>
            {chosen.purged ? "(the text of this version was deleted)" : chosen.body}
          </pre>
        </div>
      )}
    </aside>
  );
}
