import { useCallback, useEffect, useMemo, useState, type Dispatch, type SetStateAction } from "react";
import { listFolderNotes, listNotes, type NoteOrder } from "../api";
import { preloadEditor } from "../components/Editor";
import type { SidebarView } from "../components/Sidebar";
import { useNotePages, type NotePages } from "./useNotePages";

/** SidebarState is what the sidebar shows: its view, the list with its order and folder, the new-note form, the tag searched. */
export interface SidebarState {
  view: SidebarView;
  setView: Dispatch<SetStateAction<SidebarView>>;
  order: NoteOrder;
  setOrder: Dispatch<SetStateAction<NoteOrder>>;
  /** folder filters the list (null for every note). */
  folder: string | null;
  setFolder: Dispatch<SetStateAction<string | null>>;
  /** pages is the list in view: notes (of the folder) or trash. */
  pages: NotePages;
  creating: boolean;
  setCreating: Dispatch<SetStateAction<boolean>>;
  /** newKey starts the new-note form afresh (with the focus) on every Ctrl/Cmd+N. */
  newKey: number;
  /** startNew shows the notes with a fresh new-note form. */
  startNew(): void;
  /** searchTag is the tag the search panel starts with; n remounts the panel for every showTag. */
  searchTag: { name: string; n: number };
  /** showTag lists a tag's notes: the search panel afresh, with no words and the tag filter. */
  showTag(tag: string): void;
}

/** useSidebarState keeps the sidebar's state and shows the sidebar (revealSidebar) when it asks for attention. */
export function useSidebarState(revealSidebar: (side: "left") => void): SidebarState {
  const [view, setView] = useState<SidebarView>("notes");
  const [order, setOrder] = useState<NoteOrder>("updated");
  const [creating, setCreating] = useState(false);
  const [newKey, setNewKey] = useState(0);
  const [searchTag, setSearchTag] = useState({ name: "", n: 0 });
  const [folder, setFolder] = useState<string | null>(null);
  useEffect(() => {
    if (creating || view !== "notes") revealSidebar("left");
  }, [creating, view, newKey, revealSidebar]);
  const lister = useMemo(
    () =>
      view === "trash" || folder === null
        ? listNotes
        : (o: NoteOrder, offset: number, limit: number) => listFolderNotes(folder, o, offset, limit),
    [view, folder],
  );
  const pages = useNotePages(order, view === "trash", lister);
  // The editor's code loads once the list is on screen.
  const listShown = pages.total >= 0;
  useEffect(() => {
    if (listShown) preloadEditor();
  }, [listShown]);
  const showTag = useCallback((tag: string) => {
    setSearchTag((t) => ({ name: tag, n: t.n + 1 }));
    setView("search");
  }, []);
  const startNew = useCallback(() => {
    setView("notes");
    setCreating(true);
    setNewKey((k) => k + 1);
  }, []);
  return { view, setView, order, setOrder, folder, setFolder, pages, creating, setCreating, newKey, startNew, searchTag, showTag };
}
