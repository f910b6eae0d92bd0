import { useEffect, useRef, useState } from "react";
import { parseError, searchNotes, type AppError, type SearchHit, type SearchMode } from "../api";
import { sanitizeSnippet } from "../render/markdown";
import { useLatest } from "../hooks/useLatest";
import { rowOpen, type RowOpen } from "./NoteList";
import { ErrorLine } from "./ErrorLine";

/** SearchPanelProps: where a chosen result goes. */
export interface SearchPanelProps {
  onOpen(id: string, how?: RowOpen): void;
  /** initialTag fills the tag filter (a clicked #tag). */
  initialTag?: string;
}

const DEBOUNCE_MS = 120;

/** SearchPanel searches as you type, with filters and the lexical/semantic/hybrid toggle. */
export function SearchPanel({ onOpen, initialTag = "" }: SearchPanelProps) {
  const [text, setText] = useState("");
  const [mode, setMode] = useState<SearchMode>("lexical");
  const [tag, setTag] = useState(initialTag);
  const [folder, setFolder] = useState("");
  const [type, setType] = useState("");
  const [after, setAfter] = useState("");
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const latest = useLatest();
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => setTag(initialTag), [initialTag]);
  useEffect(() => input.current?.focus(), []);

  const tagName = tag.trim().replace(/^#/, "");
  // browsing is a tag's notes without words: newest first, nested tags (#a/b under #a) included.
  const browsing = !text.trim() && tagName !== "";
  useEffect(() => {
    const q = text.trim();
    if (!q && !tagName) {
      setHits([]);
      setError(null);
      return;
    }
    const isLatest = latest.begin();
    const timer = setTimeout(() => {
      setBusy(true);
      const req = q
        ? { text: q, mode, prefix: !/\s$/.test(text), tags: tagName ? [tagName] : [], folder, type, after }
        : { text: "", mode: "lexical" as const, limit: 200, tags: [tagName], folder, type, after };
      searchNotes(req).then(
        (hs) => {
          if (!isLatest()) return;
          setHits(hs);
          setError(null);
          setBusy(false);
        },
        (e: unknown) => {
          if (!isLatest()) return;
          const err = parseError(e);
          setError(err.code === "invalid" && q ? null : err); // nothing to look for yet
          setHits([]);
          setBusy(false);
        },
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [latest, text, mode, tagName, folder, type, after]);

  return (
    <div className="search-panel" role="search">
      <input
        ref={input}
        type="search"
        aria-label="Search notes"
        placeholder='Search… ("phrase", -exclude, pre*)'
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && hits[0]) onOpen(hits[0].id, rowOpen(e));
        }}
      />
      <div className="segmented" role="group" aria-label="Search mode">
        {(["lexical", "semantic", "hybrid"] as const).map((m) => (
          <button key={m} type="button" aria-pressed={mode === m} onClick={() => setMode(m)}>
            {m === "lexical" ? "Words" : m === "semantic" ? "Meaning" : "Both"}
          </button>
        ))}
      </div>
      <details className="filters">
        <summary>Filters</summary>
        <label>
          Tag <input aria-label="Tag filter" value={tag} onChange={(e) => setTag(e.target.value)} placeholder="project" />
        </label>
        <label>
          Folder <input aria-label="Folder filter" value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="work" />
        </label>
        <label>
          Type <input aria-label="Type filter" value={type} onChange={(e) => setType(e.target.value)} placeholder="person" />
        </label>
        <label>
          Since <input aria-label="Updated since" type="date" value={after} onChange={(e) => setAfter(e.target.value)} />
        </label>
      </details>
      {tagName && (
        <p className="tag-filter">
          {browsing ? "Notes tagged " : "Only notes tagged "}
          <span className="tag">#{tagName}</span>{" "}
          <button type="button" className="link" aria-label="Clear the tag filter" onClick={() => setTag("")}>
            ×
          </button>
        </p>
      )}
      <ErrorLine error={error} />
      <ul className="search-results" aria-label="Search results" aria-busy={busy}>
        {hits.map((h) => (
          <li key={h.id}>
            <button type="button" className="result" onClick={(e) => onOpen(h.id, rowOpen(e))} onAuxClick={(e) => e.button === 1 && onOpen(h.id, rowOpen(e))}>
              <span className="result-title">{h.title}</span>
              <span className="result-path">{h.path}</span>
              {h.snippet && <span className="snippet" dangerouslySetInnerHTML={{ __html: sanitizeSnippet(h.snippet) }} />}
              {h.why && <span className="why">{h.why}</span>}
            </button>
          </li>
        ))}
      </ul>
      {(text.trim() || browsing) && !busy && !error && hits.length === 0 && <p className="muted">No notes found.</p>}
    </div>
  );
}
