import type { ReactNode } from "react";
import type { AutosaveSession, SessionState } from "../editing/AutosaveSession";
import type { LinkNav } from "../editing/linkNav";
import { toggleSourceMode, useSourceMode } from "../editing/sourceMode";
import { ConflictBanner } from "./ConflictBanner";
import { DailyNav } from "./DailyNav";
import { Editor } from "./Editor";
import { PropertiesEditor } from "./PropertiesEditor";
import { SaveIndicator } from "./SaveIndicator";
import { TitleField } from "./TitleField";
import { NoteSparkline } from "../timeline/Sparkline";

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
  /** nav follows the editor's links. */
  nav?: LinkNav;
  /** onCloseSplit closes the pane (the split to the right has a close button). */
  onCloseSplit?(): void;
  /** onOpenNote opens a note by id here (a daily note's previous/next arrows). */
  onOpenNote?(id: string): void;
}

/** NotePane is the main pane: title, save status, conflict banner and the Markdown editor. */
export function NotePane({ session, state, historyOpen, onToggleHistory, onTrash, reading, onToggleReading, onGraph, readingView, nav, onCloseSplit, onOpenNote }: NotePaneProps) {
  return (
    <section className="note-pane" aria-label="Note">
      <header className="note-head">
        <TitleField key={state.id} noteId={state.id} title={state.title} onRename={(t) => session.rename(t)} />
        <SaveIndicator status={state.status} error={state.error} />
        <NoteSparkline noteId={state.id} version={state.version} />
        {onOpenNote && <DailyNav noteId={state.id} onOpen={onOpenNote} />}
        {!reading && <SourceModeButton />}
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
        {onCloseSplit && (
          <button type="button" onClick={onCloseSplit} aria-label="Close split" title="Close the split">
            ×
          </button>
        )}
      </header>
      {state.status === "conflict" && (
        <ConflictBanner onLoadTheirs={() => session.loadTheirs()} onKeepMine={() => session.keepMine()} />
      )}
      {state.status === "error" && state.error && (
        <div className="banner banner-error" role="alert">
          Could not save: {state.error.message} Your text is kept; it is retried when you type or press Ctrl/Cmd+S.
        </div>
      )}
      {!(reading && readingView) && (
        <PropertiesEditor
          body={state.body}
          current={() => session.snapshot().body}
          onChange={(body) => (session.replace(body), void session.flush())}
          onOpenLink={(target) => nav?.follow({ kind: "note", target, heading: "", from: 0, to: 0 }, "here")}
        />
      )}
      {reading && readingView ? (
        readingView
      ) : (
        <Editor
          docKey={state.id}
          value={state.body}
          onChange={(body) => session.edit(body)}
          onBlur={() => void session.flush()}
          nav={nav}
        />
      )}
    </section>
  );
}

// SourceModeButton switches the editor between live preview and the Markdown as written.
function SourceModeButton() {
  const source = useSourceMode();
  return (
    <button type="button" aria-pressed={source} onClick={toggleSourceMode} title="Source mode: show the Markdown as written (else live preview)">
      Source
    </button>
  );
}
