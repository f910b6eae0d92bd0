import { useMemo, type MouseEvent } from "react";
import { openExternal } from "../api";
import { renderMarkdown } from "../render/markdown";

/** ReadingViewProps: the Markdown to show and where its links lead. */
export interface ReadingViewProps {
  body: string;
  /** onOpenTitle follows a [[wikilink]] to the note it names. */
  onOpenTitle(title: string): void;
  /** onTag is called when a #tag is clicked. */
  onTag?(tag: string): void;
}

/**
 * ReadingView shows a note rendered. Its HTML comes from renderMarkdown,
 * which runs it through DOMPurify; clicks never navigate the app window:
 * wikilinks open notes, web and mail links open in the system browser.
 */
export function ReadingView({ body, onOpenTitle, onTag }: ReadingViewProps) {
  const rendered = useMemo(() => renderMarkdown(body), [body]);
  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    const tag = target.closest<HTMLElement>(".tag");
    if (tag && onTag) {
      onTag(tag.dataset.tag ?? "");
      return;
    }
    const a = target.closest("a");
    if (!a) return;
    e.preventDefault();
    if (a.classList.contains("wikilink")) {
      onOpenTitle(a.dataset.note ?? "");
      return;
    }
    const href = a.getAttribute("href") ?? "";
    if (/^(https?|mailto):/i.test(href)) openExternal(href);
  };
  return (
    <article className="reading" aria-label="Reading view">
      {rendered.frontMatter && (
        <pre className="front-matter" aria-label="Front matter">
          {rendered.frontMatter}
        </pre>
      )}
      <div className="reading-body" onClick={onClick} dangerouslySetInnerHTML={{ __html: rendered.html }} />
    </article>
  );
}
