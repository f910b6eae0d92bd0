import { useMemo, useState } from "react";
import { useListNavigation } from "../hooks/useListNavigation";
import { PaletteDialog } from "./PaletteDialog";

/** Command is an action the palette lists, with its shortcut if it has one. */
export interface Command {
  id: string;
  title: string;
  shortcut?: string;
  run(): void;
}

/** CommandPaletteProps: every action of the app. */
export interface CommandPaletteProps {
  commands: Command[];
  onClose(): void;
}

/** matches says whether every typed word starts a word of the title, or occurs in it. */
export function matches(title: string, query: string): boolean {
  const t = title.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => t.includes(w));
}

/** CommandPalette (Ctrl/Cmd+K) lists every action with its shortcut and runs the chosen one. */
export function CommandPalette({ commands, onClose }: CommandPaletteProps) {
  const [text, setText] = useState("");
  const shown = useMemo(() => commands.filter((c) => matches(c.title, text)), [commands, text]);
  const run = (c: Command | undefined) => {
    if (!c) return;
    onClose();
    c.run();
  };
  const nav = useListNavigation(shown.length, (i) => run(shown[i]), onClose);
  return (
    <PaletteDialog
      label="Command palette"
      inputLabel="Command"
      placeholder="Type a command…"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        nav.setActive(0);
      }}
      onKeyDown={nav.onKeyDown}
      onClose={onClose}
    >
      <ul role="listbox" aria-label="Commands">
        {shown.map((c, i) => (
          <li key={c.id} role="option" aria-selected={i === nav.active} onMouseEnter={() => nav.setActive(i)} onClick={() => run(c)}>
            <span>{c.title}</span>
            {c.shortcut && <kbd>{c.shortcut}</kbd>}
          </li>
        ))}
        {shown.length === 0 && <li className="muted">No matching command</li>}
      </ul>
    </PaletteDialog>
  );
}
