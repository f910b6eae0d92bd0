import { useEffect, useState } from "react";
import { findTitles, parseError, type AppError, type TitleMatch } from "../api";
import { useLatest } from "../hooks/useLatest";
import { useListNavigation } from "../hooks/useListNavigation";
import type { Where } from "../hooks/useTabs";
import { PaletteDialog } from "./PaletteDialog";

/** SwitcherOpen says where a chosen note opens (Ctrl/Cmd+Enter: a new tab, with Shift: the split) and that the caret goes into it. */
export interface SwitcherOpen {
  where: Where;
  focus: true;
}

/** QuickSwitcherProps: what to do with the chosen note. */
export interface QuickSwitcherProps {
  onOpen(id: string, how: SwitcherOpen): void;
  /** onCreate makes a note with the typed title when nothing matches exactly. */
  onCreate(title: string, how: SwitcherOpen): void;
  onClose(): void;
}

/** QuickSwitcher (Ctrl/Cmd+O) jumps to a note by title or alias as you type. */
export function QuickSwitcher({ onOpen, onCreate, onClose }: QuickSwitcherProps) {
  const [text, setText] = useState("");
  const [matches, setMatches] = useState<TitleMatch[]>([]);
  // shownFor is the text matches were found for (the list's data-query, which tests wait on).
  const [shownFor, setShownFor] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const latest = useLatest();
  const exact = matches.some((m) => m.title.toLowerCase() === text.trim().toLowerCase());
  const canCreate = text.trim() !== "" && !exact;
  const count = matches.length + (canCreate ? 1 : 0);
  const choose = (i: number, e?: { ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }) => {
    const how: SwitcherOpen = { where: e && (e.ctrlKey || e.metaKey) ? (e.shiftKey ? "split" : "tab") : "here", focus: true };
    if (i < matches.length) onOpen(matches[i].id, how);
    else if (canCreate) onCreate(text.trim(), how);
    onClose();
  };
  const nav = useListNavigation(count, choose, onClose);
  const { setActive } = nav;
  useEffect(() => {
    const isLatest = latest.begin();
    findTitles(text, 20).then(
      (ms) => {
        if (!isLatest()) return;
        setMatches(ms);
        setShownFor(text);
        setActive(0);
        setError(null);
      },
      (e: unknown) => isLatest() && setError(parseError(e)),
    );
  }, [latest, setActive, text]);
  return (
    <PaletteDialog
      label="Quick switcher"
      inputLabel="Note title"
      placeholder="Open a note…"
      value={text}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={nav.onKeyDown}
      onClose={onClose}
    >
      {error && <p className="inline-error">{error.message}</p>}
      <ul role="listbox" aria-label="Matching notes" data-query={shownFor ?? undefined}>
        {matches.map((m, i) => (
          <li key={m.id} role="option" aria-selected={i === nav.active} onMouseEnter={() => nav.setActive(i)} onClick={(e) => choose(i, e)}>
            <span className="result-title">{m.title}</span>
            {m.alias && <span className="muted"> ← {m.alias}</span>}
            <span className="result-path">{m.path}</span>
          </li>
        ))}
        {canCreate && (
          <li role="option" aria-selected={nav.active === matches.length} onClick={(e) => choose(matches.length, e)}>
            Create “{text.trim()}”
          </li>
        )}
      </ul>
    </PaletteDialog>
  );
}
