import type { ReactNode } from "react";
import type { AutosaveSession, SessionState } from "../editing/AutosaveSession";
import { ConflictBanner } from "./ConflictBanner";
import { Editor } from "./Editor";
import { SaveIndicator } from "./SaveIndicator";
import { TitleField } from "./TitleField";

/** NotePaneProps: the open note's session and snapshot, and the pane's actions. */
export interface NotePaneProps {
  session: AutosaveSession;
  state: SessionState;
  historyOpen: boolean;
  onToggleHistory(): void;
  onTrash(): void;
  /** reading shows readingView instead of the editor. */
  reading?: boolean;
  onToggleReading?(): void;
  onGraph?(): void;
  readingView?: ReactNode;
}

/** NotePane is the main pane: title, save status, conflict banner and the Markdown editor. */
export function NotePane({ session, state, historyOpen, onToggleHistory, onTrash, reading, onToggleReading, onGraph, readingView }: NotePaneProps) {
  return (
    <section className="note-pane" aria-label="Note">
      <header className="note-head">
        <TitleField key={state.id} noteId={state.id} title={state.title} onRename={(t) => session.rename(t)} />
        <SaveIndicator status={state.status} error={state.error} />
        {onToggleReading && (
          <button type="button" aria-pressed={!!reading} onClick={onToggleReading} title="Reading view (Ctrl/Cmd+E)">
            Read
          </button>
        )}
        {onGraph && (
          <button type="button" onClick={onGraph} title="Graph (Ctrl/Cmd+G)">
            Graph
          </button>
        )}
        <button type="button" aria-pressed={historyOpen} onClick={onToggleHistory}>
          History
        </button>
        <button type="button" onClick={onTrash} title="Move to trash">
          Trash
        </button>
      </header>
      {state.status === "conflict" && (
        <ConflictBanner onLoadTheirs={() => session.loadTheirs()} onKeepMine={() => session.keepMine()} />
      )}
      {state.status === "error" && state.error && (
        <div className="banner banner-error" role="alert">
          Could not save: {state.error.message} Your text is kept; it is retried when you type or press Ctrl/Cmd+S.
        </div>
      )}
      {reading && readingView ? (
        readingView
      ) : (
        <Editor
          docKey={state.id}
          value={state.body}
          onChange={(body) => session.edit(body)}
          onBlur={() => void session.flush()}
        />
      )}
    </section>
  );
}
