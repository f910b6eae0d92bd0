import { memo, useEffect, useState } from "react";
import { getNote } from "../api";
import type { Tab } from "../hooks/useTabs";

/** TabBarProps: the tabs, the one shown, what the tabs' notes are called, and the actions. */
export interface TabBarProps {
  tabs: readonly Tab[];
  active: string;
  /** titles are the known titles by note id (the open notes'); others are looked up. */
  titles: Readonly<Record<string, string>>;
  canBack: boolean;
  canForward: boolean;
  onBack(): void;
  onForward(): void;
  onActivate(key: string): void;
  onClose(key: string): void;
  onMove(from: number, to: number): void;
}

/**
 * TabBar shows the main pane's tabs with the back and forward arrows:
 * click to switch, middle-click or × to close, drag to reorder.
 */
export const TabBar = memo(function TabBar(props: TabBarProps) {
  const { tabs, active, titles } = props;
  const looked = useLookedUpTitles(tabs.map((t) => t.nav.noteId).filter((id) => !(id in titles)));
  const [dragged, setDragged] = useState<number | null>(null);
  return (
    <div className="tab-bar">
      <button type="button" className="nav-arrow" aria-label="Back" title="Back (Alt+←)" disabled={!props.canBack} onClick={props.onBack}>
        ←
      </button>
      <button type="button" className="nav-arrow" aria-label="Forward" title="Forward (Alt+→)" disabled={!props.canForward} onClick={props.onForward}>
        →
      </button>
      <div className="tabs" role="tablist" aria-label="Open notes">
        {tabs.map((t, i) => {
          const title = titles[t.nav.noteId] ?? looked[t.nav.noteId] ?? "…";
          return (
            <div
              key={t.key}
              role="tab"
              aria-selected={t.key === active}
              className={`tab${t.key === active ? " active" : ""}${dragged === i ? " dragging" : ""}`}
              title={title}
              draggable
              onDragStart={(e) => {
                setDragged(i);
                e.dataTransfer.effectAllowed = "move";
                e.dataTransfer.setData("text/x-tab", String(i));
              }}
              onDragOver={(e) => {
                if (dragged !== null) e.preventDefault();
              }}
              onDrop={(e) => {
                e.preventDefault();
                const from = Number(e.dataTransfer.getData("text/x-tab") || dragged);
                setDragged(null);
                if (Number.isInteger(from)) props.onMove(from, i);
              }}
              onDragEnd={() => setDragged(null)}
              onMouseDown={(e) => {
                if (e.button === 1) e.preventDefault(); // no autoscroll
              }}
              onAuxClick={(e) => {
                if (e.button === 1) {
                  e.preventDefault();
                  props.onClose(t.key);
                }
              }}
              onClick={() => props.onActivate(t.key)}
            >
              <span className="tab-title">{title || "Untitled"}</span>
              <button
                type="button"
                className="tab-close"
                aria-label={`Close ${title}`}
                title="Close (Ctrl/Cmd+W)"
                onClick={(e) => {
                  e.stopPropagation();
                  props.onClose(t.key);
                }}
              >
                ×
              </button>
            </div>
          );
        })}
      </div>
    </div>
  );
});

// titleCache keeps looked-up titles for the window's life (a renamed note shows its new title once opened).
const titleCache = new Map<string, string>();

function useLookedUpTitles(ids: string[]): Record<string, string> {
  const [, setTick] = useState(0);
  const key = ids.join(",");
  useEffect(() => {
    let live = true;
    for (const id of ids) {
      if (titleCache.has(id)) continue;
      getNote(id).then(
        (n) => {
          titleCache.set(id, n.title);
          if (live) setTick((x) => x + 1);
        },
        () => {},
      );
    }
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const out: Record<string, string> = {};
  for (const id of ids) {
    const t = titleCache.get(id);
    if (t !== undefined) out[id] = t;
  }
  return out;
}
