import { useCallback, useEffect, useRef, useState } from "react";
import { listFolders, listTags, onEvent, type Folder, type NoteChanged, type Tag } from "../api";

const LIST_RELOAD_MS = 300;

/** Reload is the note list's companions that follow changes: the tags, the folders, and reloadSoon. */
export interface Reload {
  tags: Tag[];
  folders: Folder[];
  /**
   * reloadSoon reloads the list and the tags shortly, once per burst of
   * calls; the folder counts too unless every call of the burst said
   * folders = false (an edit of the open note).
   */
  reloadSoon(folders?: boolean): void;
}

/** useReload keeps the tags and folders and reloads them with the list (reloadPages) after changes. */
export function useReload(reloadPages: () => void): Reload {
  const [tags, setTags] = useState<Tag[]>([]);
  const [folders, setFolders] = useState<Folder[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const withFolders = useRef(true);
  const reloadSoon = useCallback(
    (folders = true) => {
      if (timer.current) clearTimeout(timer.current);
      withFolders.current ||= folders;
      timer.current = setTimeout(() => {
        timer.current = null;
        reloadPages();
        listTags().then(setTags, () => {});
        if (withFolders.current) listFolders().then(setFolders, () => {});
        withFolders.current = false;
      }, LIST_RELOAD_MS);
    },
    [reloadPages],
  );
  return { tags, folders, reloadSoon };
}

/**
 * useReloadOnEvents feeds "note:changed" to the open sessions (noteChanged)
 * and reloads soon after every change and when the backend becomes ready;
 * an edit of the open note (openNoteId) leaves the folder counts alone.
 */
export function useReloadOnEvents(noteChanged: (ev: NoteChanged) => void, openNoteId: string | null, reloadSoon: Reload["reloadSoon"]): void {
  const openNote = useRef<string | null>(null);
  openNote.current = openNoteId;
  useEffect(() => {
    const offChanged = onEvent("note:changed", (ev) => {
      if (ev.id) noteChanged(ev);
      reloadSoon(ev.deleted || ev.version <= 1 || ev.id !== openNote.current);
    });
    const offReady = onEvent("backend:ready", () => reloadSoon());
    reloadSoon();
    return () => {
      offChanged();
      offReady();
    };
  }, [noteChanged, reloadSoon]);
}
