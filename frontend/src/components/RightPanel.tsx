import { memo, useEffect, useState } from "react";
import {
  backlinks,
  getNote,
  linkMention,
  mentions,
  outgoingLinks,
  parseError,
  relatedNotes,
  type RelatedNote,
  type AppError,
  type Backlink,
  type OutgoingLink,
} from "../api";
import { ErrorLine } from "./ErrorLine";

/** RightPanelProps: the open note and how to open another. */
export interface RightPanelProps {
  noteId: string;
  /** version reloads the panel when the note changes. */
  version: number;
  /** frontMatter is the note's raw YAML block, "" for none. */
  frontMatter: string;
  onOpen(id: string): void;
  onOpenTitle(title: string): void;
}

interface Links {
  back: Backlink[];
  mentioned: Backlink[];
  out: OutgoingLink[];
}

/** RightPanel shows the open note's backlinks, unlinked mentions, outgoing links and properties. */
export const RightPanel = memo(function RightPanel({ noteId, version, frontMatter, onOpen, onOpenTitle }: RightPanelProps) {
  const [links, setLinks] = useState<Links | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [related, setRelated] = useState<RelatedNote[] | null>(null);
  const [reload, setReload] = useState(0);
  // linkIt turns a mention in another note into a link to this one, saved with that note's version.
  const linkIt = async (sourceId: string) => {
    try {
      const src = await getNote(sourceId);
      await linkMention(sourceId, src.version, noteId);
      setError(null);
      setReload((r) => r + 1);
    } catch (e) {
      setError(parseError(e));
    }
  };
  useEffect(() => {
    let live = true;
    // Related notes need the embeddings; they may still be indexing.
    relatedNotes(noteId).then(
      (r) => live && setRelated(r),
      () => live && setRelated([]),
    );
    return () => {
      live = false;
    };
  }, [noteId]);
  useEffect(() => {
    let live = true;
    Promise.all([backlinks(noteId), mentions(noteId), outgoingLinks(noteId)]).then(
      ([back, mentioned, out]) => {
        if (!live) return;
        setLinks({ back, mentioned, out });
        setError(null);
      },
      (e: unknown) => live && setError(parseError(e)),
    );
    return () => {
      live = false;
    };
  }, [noteId, version, reload]);
  return (
    <aside className="right-panel" aria-label="Links and properties">
      <ErrorLine error={error} />
      <Section title="Backlinks" count={links?.back.length}>
        <NoteLinks items={links?.back.map((b) => ({ id: b.source_id, title: b.source_title, note: b.context }))} onOpen={onOpen} />
      </Section>
      <Section title="Unlinked mentions" count={links?.mentioned.length}>
        <NoteLinks
          items={links?.mentioned.map((b) => ({ id: b.source_id, title: b.source_title, note: b.context }))}
          onOpen={onOpen}
          onLink={(id) => void linkIt(id)}
        />
      </Section>
      <Section title="Outgoing links" count={links?.out.length}>
        <OutgoingList out={links?.out} onOpen={onOpen} onOpenTitle={onOpenTitle} />
      </Section>
      <Section title="Related" count={related?.length}>
        <RelatedList related={related} onOpen={onOpen} />
      </Section>
      {frontMatter && (
        <section className="panel-section">
          <h3>Properties</h3>
          <pre className="front-matter">{frontMatter}</pre>
        </section>
      )}
    </aside>
  );
});

/** LIST_CAP is how many rows a right-panel list draws before "Show all":
 * a note with thousands of links would otherwise lay out thousands of rows. */
export const LIST_CAP = 100;

/** useCapped returns the first LIST_CAP items until the user asks for all, and the "Show all" row. */
function useCapped<T>(items: T[] | undefined): [T[] | undefined, React.ReactNode] {
  const [all, setAll] = useState(false);
  if (!items || all || items.length <= LIST_CAP) return [items, null];
  return [
    items.slice(0, LIST_CAP),
    <li key="show-all">
      <button type="button" className="link show-all" onClick={() => setAll(true)}>
        Show all {items.length}
      </button>
    </li>,
  ];
}

/** OutgoingList lists the open note's outgoing links, unresolved ones dimmed. */
function OutgoingList({
  out,
  onOpen,
  onOpenTitle,
}: {
  out?: OutgoingLink[];
  onOpen(id: string): void;
  onOpenTitle(title: string): void;
}) {
  const [shown, more] = useCapped(out);
  return (
    <>
        {shown?.map((l, i) => (
          <li key={`${l.target}-${i}`} className={l.resolved_id || l.attachment_id ? "" : "unresolved"}>
            {l.resolved_id ? (
              <button type="button" className="link" onClick={() => onOpen(l.resolved_id)}>
                {l.resolved_title || l.target}
              </button>
            ) : (
              <button
                type="button"
                className="link"
                title={l.attachment_id ? "Attachment" : "No such note yet: click to create it"}
                onClick={() => !l.attachment_id && onOpenTitle(l.target)}
              >
                {l.target}
              </button>
            )}
            {l.rel && <span className="rel">{l.rel}</span>}
            {l.kind === "embed" && <span className="rel">embed</span>}
          </li>
        ))}
      {more}
    </>
  );
}

/** NoteLinks lists notes to open, each with a line of context. */
function NoteLinks({
  items,
  onOpen,
  onLink,
}: {
  items?: { id: string; title: string; note: string }[];
  onOpen(id: string): void;
  /** onLink, for unlinked mentions, turns the mention into a link ("Link it"). */
  onLink?(id: string): void;
}) {
  const [shown, more] = useCapped(items);
  return (
    <>
      {shown?.map((it, i) => (
        <li key={`${it.id}-${i}`}>
          <button type="button" className="link" onClick={() => onOpen(it.id)}>
            {it.title}
          </button>
          {onLink && (
            <button type="button" className="link-it" title={`Link this mention in ${it.title}`} aria-label={`Link it in ${it.title}`} onClick={() => onLink(it.id)}>
              Link it
            </button>
          )}
          {it.note && <p className="context">{it.note}</p>}
        </li>
      ))}
      {more}
    </>
  );
}

/** RelatedList shows related notes, each with its reasons (links, shared links and tags, meaning) as chips. */
function RelatedList({ related, onOpen }: { related: RelatedNote[] | null; onOpen(id: string): void }) {
  const [shown, more] = useCapped(related ?? undefined);
  return (
    <>
      {shown?.map((r, i) => (
        <li key={`${r.id}-${i}`} className="related-note">
          <button type="button" className="link" title={r.why} onClick={() => onOpen(r.id)}>
            {r.title}
          </button>
          {r.reasons?.length ? (
            <p className="why-chips" aria-label={`Why: ${r.why}`}>
              {r.reasons.map((w, j) => (
                <span key={j} className={`why-chip why-${w.kind}`}>
                  {w.text}
                </span>
              ))}
            </p>
          ) : (
            r.why && <p className="context">{r.why}</p>
          )}
        </li>
      ))}
      {more}
    </>
  );
}

function Section({ title, count, children }: { title: string; count?: number; children: React.ReactNode }) {
  return (
    <section className="panel-section" aria-label={title}>
      <h3>
        {title} <span className="count">{count ?? "…"}</span>
      </h3>
      {count === 0 ? <p className="muted">None</p> : <ul>{children}</ul>}
    </section>
  );
}
