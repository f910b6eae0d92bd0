// Package hooks: the window's layout commands — the side panels, the theme,
// exporting the vault and renaming the open note — for the command palette,
// their keyboard shortcuts, and the toggles the status bar shows.
import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import type { Command } from "../components/CommandPalette";
import { ExportDialog } from "../components/ExportDialog";
import { themeLabel, useTheme } from "./useTheme";
import { usePanels, type Panels } from "./usePanels";

/** Shortcuts of the workspace commands, as the palette shows them. */
export const WORKSPACE_SHORTCUTS = {
  left: "Ctrl+\\",
  right: "Ctrl+Shift+\\",
  rename: "F2",
  theme: "Ctrl+Shift+T",
} as const;

/** focusTitle puts the caret in the open note's title field, all of it selected (the active pane's, with several). */
export function focusTitle(): boolean {
  const active = document.activeElement?.closest?.(".note-pane");
  const input = active?.querySelector<HTMLInputElement>("input.title-input") ?? document.querySelector<HTMLInputElement>("input.title-input");
  if (!input) return false;
  input.focus();
  input.select();
  return true;
}

/** Workspace is what useWorkspace returns. */
export interface Workspace {
  panels: Panels;
  commands: Command[];
  /** overlay is the export dialog while it is open. */
  overlay: ReactNode;
  /** leftToggle and endToggles go in the status bar. */
  leftToggle: ReactNode;
  endToggles: ReactNode;
}

/**
 * useWorkspace owns the side panels' state, the theme and the export dialog,
 * and gives the palette their commands: toggle the sidebar (Ctrl+\) and the
 * right panel (Ctrl+Shift+\), the theme (Ctrl+Shift+T cycles system, light,
 * dark), export the vault, rename the open note (F2).
 */
export function useWorkspace(): Workspace {
  const panels = usePanels();
  const { theme, setTheme, cycleTheme } = useTheme();
  const [exporting, setExporting] = useState(false);
  const { toggle } = panels;

  const commands: Command[] = useMemo(
    () => [
      { id: "toggle-left", title: "Toggle sidebar", shortcut: WORKSPACE_SHORTCUTS.left, run: () => toggle("left") },
      { id: "toggle-right", title: "Toggle right panel (links, history)", shortcut: WORKSPACE_SHORTCUTS.right, run: () => toggle("right") },
      { id: "rename", title: "Rename note", shortcut: WORKSPACE_SHORTCUTS.rename, run: () => void focusTitle() },
      { id: "export", title: "Export the vault to a folder…", run: () => setExporting(true) },
      { id: "theme", title: `Theme: next (now ${themeLabel(theme)})`, shortcut: WORKSPACE_SHORTCUTS.theme, run: cycleTheme },
      { id: "theme-light", title: "Theme: light", run: () => setTheme("light") },
      { id: "theme-dark", title: "Theme: dark", run: () => setTheme("dark") },
      { id: "theme-system", title: "Theme: follow the system", run: () => setTheme("system") },
    ],
    [toggle, theme, setTheme, cycleTheme],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "F2" && !e.ctrlKey && !e.metaKey && !e.altKey && !e.shiftKey) {
        if (focusTitle()) e.preventDefault();
        return;
      }
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      if (e.code === "Backslash") {
        e.preventDefault();
        toggle(e.shiftKey ? "right" : "left");
      } else if (e.shiftKey && e.key.toLowerCase() === "t") {
        e.preventDefault();
        cycleTheme();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [toggle, cycleTheme]);

  const closeExport = useCallback(() => setExporting(false), []);
  const overlay = exporting ? <ExportDialog onClose={closeExport} /> : null;
  const leftToggle = (
    <button
      type="button"
      className="panel-toggle"
      aria-pressed={panels.open.left}
      aria-label="Toggle sidebar"
      title={`Toggle sidebar (${WORKSPACE_SHORTCUTS.left})`}
      onClick={() => toggle("left")}
    >
      ◧
    </button>
  );
  const endToggles = (
    <span className="status-start">
      <button
        type="button"
        className="panel-toggle"
        aria-label={`Theme: ${themeLabel(theme)}`}
        title={`Theme: ${themeLabel(theme)} (${WORKSPACE_SHORTCUTS.theme} for the next)`}
        onClick={cycleTheme}
      >
        {theme === "dark" ? "☾" : theme === "light" ? "☀" : "◐"}
      </button>
      <button
        type="button"
        className="panel-toggle"
        aria-pressed={panels.open.right}
        aria-label="Toggle right panel"
        title={`Toggle right panel (${WORKSPACE_SHORTCUTS.right})`}
        onClick={() => toggle("right")}
      >
        ◨
      </button>
    </span>
  );
  return { panels, commands, overlay, leftToggle, endToggles };
}
