import { useFilteredList } from "../hooks/useListNavigation";
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

/** CommandPalette (Ctrl/Cmd+K) lists every action with its shortcut and runs the chosen one. */
export function CommandPalette({ commands, onClose }: CommandPaletteProps) {
  const run = (c: Command | undefined) => {
    if (!c) return;
    onClose();
    c.run();
  };
  const { shown, active, setActive, input } = useFilteredList(commands, run, onClose);
  return (
    <PaletteDialog
      label="Command palette"
      inputLabel="Command"
      placeholder="Type a command…"
      {...input}
      onClose={onClose}
    >
      <ul role="listbox" aria-label="Commands">
        {shown.map((c, i) => (
          <li key={c.id} role="option" aria-selected={i === active} onMouseEnter={() => setActive(i)} onClick={() => run(c)}>
            <span>{c.title}</span>
            {c.shortcut && <kbd>{c.shortcut}</kbd>}
          </li>
        ))}
        {shown.length === 0 && <li className="muted">No matching command</li>}
      </ul>
    </PaletteDialog>
  );
}
