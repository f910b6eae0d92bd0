import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import type { NoteSummary } from "../api";
import type { Where } from "../hooks/useTabs";

/** RowOpen says where a chosen row opens and whether the caret goes into its editor. */
export interface RowOpen {
  where: Where;
  focus: boolean;
}

/** rowOpen reads a click: Ctrl/Cmd opens a new tab, with Shift the split; a middle click a new tab. */
export function rowOpen(e: { ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; button?: number }): RowOpen {
  const mod = e.ctrlKey || e.metaKey;
  return { where: mod ? (e.shiftKey ? "split" : "tab") : e.button === 1 ? "tab" : "here", focus: true };
}

/** ROW_HEIGHT is the fixed height of a list row in pixels. */
export const ROW_HEIGHT = 44;
const OVERSCAN = 8;
// jsdom and a not-yet-laid-out panel report 0; assume a window-sized list until measured.
const FALLBACK_HEIGHT = 800;

/** NoteListProps feeds NoteList a (possibly partly loaded) list of total rows. */
export interface NoteListProps {
  total: number;
  rowAt(i: number): NoteSummary | undefined;
  /** onRange is told which rows [start, end) are on screen, overscan included. */
  onRange(start: number, end: number): void;
  selectedId: string | null;
  /** onSelect opens a row: arrows browse (the list keeps the focus), Enter and clicks open it for writing (how). */
  onSelect(note: NoteSummary, how?: RowOpen): void;
  /** actions renders buttons at the end of a row (restore, delete in the trash). */
  actions?: (note: NoteSummary) => ReactNode;
  label: string;
  /** folder is the folder the list is filtered to; rows in its subfolders say which one. */
  folder?: string | null;
}

/**
 * NoteList renders only the rows in view (plus a little overscan): a fixed
 * row height lets it place them without measuring, so 10,000 notes cost the
 * same as 20. Arrow keys move the selection.
 */
export function NoteList({ total, rowAt, onRange, selectedId, onSelect, actions, label, folder = null }: NoteListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(FALLBACK_HEIGHT);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setHeight(el.clientHeight || FALLBACK_HEIGHT);
    measure();
    if (typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const start = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const end = Math.min(total, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);

  useEffect(() => {
    if (end > start) onRange(start, end);
  }, [start, end, onRange]);

  const selectedIndex = (() => {
    if (!selectedId) return -1;
    for (let i = start; i < end; i++) if (rowAt(i)?.id === selectedId) return i;
    return -1;
  })();

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === "Enter") {
      const note = rowAt(selectedIndex >= 0 ? selectedIndex : Math.floor(scrollTop / ROW_HEIGHT));
      if (!note) return;
      e.preventDefault();
      onSelect(note, rowOpen(e));
      return;
    }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    e.preventDefault();
    const from = selectedIndex >= 0 ? selectedIndex : Math.floor(scrollTop / ROW_HEIGHT) - (e.key === "ArrowDown" ? 1 : 0);
    const next = Math.min(total - 1, Math.max(0, from + (e.key === "ArrowDown" ? 1 : -1)));
    const note = rowAt(next);
    if (!note) return;
    onSelect(note);
    const el = scroller.current;
    if (el) {
      const top = next * ROW_HEIGHT;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + ROW_HEIGHT > el.scrollTop + height) el.scrollTop = top + ROW_HEIGHT - height;
    }
  };

  const rows: ReactNode[] = [];
  for (let i = start; i < end; i++) {
    const note = rowAt(i);
    const selected = note !== undefined && note.id === selectedId;
    rows.push(
      <div
        key={note?.id ?? `placeholder-${i}`}
        role="option"
        aria-selected={selected}
        aria-posinset={i + 1}
        aria-setsize={total}
        className={`note-row${selected ? " selected" : ""}`}
        style={{ transform: `translateY(${i * ROW_HEIGHT}px)`, height: ROW_HEIGHT }}
        onClick={(e) => note && onSelect(note, rowOpen(e))}
        onMouseDown={(e) => e.button === 1 && e.preventDefault()}
        onAuxClick={(e) => {
          if (e.button === 1 && note) {
            e.preventDefault();
            onSelect(note, rowOpen(e));
          }
        }}
      >
        {note ? (
          <>
            <div className="note-row-text">
              <span className="note-row-title">{note.title || "Untitled"}</span>
              <span className="note-row-meta">
                {folder !== null && subfolder(folder, note.path) && <span className="note-row-folder">{subfolder(folder, note.path)} · </span>}
                {formatWhen(note.trashed_at ?? note.updated_at)}
              </span>
            </div>
            {actions && <div className="note-row-actions">{actions(note)}</div>}
          </>
        ) : (
          <span className="note-row-meta">Loading…</span>
        )}
      </div>,
    );
  }

  return (
    <div
      ref={scroller}
      className="note-list"
      role="listbox"
      aria-label={label}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <div className="note-list-inner" style={{ height: total * ROW_HEIGHT }}>
        {rows}
      </div>
    </div>
  );
}

/** subfolder is where a note lies below folder ("" when directly in it): "projects", "projects/a/b.md" → "a". */
export function subfolder(folder: string, path: string): string {
  const cut = path.lastIndexOf("/");
  const dir = cut < 0 ? "" : path.slice(0, cut);
  if (!folder) return dir;
  return dir.length > folder.length ? dir.slice(folder.length + 1) : "";
}

// The formatters formatWhen uses: made once, since making one costs more
// than formatting with it (and a list formats every visible row).
let timeFormat: Intl.DateTimeFormat | undefined;
let dateFormat: Intl.DateTimeFormat | undefined;

/** formatWhen shows a timestamp as a short local date or time. */
export function formatWhen(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const now = new Date();
  if (d.toDateString() === now.toDateString()) {
    timeFormat ??= new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
    return timeFormat.format(d);
  }
  dateFormat ??= new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric" });
  return dateFormat.format(d);
}
