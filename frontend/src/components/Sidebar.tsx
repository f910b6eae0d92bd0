import { memo, useState, type ReactNode } from "react";
import type { Note, NoteOrder, NoteSummary } from "../api";
import type { NotePages } from "../hooks/useNotePages";
import { NewNoteForm } from "./NewNoteForm";
import { NoteList } from "./NoteList";
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
  onSelect(note: NoteSummary): void;
  creating: boolean;
  onCreating(creating: boolean): void;
  onCreated(note: Note): void;
  onTrashChanged(): void;
  /** search is the search panel, shown in the search view. */
  search?: ReactNode;
  /** onToday opens today's daily note. */
  onToday?(): void;
  /** footer shows under the list (tags). */
  footer?: ReactNode;
}

/** Sidebar holds the new-note action, the sort and view toggles, and the note list. It re-renders only when its props change, not on every keystroke in the editor. */
export const Sidebar = memo(function Sidebar(props: SidebarProps) {
  const { view, order, pages } = props;
  const [actionError, setActionError] = useState<string | null>(null);
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
        <button
          type="button"
          className="primary"
          title="New note (Ctrl/Cmd+N)"
          onClick={() => props.onCreating(true)}
        >
          New note
        </button>
        {props.onToday && (
          <button type="button" title="Today's note (Ctrl/Cmd+D)" onClick={props.onToday}>
            Today
          </button>
        )}
      </div>
      {view === "search" && props.search}
      {props.creating && <NewNoteForm onCreated={props.onCreated} onCancel={() => props.onCreating(false)} />}
      <div className="sidebar-sub" hidden={view === "search"}>
        <span className="count">{pages.total >= 0 ? `${pages.total.toLocaleString()} ${view === "trash" ? "in trash" : "notes"}` : ""}</span>
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
        total={Math.max(0, pages.total)}
        rowAt={pages.rowAt}
        onRange={pages.showRange}
        selectedId={view === "notes" ? props.selectedId : null}
        onSelect={(n) => view === "notes" && props.onSelect(n)}
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
