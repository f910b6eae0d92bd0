import { useMemo, useState } from "react";

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
  const [active, setActive] = useState(0);
  const shown = useMemo(() => commands.filter((c) => matches(c.title, text)), [commands, text]);
  const run = (c: Command | undefined) => {
    if (!c) return;
    onClose();
    c.run();
  };
  return (
    <div className="overlay" role="presentation" onMouseDown={onClose}>
      <div className="palette" role="dialog" aria-label="Command palette" onMouseDown={(e) => e.stopPropagation()}>
        <input
          autoFocus
          aria-label="Command"
          placeholder="Type a command…"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape") onClose();
            else if (e.key === "ArrowDown") {
              e.preventDefault();
              setActive((a) => Math.min(shown.length - 1, a + 1));
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              setActive((a) => Math.max(0, a - 1));
            } else if (e.key === "Enter") {
              e.preventDefault();
              run(shown[active]);
            }
          }}
        />
        <ul role="listbox" aria-label="Commands">
          {shown.map((c, i) => (
            <li key={c.id} role="option" aria-selected={i === active} onMouseEnter={() => setActive(i)} onClick={() => run(c)}>
              <span>{c.title}</span>
              {c.shortcut && <kbd>{c.shortcut}</kbd>}
            </li>
          ))}
          {shown.length === 0 && <li className="muted">No matching command</li>}
        </ul>
      </div>
    </div>
  );
}
