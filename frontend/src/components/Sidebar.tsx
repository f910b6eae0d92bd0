import { memo, useEffect, useRef, useState, type ReactNode } from "react";
import { createNote, getNote, type Folder, type Note, type NoteOrder, type NoteSummary } from "../api";
import * as focusIntent from "../editing/focusIntent";
import { FolderTree } from "./FolderTree";
import type { NotePages } from "../hooks/useNotePages";
import { NewNoteForm } from "./NewNoteForm";
import { NoteList, type RowOpen } from "./NoteList";
import { TrashRowActions } from "./TrashRowActions";

/** SidebarView is which list the sidebar shows. */
export type SidebarView = "notes" | "search" | "trash";

/** SidebarProps wires the sidebar to the app's state. */
export interface SidebarProps {
  view: SidebarView;
  onView(view: SidebarView): void;
  order: NoteOrder;
  onOrder(order: NoteOrder): void;
  pages: NotePages;
  selectedId: string | null;
  onSelect(note: NoteSummary, how?: RowOpen): void;
  creating: boolean;
  /** newKey starts the new-note form afresh (Ctrl/Cmd+N while it is open focuses it again). */
  newKey?: number;
  onCreating(creating: boolean): void;
  onCreated(note: Note): void;
  onTrashChanged(): void;
  /** search is the search panel, shown in the search view. */
  search?: ReactNode;
  /** onToday opens today's daily note. */
  onToday?(): void;
  /** footer shows under the list (tags). */
  footer?: ReactNode;
  /** folders are the vault's folders with their note counts. */
  folders?: readonly Folder[];
  /** folder filters the note list to a folder and its subfolders; null for every note. */
  folder?: string | null;
  onFolder?(folder: string | null): void;
  /** readOnly leaves out the actions that write (new note, today's note): the vault is shown as of a moment. */
  readOnly?: boolean;
}

/** Sidebar holds the new-note action, the sort and view toggles, the folder tree and the note list. It re-renders only when its props change, not on every keystroke in the editor. */
export const Sidebar = memo(function Sidebar(props: SidebarProps) {
  const { view, order, pages } = props;
  const [actionError, setActionError] = useState<string | null>(null);
  const openPath = useOpenPath(view === "notes" && (props.folders?.length ?? 0) > 0 ? props.selectedId : null, pages);
  return (
    <aside className="sidebar">
      <div className="sidebar-head">
        <div className="segmented" role="group" aria-label="View">
          <button type="button" aria-pressed={view === "notes"} onClick={() => props.onView("notes")}>
            Notes
          </button>
          <button type="button" aria-pressed={view === "search"} onClick={() => props.onView("search")} title="Search (Ctrl/Cmd+Shift+F)">
            Search
          </button>
          <button type="button" aria-pressed={view === "trash"} onClick={() => props.onView("trash")}>
            Trash
          </button>
        </div>
        {!props.readOnly && (
          <button type="button" className="primary" title="New note (Ctrl/Cmd+N)" onClick={() => props.onCreating(true)}>
            New note
          </button>
        )}
        {props.onToday && !props.readOnly && (
          <button type="button" title="Today's note (Ctrl/Cmd+D)" onClick={props.onToday}>
            Today
          </button>
        )}
      </div>
      {view === "search" && props.search}
      {props.creating && !props.readOnly && (
        <NewNoteForm key={props.newKey} create={createHolding} onCreated={props.onCreated} onCancel={() => props.onCreating(false)} />
      )}
      {view === "notes" && props.folders && props.onFolder && props.folders.length > 0 && (
        <details className="folders" open>
          <summary>Folders</summary>
          <FolderTree folders={props.folders} selected={props.folder ?? null} onSelect={props.onFolder} openPath={openPath} />
        </details>
      )}
      <div className="sidebar-sub" hidden={view === "search"}>
        <span className="count">
          {pages.total >= 0 ? `${pages.total.toLocaleString()} ${view === "trash" ? "in trash" : "notes"}` : ""}
          {view === "notes" && props.folder != null && (
            <>
              {" in "}
              <span className="folder-filter" title={props.folder}>
                {props.folder.split("/").pop()}
              </span>{" "}
              <button type="button" className="link" aria-label="Show all notes" onClick={() => props.onFolder?.(null)}>
                ×
              </button>
            </>
          )}
        </span>
        <label>
          Sort{" "}
          <select aria-label="Sort" value={order} onChange={(e) => props.onOrder(e.target.value as NoteOrder)}>
            <option value="updated">Updated</option>
            <option value="title">Title</option>
          </select>
        </label>
      </div>
      {pages.error && (
        <p className="inline-error" role="alert">
          {pages.error.code === "unavailable" ? "Waiting for the note store…" : pages.error.message}
        </p>
      )}
      {actionError && (
        <p className="inline-error" role="alert">
          {actionError}
        </p>
      )}
      {view !== "search" && <NoteList
        label={view === "trash" ? "Trash" : "Notes"}
        folder={view === "notes" ? props.folder ?? null : null}
        total={Math.max(0, pages.total)}
        rowAt={pages.rowAt}
        onRange={pages.showRange}
        selectedId={view === "notes" ? props.selectedId : null}
        onSelect={(n, how) => view === "notes" && props.onSelect(n, how)}
        actions={
          view === "trash"
            ? (n) => (
                <TrashRowActions
                  note={n}
                  onDone={() => {
                    setActionError(null);
                    props.onTrashChanged();
                  }}
                  onError={(e) => setActionError(e.message)}
                />
              )
            : undefined
        }
      />}
      {view === "notes" && props.footer}
    </aside>
  );
});

// createHolding creates a note and keeps what is typed after Enter for its
// editor (the title field is disabled while the note is made).
async function createHolding(title: string): Promise<Note> {
  focusIntent.hold();
  try {
    return await createNote(title);
  } catch (e) {
    focusIntent.release();
    throw e;
  }
}

/**
 * useOpenPath finds the open note's path (id null: none), for the folder
 * tree to reveal: in the list's loaded rows when it is there (it was
 * clicked), else from the backend.
 */
function useOpenPath(id: string | null, pages: NotePages): string | undefined {
  const [found, setFound] = useState<{ id: string; path: string } | null>(null);
  const rows = useRef(pages);
  rows.current = pages;
  useEffect(() => {
    if (!id) return;
    const { total, rowAt } = rows.current;
    for (let i = 0; i < Math.min(total, 2000); i++) {
      const row = rowAt(i);
      if (row?.id === id) {
        setFound({ id, path: row.path });
        return;
      }
    }
    let live = true;
    getNote(id).then(
      (n) => live && setFound({ id, path: n.path }),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [id]);
  return id && found?.id === id ? found.path : undefined;
}
