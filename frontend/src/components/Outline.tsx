import { memo, useMemo } from "react";
import { headings, type Heading } from "../editing/links";

/** OutlineProps: the open note's text and where a chosen heading goes. */
export interface OutlineProps {
  body: string;
  onJump(h: Heading): void;
}

/**
 * Outline lists the open note's headings, indented by level; clicking one
 * puts the editor's caret on it. It follows edits: the body it gets is the
 * editor's text as reported while typing (see AutosaveSession's BODY_NOTIFY_MS).
 */
export const Outline = memo(function Outline({ body, onJump }: OutlineProps) {
  const hs = useMemo(() => headings(body), [body]);
  const top = hs.reduce((m, h) => Math.min(m, h.level), 6);
  return (
    <section className="panel-section outline" aria-label="Outline">
      <h3>
        Outline <span className="count">{hs.length}</span>
      </h3>
      {hs.length === 0 ? (
        <p className="muted">No headings</p>
      ) : (
        <ul>
          {hs.map((h) => (
            <li key={`${h.line}`} style={{ paddingLeft: `${(h.level - top) * 12}px` }}>
              <button type="button" className="link" title={`Line ${h.line}`} onClick={() => onJump(h)}>
                {h.text}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
});
