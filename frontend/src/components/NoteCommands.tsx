import { useMemo, useState, type ReactNode } from "react";
import { AppError, dailyNeighbors, parseError } from "../api";
import { insertIntoEditor } from "../editing/insertTemplate";
import type { Command } from "./CommandPalette";
import { TemplatePicker } from "./TemplatePicker";

/** NoteCommandsProps: the open note, how to open another, and where failures go. */
export interface NoteCommandsProps {
  noteId: string | null;
  title: string;
  open(id: string): void;
  onError(e: AppError | null): void;
}

/**
 * useNoteCommands gives the palette "Insert template", "Previous daily note"
 * and "Next daily note", and the template picker to show while one is chosen.
 */
export function useNoteCommands({ noteId, title, open, onError }: NoteCommandsProps): { commands: Command[]; overlay: ReactNode } {
  const [picking, setPicking] = useState(false);
  const commands = useMemo<Command[]>(() => {
    const adjacent = async (dir: -1 | 1) => {
      if (!noteId) return;
      try {
        const d = await dailyNeighbors(noteId);
        const to = dir < 0 ? d.prev : d.next;
        if (!d.date) onError(new AppError("invalid", "This note is not a daily note."));
        else if (!to) onError(new AppError("not_found", dir < 0 ? "There is no earlier daily note." : "There is no later daily note."));
        else open(to.id);
      } catch (e) {
        onError(parseError(e));
      }
    };
    return [
      { id: "insert-template", title: "Insert template", run: () => (noteId ? setPicking(true) : onError(new AppError("invalid", "Open a note to insert a template into."))) },
      { id: "daily-prev", title: "Previous daily note", run: () => void adjacent(-1) },
      { id: "daily-next", title: "Next daily note", run: () => void adjacent(1) },
    ];
  }, [noteId, open, onError]);
  const overlay = picking ? (
    <TemplatePicker
      title={title}
      onClose={() => setPicking(false)}
      onInsert={(text) =>
        void insertIntoEditor(text).then((ok) => {
          if (!ok) onError(new AppError("invalid", "Switch to the editor (not the reading view) to insert a template."));
        })
      }
    />
  ) : null;
  return { commands, overlay };
}
