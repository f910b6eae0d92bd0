import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  parseError,
  resolveVaultConflict,
  vaultConflict,
  vaultConflicts,
  type AppError,
  type ConflictChoice,
  type VaultConflict,
  type VaultConflictDetail,
} from "../api";
import { sideBySide, type SideCell } from "../history/sideBySide";
import { formatWhen } from "./NoteList";
import { ErrorLine } from "./ErrorLine";

/** ConflictsViewProps: closing, opening a note, and the conflict count (a change reloads the list). */
export interface ConflictsViewProps {
  onClose(): void;
  onOpenNote?(id: string): void;
  /** count is the vault status's number of conflicts; when it changes the list is read again. */
  count?: number;
}

const done: Record<ConflictChoice, string> = {
  note: "Kept the note's text; the file now matches it.",
  file: "Kept the file's text; the note's earlier text stays in its history.",
  both: "Kept both: the file's text is a note of its own.",
};

/**
 * ConflictsView lists the conflicts the vault folder's mirror kept (title,
 * path, when) and shows one as the note's text beside the file's, line by
 * line, with "Keep note", "Keep file" and "Keep both". Escape goes back from
 * a conflict to the list, and from the list closes the view.
 */
export function ConflictsView({ onClose, onOpenNote, count }: ConflictsViewProps) {
  const [list, setList] = useState<VaultConflict[] | null>(null);
  const [detail, setDetail] = useState<VaultConflictDetail | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  const returnTo = useRef<string | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const headRef = useRef<HTMLHeadingElement>(null);

  // reads counts the reasons to read the list again (a resolved conflict); count from the status is another.
  const [reads, setReads] = useState(0);
  const reload = () => setReads((n) => n + 1);
  useEffect(() => {
    let live = true;
    vaultConflicts().then(
      (l) => live && setList(l),
      (e: unknown) => live && setError(parseError(e)),
    );
    return () => {
      live = false;
    };
  }, [reads, count]);

  // Focus: the conflict left (or the first) when the list shows, the heading when one opens.
  useEffect(() => {
    if (detail) {
      headRef.current?.focus();
      return;
    }
    if (!list) return;
    const buttons = [...(listRef.current?.querySelectorAll<HTMLButtonElement>("button[data-id]") ?? [])];
    (buttons.find((b) => b.dataset.id === returnTo.current) ?? buttons[0] ?? closeRef.current)?.focus();
  }, [detail, list]);

  const back = useCallback(() => {
    returnTo.current = detail?.id ?? null;
    setDetail(null);
  }, [detail]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      e.preventDefault();
      if (detail) back();
      else onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [detail, back, onClose]);

  const open = async (c: VaultConflict) => {
    setBusy(true);
    setError(null);
    setMessage("");
    try {
      setDetail(await vaultConflict(c.id));
    } catch (e) {
      const err = parseError(e);
      setError(err);
      // Resolved elsewhere meanwhile: the list is stale.
      if (err.code === "not_found") reload();
    } finally {
      setBusy(false);
    }
  };

  const resolve = async (keep: ConflictChoice) => {
    if (!detail) return;
    setBusy(true);
    setError(null);
    try {
      await resolveVaultConflict(detail.id, keep);
      setMessage(`${detail.title}: ${done[keep]}`);
      returnTo.current = null;
      // Off the list at once; the list read again says what else changed.
      setList((l) => l?.filter((c) => c.id !== detail.id) ?? null);
      setDetail(null);
      reload();
    } catch (e) {
      setError(parseError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="overlay" role="presentation" onMouseDown={onClose}>
      <div className="dialog conflicts" role="dialog" aria-label="Conflicts" aria-modal="true" onMouseDown={(e) => e.stopPropagation()}>
        {detail ? (
          <ConflictDetail detail={detail} headRef={headRef} busy={busy} onResolve={(k) => void resolve(k)} onBack={back} onOpenNote={onOpenNote} />
        ) : (
          <>
            <h2>Conflicts</h2>
            <p className="muted">
              A note and its file both changed the same lines since they last matched. The note kept the app's text; the file's text
              was saved beside it. Choose which to keep.
            </p>
            {message && (
              <p className="ok" role="status">
                {message}
              </p>
            )}
            {list === null && !error && <p className="muted">Loading…</p>}
            {list?.length === 0 && <p className="muted">No conflicts: every note matches its file.</p>}
            <ul className="conflict-list" ref={listRef} aria-label="Conflicts list">
              {list?.map((c) => (
                <li key={c.id}>
                  <button type="button" data-id={c.id} disabled={busy} onClick={() => void open(c)}>
                    <span className="conflict-title">{c.title || "Untitled"}</span>
                    <span className="conflict-path">{c.path}</span>
                    <span className="conflict-when" title={c.created}>
                      {formatWhen(c.created)}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
        <ErrorLine error={error} />
        <div className="row end">
          <button type="button" ref={closeRef} onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}

interface ConflictDetailProps {
  detail: VaultConflictDetail;
  headRef: React.RefObject<HTMLHeadingElement | null>;
  busy: boolean;
  onResolve(keep: ConflictChoice): void;
  onBack(): void;
  onOpenNote?(id: string): void;
}

/** ConflictDetail shows one conflict: the note's and the file's text side by side, and the three ways out. */
function ConflictDetail({ detail, headRef, busy, onResolve, onBack, onOpenNote }: ConflictDetailProps) {
  const rows = useMemo(() => sideBySide(detail.note_text, detail.file_text), [detail.note_text, detail.file_text]);
  const noteLabel = `Note (in the app, version ${detail.note_version})`;
  const device = detail.source?.startsWith("device:") ? detail.source.slice("device:".length) : "";
  const fileLabel = device ? `Device ${device} (${detail.conflict_path})` : `File (${detail.conflict_path || detail.path})`;
  return (
    <>
      <div className="conflict-head">
        <button type="button" onClick={onBack} aria-label="Back to the conflicts list">
          ← Conflicts
        </button>
        <h2 ref={headRef} tabIndex={-1}>
          {detail.title || "Untitled"}
        </h2>
      </div>
      <p className="muted">
        <code>{detail.path}</code>
        {detail.conflict_path && (
          <>
            {" "}
            and <code>{detail.conflict_path}</code>
          </>
        )}{" "}
        · {formatWhen(detail.created)}
        {onOpenNote && (
          <>
            {" · "}
            <button type="button" className="link" onClick={() => onOpenNote(detail.note_id)}>
              Open the note
            </button>
          </>
        )}
      </p>
      <div className="side-diff" role="table" aria-label={`${noteLabel} beside ${fileLabel}`}>
        <div className="side-row side-head" role="row">
          <span role="columnheader">{noteLabel}</span>
          <span role="columnheader">{fileLabel}</span>
        </div>
        {rows.map((r, i) =>
          r.kind === "fold" ? (
            <div key={i} className="side-row diff-fold" role="row">
              <span role="cell">{plural(r.count)} unchanged</span>
            </div>
          ) : (
            <div key={i} className={`side-row side-${r.kind}`} role="row">
              <Cell cell={r.left} side="del" changed={r.kind === "change"} label="note" />
              <Cell cell={r.right} side="add" changed={r.kind === "change"} label="file" />
            </div>
          ),
        )}
      </div>
      <div className="row end conflict-actions">
        <button type="button" disabled={busy} onClick={() => onResolve("note")} title="Keep the app's text; the file's text is set aside">
          Keep note
        </button>
        <button type="button" disabled={busy} onClick={() => onResolve("file")} title={device ? "Take the other device's text into the note; the note's text stays in its history" : "Take the file's text into the note; the note's text stays in its history"}>
          {device ? "Keep other" : "Keep file"}
        </button>
        <button type="button" className="primary" disabled={busy} onClick={() => onResolve("both")} title="Keep the note as it is and the file's text as a note of its own">
          Keep both
        </button>
      </div>
    </>
  );
}

function plural(n: number): string {
  return n === 1 ? "1 line" : `${n.toLocaleString()} lines`;
}

/** Cell is one side of a row: its line number and text, marked when only this side has it. */
function Cell({ cell, side, changed, label }: { cell: SideCell | null; side: "add" | "del"; changed: boolean; label: string }) {
  if (!cell) return <span className="side-cell side-empty" role="cell" aria-label={`no line in the ${label}`} />;
  return (
    <span className={`side-cell${changed ? ` diff-${side}` : ""}`} role="cell">
      <span className="diff-num">{cell.line}</span>
      <span className="diff-text">{cell.text}</span>
    </span>
  );
}
