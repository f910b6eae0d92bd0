// Package hooks: the side panels' collapse state — toggled by buttons,
// shortcuts and palette commands, remembered on this device, and collapsed
// on their own when the window gets narrow.
import { useCallback, useEffect, useRef, useState } from "react";

/** Side is a side panel: the sidebar (left) or the links/history panel (right). */
export type Side = "left" | "right";

/** PanelsOpen says which side panels show. */
export type PanelsOpen = Record<Side, boolean>;

/** PANELS_KEY is where the choice for a wide window is kept (localStorage). */
export const PANELS_KEY = "secondbrain.panels";

/** Below these widths (CSS pixels) a side panel collapses on its own: the right one first. */
export const NARROW: Record<Side, number> = { left: 720, right: 1000 };

/** narrowFor says which panels a window of this width collapses. */
export function narrowFor(width: number): PanelsOpen {
  return { left: width < NARROW.left, right: width < NARROW.right };
}

/** loadPanels reads the remembered choice (both open when none). */
export function loadPanels(): PanelsOpen {
  try {
    const v = JSON.parse(localStorage.getItem(PANELS_KEY) ?? "{}") as Partial<PanelsOpen>;
    return { left: v.left !== false, right: v.right !== false };
  } catch {
    return { left: true, right: true };
  }
}

function savePanels(p: PanelsOpen) {
  try {
    localStorage.setItem(PANELS_KEY, JSON.stringify(p));
  } catch {
    // Private mode: the choice lasts for this window only.
  }
}

/** Panels is what usePanels returns. */
export interface Panels {
  open: PanelsOpen;
  /** toggle shows or hides a side panel. */
  toggle(side: Side): void;
  /** reveal shows a side panel (say, the sidebar when its search is asked for). */
  reveal(side: Side): void;
}

/**
 * usePanels keeps which side panels show. What the person chooses in a wide
 * window is remembered; a window narrower than NARROW collapses that side
 * (its choice there lasts until the window widens again, which brings the
 * remembered choice back).
 */
export function usePanels(): Panels {
  const pref = useRef<PanelsOpen>(loadPanels());
  const narrowNow = useRef<PanelsOpen>(narrowFor(window.innerWidth));
  const [open, setOpen] = useState<PanelsOpen>(() => ({
    left: pref.current.left && !narrowNow.current.left,
    right: pref.current.right && !narrowNow.current.right,
  }));

  useEffect(() => {
    const onResize = () => {
      const n = narrowFor(window.innerWidth);
      const was = narrowNow.current;
      if (n.left === was.left && n.right === was.right) return;
      narrowNow.current = n;
      setOpen((o) => ({
        left: n.left !== was.left ? pref.current.left && !n.left : o.left,
        right: n.right !== was.right ? pref.current.right && !n.right : o.right,
      }));
    };
    window.addEventListener("resize", onResize);
    return () => window.removeEventListener("resize", onResize);
  }, []);

  const set = useCallback((side: Side, value: (o: boolean) => boolean) => {
    setOpen((o) => {
      const next = { ...o, [side]: value(o[side]) };
      if (!narrowNow.current[side] && next[side] !== pref.current[side]) {
        pref.current = { ...pref.current, [side]: next[side] };
        savePanels(pref.current);
      }
      return next;
    });
  }, []);
  const toggle = useCallback((side: Side) => set(side, (o) => !o), [set]);
  const reveal = useCallback((side: Side) => set(side, () => true), [set]);
  return { open, toggle, reveal };
}
