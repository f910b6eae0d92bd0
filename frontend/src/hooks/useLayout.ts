import { useState, type Dispatch, type PointerEvent as ReactPointerEvent, type SetStateAction } from "react";

/** Panel is what the right column shows: backlinks and links (with the outline), the history, or nothing. */
export type Panel = "links" | "history" | null;

/** Layout is how the window is divided: the right panel, the graph instead of the notes, and the column widths. */
export interface Layout {
  panel: Panel;
  setPanel: Dispatch<SetStateAction<Panel>>;
  graphOpen: boolean;
  setGraphOpen: Dispatch<SetStateAction<boolean>>;
  /** timelineOpen shows the timeline instead of the notes (like the graph). */
  timelineOpen: boolean;
  setTimelineOpen: Dispatch<SetStateAction<boolean>>;
  /** showPanel says whether the right column is on screen. */
  showPanel: boolean;
  /** columns is the grid's template: sidebar, divider, main, and divider and panel when shown. */
  columns: string;
  /** drag resizes the sidebar or the right panel from a divider's pointer-down. */
  drag(which: "side" | "right"): (e: ReactPointerEvent) => void;
}

/** LayoutInput is what the layout depends on: whether a note is open and which side panels the workspace shows. */
export interface LayoutInput {
  hasNote: boolean;
  left: boolean;
  right: boolean;
}

/** useLayout keeps the window's layout state and works out the grid's columns. */
export function useLayout({ hasNote, left, right }: LayoutInput): Layout {
  const [panel, setPanel] = useState<Panel>("links");
  const [graphOpen, setGraphOpen] = useState(false);
  const [timelineOpen, setTimelineOpen] = useState(false);
  const [widths, setWidths] = useState({ side: 280, right: 300 });

  // Pane resizing by dragging the dividers.
  const drag = (which: "side" | "right") => (e: ReactPointerEvent) => {
    e.preventDefault();
    const startX = e.clientX;
    const start = widths[which];
    const move = (ev: PointerEvent) => {
      const dx = ev.clientX - startX;
      const w = Math.max(180, Math.min(640, which === "side" ? start + dx : start - dx));
      setWidths((ws) => ({ ...ws, [which]: w }));
    };
    const up = () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
  };

  const showPanel = panel !== null && hasNote && !graphOpen && !timelineOpen && right;
  const columns = `${left ? `${widths.side}px 4px` : "0px 0px"} minmax(0, 1fr)${showPanel ? ` 4px ${widths.right}px` : ""}`;
  return { panel, setPanel, graphOpen, setGraphOpen, timelineOpen, setTimelineOpen, showPanel, columns, drag };
}
