// The views of the vault as of a moment (useAsOf): the note list, one note
// (read-only: no editor is mounted, so nothing can be saved), search and
// backlinks, each reading the vault as it was then through api/asof.
import { useEffect, useMemo, useRef, useState } from "react";
import {
  asOfBacklinks,
  asOfNote,
  asOfNotes,
  asOfSearch,
  parseError,
  type AppError,
  type AsOfHit,
  type NoteOrder,
  type NoteSummary,
} from "../api";
import { ErrorLine } from "../components/ErrorLine";
import { ReadingView } from "../components/ReadingView";
import type { NotePages } from "../hooks/useNotePages";
import { sanitizeSnippet } from "../render/markdown";
import { formatMoment } from "./asOf";

function inFolder(path: string, folder: string | null): boolean {
  return folder === null || folder === "" || path.toLowerCase().startsWith(folder.toLowerCase().replace(/\/+$/, "") + "/");
}


/** useLoad runs load whenever key changes (not while key is null) and keeps its answer for that key only. */
function useLoad<T>(key: string | null, load: () => Promise<T>): { value: T | null; error: AppError | null } {
  const [res, setRes] = useState<{ key: string; value: T | null; error: AppError | null } | null>(null);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  useEffect(() => {
    if (key === null) return;
    let live = true;
    loadRef.current().then(
      (value) => live && setRes({ key, value, error: null }),
      (e: unknown) => live && setRes({ key, value: null, error: parseError(e) }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return res && res.key === key ? res : { value: null, error: null };
}

/**
 * useAsOfPages is the note list as of a moment in the NotePages shape the
 * sidebar's list reads: the notes that existed then, with their titles and
 * paths then, in folder (null: all), sorted by order. Null while at is null.
 */
export function useAsOfPages(at: string | null, folder: string | null, order: NoteOrder): NotePages | null {
  const [n, setN] = useState(0);
  const { value: loaded, error } = useLoad(at && `${at} ${n}`, () => asOfNotes(at ?? ""));
  return useMemo(() => {
    if (!at) return null;
    const notes = loaded ?? (error ? [] : null);
    const rows: NoteSummary[] = (notes ?? [])
      .filter((x) => inFolder(x.path, folder))
      .map((x) => ({ id: x.id, title: x.title, path: x.path, version: x.version, created_at: x.at, updated_at: x.at, trashed_at: null }));
    if (order === "title") rows.sort((a, b) => a.title.localeCompare(b.title));
    else rows.sort((a, b) => (a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : 0));
    return {
      total: notes === null ? -1 : rows.length,
      rowAt: (i: number) => rows[i],
      showRange: () => {},
      reload: () => setN((k) => k + 1),
      error,
    };
  }, [at, loaded, folder, order, error]);
}

/** AsOfSearchPanel searches the notes as they were at a moment (their words then). */
export function AsOfSearchPanel({ at, onOpen }: { at: string; onOpen(id: string): void }) {
  const [text, setText] = useState("");
  const [found, setHits] = useState<{ key: string; hs: AsOfHit[] } | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const q = text.trim();
  useEffect(() => {
    if (!q) return;
    let live = true;
    const timer = setTimeout(() => {
      setBusy(true);
      asOfSearch(q, at).then(
        (hs) => live && (setHits({ key: `${q} ${at}`, hs }), setError(null), setBusy(false)),
        (e: unknown) => live && (setHits(null), setError(parseError(e)), setBusy(false)),
      );
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q, at]);
  const hits = q && found?.key === `${q} ${at}` ? found.hs : [];
  return (
    <div className="search-panel" role="search">
      <input
        ref={input}
        type="search"
        aria-label="Search notes"
        placeholder={`Search the notes as of ${formatMoment(at)}…`}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === "Enter" && hits[0] && onOpen(hits[0].id)}
      />
      <p className="muted asof-note">Words as the notes held them on {formatMoment(at)}.</p>
      <ErrorLine error={q ? error : null} />
      <ul className="search-results" aria-label="Search results" aria-busy={busy}>
        {hits.map((h) => (
          <li key={h.id}>
            <button type="button" className="result" onClick={() => onOpen(h.id)}>
              <span className="result-title">{h.title}</span>
              <span className="result-path">{h.path}</span>
              {h.snippet && <span className="snippet" dangerouslySetInnerHTML={{ __html: sanitizeSnippet(h.snippet) }} />}
            </button>
          </li>
        ))}
      </ul>
      {text.trim() && !busy && !error && hits.length === 0 && <p className="muted">No notes found.</p>}
    </div>
  );
}

/** useAsOfNote loads a note as it was at a moment. */
function useAsOfNote(id: string | null, at: string) {
  const { value: note, error } = useLoad(id && `${id} ${at}`, () => asOfNote(id ?? "", at));
  return { note, error };
}

/** AsOfNotePaneProps: the note to show and the moment. */
export interface AsOfNotePaneProps {
  id: string | null;
  at: string;
  onOpenTitle(title: string): void;
}

/**
 * AsOfNotePane shows a note as it was at a moment, read-only: its title
 * and path then, "as of …", and its body then in the reading view. No
 * editor is mounted, so nothing typed or clicked here can be saved.
 */
export function AsOfNotePane({ id, at, onOpenTitle }: AsOfNotePaneProps) {
  const { note, error } = useAsOfNote(id, at);
  if (!id) return <div className="empty"><p>Pick a note in the list to read it as of {formatMoment(at)}.</p></div>;
  if (error)
    return (
      <div className="empty">
        <p role="alert">{error.code === "not_found" ? `This note did not exist on ${formatMoment(at)}.` : error.message}</p>
      </div>
    );
  if (!note) return <p className="muted">Loading the note as of {formatMoment(at)}…</p>;
  return (
    <section className="note-pane asof-note-pane" aria-label="Note as of" aria-readonly="true">
      <header className="note-header asof-header">
        <h1 className="asof-title">{note.title}</h1>
        <span className="asof-meta">
          as of {formatMoment(at)} · {note.path} · version {note.version} of {formatMoment(note.at)} · read-only
        </span>
      </header>
      <div className="asof-body">
        <ReadingView key={`${note.id}@${at}`} body={note.body} title={note.title} onOpenTitle={onOpenTitle} />
      </div>
    </section>
  );
}

/** AsOfLinksPanel is the right panel as of a moment: the note's backlinks from the notes as they were then. */
export function AsOfLinksPanel({ id, at, onOpen }: { id: string; at: string; onOpen(id: string): void }) {
  const { value: links, error } = useLoad(`${id} ${at}`, () => asOfBacklinks(id, at));
  return (
    <aside className="right-panel" aria-label="Links as of">
      <section>
        <h3>
          Backlinks as of {formatMoment(at)} {links && <span className="count">{links.length}</span>}
        </h3>
        <ErrorLine error={error && error.code !== "not_found" ? error : null} />
        {links && links.length === 0 && <p className="muted">No notes linked here then.</p>}
        <ul className="backlinks">
          {(links ?? []).map((b, i) => (
            <li key={`${b.source_id}-${i}`}>
              <button type="button" className="link" onClick={() => onOpen(b.source_id)}>
                {b.source_title}
              </button>
              {b.context && <div className="context">{b.context}</div>}
            </li>
          ))}
        </ul>
      </section>
    </aside>
  );
}
