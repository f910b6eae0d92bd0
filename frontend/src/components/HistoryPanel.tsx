import { useEffect, useMemo, useState } from "react";
import { getVersion, noteHistory, parseError, type AppError, type Version } from "../api";
import { diffLines, diffStats, foldUnchanged, type DiffRow } from "../history/diff";
import { useBusyAction } from "../hooks/useBusyAction";
import { formatWhen } from "./NoteList";
import { ErrorLine } from "./ErrorLine";

/** HistoryPanelProps: the note whose history to show and how to restore a version. */
export interface HistoryPanelProps {
  noteId: string;
  /** currentVersion is the open note's version; the list reloads when it moves. */
  currentVersion: number;
  /** currentBody is the open note's text now, which a chosen version is compared with. */
  currentBody: string;
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

/**
 * HistoryPanel lists a note's versions; a chosen one shows as a line diff
 * against the current text (or as its whole text), with a way to restore it.
 */
export function HistoryPanel({ noteId, currentVersion, currentBody, onRestore, onClose }: HistoryPanelProps) {
  const [versions, setVersions] = useState<Version[] | null>(null);
  const [chosen, setChosen] = useState<Version | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const { busy, run } = useBusyAction(setError);
  const [mode, setMode] = useState<"diff" | "text">("diff");
  const diff = useMemo(() => {
    if (!chosen || chosen.purged) return null;
    const ops = diffLines(chosen.body ?? "", currentBody);
    return { rows: foldUnchanged(ops), stats: diffStats(ops) };
  }, [chosen, currentBody]);

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
    await run(async () => {
      await onRestore(chosen.version);
      setChosen(null);
    });
  };

  return (
    <aside className="history" aria-label="History">
      <div className="history-head">
        <h2>History</h2>
        <button type="button" onClick={onClose} aria-label="Close history">
          ×
        </button>
      </div>
      <ErrorLine error={error} />
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
          {!chosen.purged && (
            <div className="segmented" role="group" aria-label="Show">
              <button type="button" aria-pressed={mode === "diff"} onClick={() => setMode("diff")}>
                Changes
              </button>
              <button type="button" aria-pressed={mode === "text"} onClick={() => setMode("text")}>
                Text
              </button>
            </div>
          )}
          {/* Shown as plain text: note bodies are untrusted and never become HTML here. */}
          {chosen.purged || mode === "text" || !diff ? (
            <pre className="history-body" aria-label={`Version ${chosen.version} text`}>
              {chosen.purged ? "(the text of this version was deleted)" : chosen.body}
            </pre>
          ) : (
            <DiffView version={chosen.version} rows={diff.rows} added={diff.stats.added} removed={diff.stats.removed} />
          )}
        </div>
      )}
    </aside>
  );
}

/** DiffView shows a version against the current text: removed lines (only in the version) and added lines (only now). */
function DiffView({ version, rows, added, removed }: { version: number; rows: DiffRow[]; added: number; removed: number }) {
  return (
    <div className="history-diff-wrap">
      <p className="muted history-diff-summary">
        {added === 0 && removed === 0
          ? `Version ${version} is the same as the current text.`
          : `From version ${version} to now: +${added} added, −${removed} removed`}
      </p>
      <div className="history-diff" role="table" aria-label={`Changes from version ${version} to the current text`}>
        {rows.map((r, i) =>
          r.kind === "fold" ? (
            <div key={i} className="diff-row diff-fold" role="row">
              <span role="cell">
                ⋯ {r.count} unchanged line{r.count === 1 ? "" : "s"}
              </span>
            </div>
          ) : (
            <div key={i} className={`diff-row diff-${r.kind}`} role="row" aria-label={r.kind === "add" ? "added" : r.kind === "del" ? "removed" : undefined}>
              <span className="diff-num" role="cell">{r.aLine || ""}</span>
              <span className="diff-num" role="cell">{r.bLine || ""}</span>
              <span className="diff-sign" role="cell">{r.kind === "add" ? "+" : r.kind === "del" ? "−" : " "}</span>
              <span className="diff-text" role="cell">{r.text}</span>
            </div>
          ),
        )}
      </div>
    </div>
  );
}
