import { useCallback, useState } from "react";

/** Overlay is the dialog over the window, one at a time; null for none. */
export type Overlay = "switcher" | "palette" | "import" | "settings" | "about" | "agents" | "conflicts" | null;

/** Overlays says which dialog is open and opens or closes one. */
export interface Overlays {
  overlay: Overlay;
  /** show opens a dialog (closing any other). */
  show(o: Overlay): void;
  /** close closes the open dialog. */
  close(): void;
}

/** useOverlays keeps which of the app's dialogs is open; show and close are stable. */
export function useOverlays(): Overlays {
  const [overlay, setOverlay] = useState<Overlay>(null);
  const close = useCallback(() => setOverlay(null), []);
  return { overlay, show: setOverlay, close };
}
