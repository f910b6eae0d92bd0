import { useEffect } from "react";
import type { Command } from "../components/CommandPalette";

// byKey maps Ctrl/Cmd+key to the command it runs.
const byKey: Record<string, string> = { n: "new", s: "save", o: "open", k: "palette", d: "today", e: "reading", g: "graph", ",": "settings", w: "close-tab" };

/** useShortcuts runs the commands' Ctrl/Cmd shortcuts (every one the palette lists) from the keyboard. */
export function useShortcuts(commands: Command[]): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      const run = (id: string) => {
        e.preventDefault();
        commands.find((c) => c.id === id)?.run();
      };
      if (key === "tab") return run(e.shiftKey ? "prev-tab" : "next-tab");
      if (e.shiftKey) {
        if (key === "f") run("search");
        return;
      }
      if (byKey[key]) run(byKey[key]);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [commands]);
}
