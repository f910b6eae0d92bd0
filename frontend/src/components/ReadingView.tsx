import { useEffect, useMemo, useRef, type KeyboardEvent, type MouseEvent } from "react";
import { openExternal } from "../api";
import { fillEmbeds, loadNoteByTitle, type EmbedSource } from "../render/embeds";
import { renderMarkdown } from "../render/markdown";

/** ReadingViewProps: the Markdown to show and where its links lead. */
export interface ReadingViewProps {
  body: string;
  /** title is the note's own: an embed of it inside it is not shown again. */
  title?: string;
  /** onOpenTitle follows a [[wikilink]] to the note it names; e carries the click's modifier keys (new tab, split). */
  onOpenTitle(title: string, e?: { ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }): void;
  /** onTag is called when a #tag is clicked. */
  onTag?(tag: string): void;
  /** onEdit saves the note's Markdown changed here (a task ticked or cleared); without it tasks are not clickable. */
  onEdit?(body: string): void;
  /** embeds loads the notes ![[embeds]] show (loadNoteByTitle by default). */
  embeds?: EmbedSource;
}

/**
 * ReadingView shows a note rendered. Its HTML comes from renderMarkdown,
 * which runs it through DOMPurify; clicks never navigate the app window:
 * wikilinks open notes, web and mail links open in the system browser,
 * footnote references and back-links scroll to their counterpart.
 * Embedded notes are filled in after it is shown (render/embeds); a click
 * (or Space) on a task ticks or clears it in the note's Markdown.
 */
export function ReadingView({ body, title, onOpenTitle, onTag, onEdit, embeds = loadNoteByTitle }: ReadingViewProps) {
  const rendered = useMemo(() => renderMarkdown(body), [body]);
  const root = useRef<HTMLDivElement>(null);
  // sent is the text last handed to onEdit until it comes back as body, so
  // a second click before then toggles in that text, not in the older one.
  const sent = useRef<string | null>(null);
  const latest = useRef(body);
  latest.current = body;
  useEffect(() => {
    if (body === sent.current) sent.current = null;
  }, [body]);
  useEffect(() => {
    if (root.current) void fillEmbeds(root.current, embeds, title ? [title.toLowerCase()] : []);
  }, [rendered.html, embeds, title]);

  const toggle = async (task: HTMLElement) => {
    if (!onEdit || !root.current) return;
    const index = Number(task.dataset.task);
    const count = root.current.querySelectorAll(".task[data-task]").length;
    const checked = task.classList.contains("done");
    const { toggleTask } = await import("../editing/tasks");
    const next = toggleTask(sent.current ?? latest.current, index, { count, checked });
    if (next === null) return; // the text changed under the page: the next render shows it
    sent.current = next;
    onEdit(next);
  };

  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    const task = target.closest<HTMLElement>(".task[data-task]");
    if (task) {
      void toggle(task);
      return;
    }
    const tag = target.closest<HTMLElement>(".tag");
    if (tag && onTag) {
      onTag(tag.dataset.tag ?? "");
      return;
    }
    const a = target.closest("a");
    if (!a) return;
    e.preventDefault();
    const footnote = a.dataset.footnote;
    if (footnote) {
      // A footnote reference or back-link: scroll within the note, never navigate.
      const to = document.getElementById(footnote);
      if (to && root.current?.contains(to)) to.scrollIntoView({ block: "center" });
      return;
    }
    if (a.classList.contains("wikilink")) {
      onOpenTitle(a.dataset.note ?? "", e);
      return;
    }
    const href = a.getAttribute("href") ?? "";
    if (/^(https?|mailto):/i.test(href)) openExternal(href);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const task = (e.target as HTMLElement).closest<HTMLElement>(".task[data-task]");
    if (!task || (e.key !== " " && e.key !== "Enter")) return;
    e.preventDefault();
    void toggle(task);
  };
  return (
    <article className={`reading${onEdit ? " tasks-editable" : ""}`} aria-label="Reading view">
      {rendered.frontMatter && (
        <pre className="front-matter" aria-label="Front matter">
          {rendered.frontMatter}
        </pre>
      )}
      <div ref={root} className="reading-body" onClick={onClick} onKeyDown={onKeyDown} dangerouslySetInnerHTML={{ __html: rendered.html }} />
    </article>
  );
}
