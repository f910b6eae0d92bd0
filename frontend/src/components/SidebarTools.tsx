import type { Tag } from "../api";

/** SidebarToolsProps: the sidebar's buttons and the tags to list. */
export interface SidebarToolsProps {
  tags: Tag[];
  onImport(): void;
  onGraph(): void;
  /** onTimeline shows the timeline (activity over time); no button without it. */
  onTimeline?(): void;
  onSettings(): void;
  onPalette(): void;
  /** onTag lists a tag's notes. */
  onTag(name: string): void;
}

/** SidebarTools is the sidebar's footer: import, graph, timeline, settings, the palette, and the tags with their counts. */
export function SidebarTools({ tags, onImport, onGraph, onTimeline, onSettings, onPalette, onTag }: SidebarToolsProps) {
  return (
    <>
      <div className="sidebar-tools">
        <button type="button" onClick={onImport}>Import…</button>
        <button type="button" onClick={onGraph}>Graph</button>
        {onTimeline && <button type="button" onClick={onTimeline}>Timeline</button>}
        <button type="button" onClick={onSettings}>Settings</button>
        <button type="button" title="Command palette" onClick={onPalette}>Ctrl+K</button>
      </div>
      {tags.length > 0 && (
        <details className="tag-list">
          <summary>Tags ({tags.length})</summary>
          <ul>
            {tags.slice(0, 200).map((t) => (
              <li key={t.name}>
                <button type="button" className="link" onClick={() => onTag(t.name)}>
                  #{t.name}
                </button>{" "}
                <span className="count">{t.count}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
