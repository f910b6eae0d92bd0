import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import * as api from "../api";
import { AppError, parseError, type NoteChanged } from "../api";
import { AutosaveSession, type SessionClient, type SessionState } from "../editing/AutosaveSession";
import { useLatest } from "./useLatest";

/** Autosave is what useAutosave gives the UI: the open note's session and how to switch notes. */
export interface Autosave {
  /** session edits the open note; null when none is open. */
  session: AutosaveSession | null;
  /** state is session's current snapshot. */
  state: SessionState | null;
  /** loadError says why the last open failed. */
  loadError: AppError | null;
  /** unsaved lists notes left behind with text that failed to save; open one to resolve it. */
  unsaved: SessionState[];
  /** open switches to note id, saving the note being left first. */
  open(id: string): Promise<void>;
  /** close saves and closes the open note. */
  close(): void;
  /** saveNow saves the open note at once (Ctrl/Cmd+S). */
  saveNow(): Promise<void>;
  /** noteChanged feeds a "note:changed" event to the sessions. */
  noteChanged(ev: NoteChanged): void;
  /** prune closes the saved sessions of notes left that keep no longer wants. */
  prune(): void;
}

const defaultClient: SessionClient = {
  getNote: api.getNote,
  saveNote: api.saveNote,
  renameNote: api.renameNote,
  revertNote: api.revertNote,
};

const noSubscribe = () => () => {};
const noSnapshot = () => null;

/**
 * useAutosave keeps one AutosaveSession per note being edited. Leaving a
 * note saves it in the background with its own id and version; a note whose
 * save then fails keeps its session (and its text) until it is reopened.
 */
export function useAutosave(client: SessionClient = defaultClient, keep?: (id: string) => boolean): Autosave {
  const sessions = useRef(new Map<string, AutosaveSession>());
  // keep names the notes whose sessions stay open when left (the open tabs),
  // so going back to one shows it at once, without loading it again.
  const keepRef = useRef(keep);
  keepRef.current = keep;
  const currentRef = useRef<AutosaveSession | null>(null);
  // opens: the latest open wins; closing or losing the note supersedes a pending one.
  const opens = useLatest();
  const [current, setCurrent] = useState<AutosaveSession | null>(null);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  const [unsaved, setUnsaved] = useState<SessionState[]>([]);

  const state = useSyncExternalStore(current?.subscribe ?? noSubscribe, current?.snapshot ?? noSnapshot);

  const refreshUnsaved = useCallback(() => {
    const left: SessionState[] = [];
    for (const s of sessions.current.values()) {
      const snap = s.snapshot();
      if (s !== currentRef.current && (snap.status === "conflict" || snap.status === "error")) left.push(snap);
    }
    setUnsaved(left);
  }, []);

  const leave = useCallback(
    (s: AutosaveSession | null) => {
      if (!s) return;
      void s.flush().then(() => {
        if (s === currentRef.current) return;
        const { status } = s.snapshot();
        if (!s.dirty && status !== "conflict" && status !== "error" && !keepRef.current?.(s.id)) {
          if (sessions.current.get(s.id) === s) sessions.current.delete(s.id);
          s.dispose();
        }
        refreshUnsaved();
      });
    },
    [refreshUnsaved],
  );

  const prune = useCallback(() => {
    for (const s of sessions.current.values()) if (s !== currentRef.current && !keepRef.current?.(s.id)) leave(s);
  }, [leave]);

  const switchTo = useCallback(
    (s: AutosaveSession | null) => {
      const prev = currentRef.current;
      currentRef.current = s;
      setCurrent(s);
      setLoadError(null);
      if (prev !== s) leave(prev);
      refreshUnsaved();
    },
    [leave, refreshUnsaved],
  );

  const open = useCallback(
    async (id: string) => {
      // Already shown: an open still loading (another note) must not replace it.
      if (currentRef.current?.id === id) {
        opens.supersede();
        return;
      }
      const isLatest = opens.begin();
      let s = sessions.current.get(id);
      if (!s) {
        let note: api.Note;
        try {
          note = await client.getNote(id);
        } catch (e) {
          if (isLatest()) setLoadError(parseError(e));
          return;
        }
        if (!isLatest()) return;
        s = sessions.current.get(id) ?? new AutosaveSession(note, client);
        sessions.current.set(id, s);
      }
      if (!isLatest()) return;
      switchTo(s);
    },
    [client, opens, switchTo],
  );

  const close = useCallback(() => {
    opens.supersede();
    switchTo(null);
  }, [opens, switchTo]);

  const saveNow = useCallback(async () => {
    await currentRef.current?.flush();
  }, []);

  const noteChanged = useCallback(
    (ev: NoteChanged) => {
      const s = sessions.current.get(ev.id);
      if (!s) return;
      if (ev.deleted) {
        sessions.current.delete(ev.id);
        if (s === currentRef.current) {
          opens.supersede();
          currentRef.current = null;
          setCurrent(null);
        }
        s.dispose();
        refreshUnsaved();
        return;
      }
      void s.remoteChanged(ev.version);
    },
    [opens, refreshUnsaved],
  );

  // Save what is open when the window goes away or is hidden.
  useEffect(() => {
    const save = () => void currentRef.current?.flush();
    const onVisibility = () => {
      if (document.visibilityState === "hidden") save();
    };
    window.addEventListener("beforeunload", save);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      window.removeEventListener("beforeunload", save);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, []);

  return { session: current, state, loadError, unsaved, open, close, saveNow, noteChanged, prune };
}
