import { useCallback, useEffect, useRef, useState } from "react";
import { onEvent, parseError, trashNote, type AppError, type Note, type NoteOrder, type NoteSummary } from "./api";
import { HistoryPanel } from "./components/HistoryPanel";
import { NotePane } from "./components/NotePane";
import { Sidebar, type SidebarView } from "./components/Sidebar";
import { StatusBar } from "./components/StatusBar";
import { useAutosave } from "./hooks/useAutosave";
import { useNotePages } from "./hooks/useNotePages";

const LIST_RELOAD_MS = 300;

/** App lays out the sidebar, the open note, the history panel and the status bar, and owns the shortcuts. */
export function App() {
  const [view, setView] = useState<SidebarView>("notes");
  const [order, setOrder] = useState<NoteOrder>("updated");
  const [creating, setCreating] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [paneError, setPaneError] = useState<AppError | null>(null);
  const pages = useNotePages(order, view === "trash");
  const autosave = useAutosave();
  const { session, state } = autosave;

  // Reload the list shortly after changes, once per burst of events.
  const reloadTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const reloadSoon = useCallback(() => {
    if (reloadTimer.current) clearTimeout(reloadTimer.current);
    reloadTimer.current = setTimeout(() => {
      reloadTimer.current = null;
      pages.reload();
    }, LIST_RELOAD_MS);
  }, [pages.reload]);

  const { noteChanged } = autosave;
  useEffect(() => {
    const offChanged = onEvent("note:changed", (ev) => {
      noteChanged(ev);
      reloadSoon();
    });
    const offReady = onEvent("backend:ready", () => reloadSoon());
    return () => {
      offChanged();
      offReady();
    };
  }, [noteChanged, reloadSoon]);

  const select = useCallback(
    (n: NoteSummary | Note) => {
      setPaneError(null);
      void autosave.open(n.id);
    },
    [autosave.open],
  );

  const created = (note: Note) => {
    setCreating(false);
    setView("notes");
    select(note);
    reloadSoon();
  };

  const trashOpen = async () => {
    if (!session) return;
    try {
      await session.flush();
      await trashNote(session.id);
      autosave.close();
      setPaneError(null);
      reloadSoon();
    } catch (e) {
      setPaneError(parseError(e));
    }
  };

  // Keyboard: Ctrl/Cmd+N new note, Ctrl/Cmd+S save now.
  const { saveNow } = autosave;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      const key = e.key.toLowerCase();
      if (key === "n") {
        e.preventDefault();
        setView("notes");
        setCreating(true);
      } else if (key === "s") {
        e.preventDefault();
        void saveNow();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [saveNow]);

  const error = paneError ?? autosave.loadError;

  return (
    <div className={`app${historyOpen && session ? " with-history" : ""}`}>
      <Sidebar
        view={view}
        onView={setView}
        order={order}
        onOrder={setOrder}
        pages={pages}
        selectedId={state?.id ?? null}
        onSelect={select}
        creating={creating}
        onCreating={setCreating}
        onCreated={created}
        onTrashChanged={reloadSoon}
      />
      <main className="main">
        {autosave.unsaved.length > 0 && (
          <div className="banner banner-error" role="alert">
            Unsaved changes in{" "}
            {autosave.unsaved.map((s, i) => (
              <span key={s.id}>
                {i > 0 && ", "}
                <button type="button" className="link" onClick={() => void autosave.open(s.id)}>
                  {s.title || "Untitled"}
                </button>
              </span>
            ))}
            . Open the note to resolve it.
          </div>
        )}
        {error && (
          <div className="banner banner-error" role="alert">
            {error.code === "not_found" ? "That note no longer exists." : error.message}
          </div>
        )}
        {session && state ? (
          <NotePane
            session={session}
            state={state}
            historyOpen={historyOpen}
            onToggleHistory={() => setHistoryOpen((o) => !o)}
            onTrash={() => void trashOpen()}
          />
        ) : (
          <div className="empty">
            <p>Select a note, or press Ctrl/Cmd+N to write a new one.</p>
          </div>
        )}
      </main>
      {historyOpen && session && state && (
        <HistoryPanel
          noteId={state.id}
          currentVersion={state.version}
          onRestore={(v) => session.revert(v)}
          onClose={() => setHistoryOpen(false)}
        />
      )}
      <StatusBar />
    </div>
  );
}
