import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  createNote,
  findTitles,
  listFolderNotes,
  listFolders,
  listNotes,
  listTags,
  onEvent,
  parseError,
  todayNote,
  trashNote,
  type AppError,
  type Folder,
  type Note,
  type NoteOrder,
  type NoteSummary,
  type Tag,
} from "./api";
import { CommandPalette, type Command } from "./components/CommandPalette";
import { HistoryPanel } from "./components/HistoryPanel";
import { ImportDialog } from "./components/ImportDialog";
import { NotePane } from "./components/NotePane";
import { preloadEditor } from "./components/Editor";
import { QuickSwitcher } from "./components/QuickSwitcher";
import { ReadingView } from "./components/ReadingView";
import { RightPanel } from "./components/RightPanel";
import { SearchPanel } from "./components/SearchPanel";
import { splitFrontMatter } from "./render/markdown";
import { SettingsDialog } from "./components/SettingsDialog";
import { AboutDialog } from "./components/About";
import { Sidebar, type SidebarView } from "./components/Sidebar";
import { ErrorBoundary } from "./components/ErrorBoundary";
import { StatusBar } from "./components/StatusBar";
import { useAutosave } from "./hooks/useAutosave";
import { useNotePages } from "./hooks/useNotePages";

// The graph view (sigma, graphology, ForceAtlas2) loads when first shown, not with the window.
const GraphView = lazy(() => import("./components/GraphView").then((m) => ({ default: m.GraphView })));

const LIST_RELOAD_MS = 300;

type Overlay = "switcher" | "palette" | "import" | "settings" | "about" | null;
type Panel = "links" | "history" | null;

/** App lays out the sidebar, the open note, the right panel and the status bar, and owns the shortcuts and commands. */
export function App() {
  const [view, setView] = useState<SidebarView>("notes");
  const [order, setOrder] = useState<NoteOrder>("updated");
  const [creating, setCreating] = useState(false);
  const [panel, setPanel] = useState<Panel>("links");
  const [reading, setReading] = useState(false);
  const [graphOpen, setGraphOpen] = useState(false);
  const [overlay, setOverlay] = useState<Overlay>(null);
  const [searchTag, setSearchTag] = useState("");
  const [tags, setTags] = useState<Tag[]>([]);
  const [paneError, setPaneError] = useState<AppError | null>(null);
  const [widths, setWidths] = useState({ side: 280, right: 300 });
  const [folders, setFolders] = useState<Folder[]>([]);
  const [folder, setFolder] = useState<string | null>(null);
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
  const autosave = useAutosave();
  const { session, state } = autosave;

  // Reload the list (and tags) shortly after changes, once per burst of events;
  // the folder counts too unless every change in the burst was an edit of the open note.
  const reloadTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const reloadFolders = useRef(true);
  const reloadSoon = useCallback(
    (folders = true) => {
      if (reloadTimer.current) clearTimeout(reloadTimer.current);
      reloadFolders.current ||= folders;
      reloadTimer.current = setTimeout(() => {
        reloadTimer.current = null;
        pages.reload();
        listTags().then(setTags, () => {});
        if (reloadFolders.current) listFolders().then(setFolders, () => {});
        reloadFolders.current = false;
      }, LIST_RELOAD_MS);
    },
    [pages.reload],
  );
  const openNoteId = useRef<string | null>(null);
  openNoteId.current = state?.id ?? null;

  const { noteChanged } = autosave;
  useEffect(() => {
    const offChanged = onEvent("note:changed", (ev) => {
      if (ev.id) noteChanged(ev);
      reloadSoon(ev.deleted || ev.version <= 1 || ev.id !== openNoteId.current);
    });
    const offReady = onEvent("backend:ready", () => reloadSoon());
    reloadSoon();
    return () => {
      offChanged();
      offReady();
    };
  }, [noteChanged, reloadSoon]);

  const openId = useCallback(
    (id: string) => {
      setPaneError(null);
      setGraphOpen(false);
      void autosave.open(id);
    },
    [autosave.open],
  );
  const select = useCallback((n: NoteSummary | Note) => openId(n.id), [openId]);

  // openTitle follows a wikilink: the note with that title or alias, or a new one.
  const openTitle = useCallback(
    async (title: string) => {
      const t = title.trim();
      if (!t) return;
      try {
        const key = t.toLowerCase();
        const found = (await findTitles(t, 10)).find((m) => m.title.toLowerCase() === key || m.alias.toLowerCase() === key);
        if (found) openId(found.id);
        else {
          const n = await createNote(t.split("/").pop() ?? t);
          openId(n.id);
          reloadSoon();
        }
      } catch (e) {
        setPaneError(parseError(e));
      }
    },
    [openId, reloadSoon],
  );

  const openToday = useCallback(async () => {
    try {
      openId((await todayNote()).id);
      reloadSoon();
    } catch (e) {
      setPaneError(parseError(e));
    }
  }, [openId, reloadSoon]);

  const created = useCallback(
    (note: Note) => {
      setCreating(false);
      setView("notes");
      select(note);
      reloadSoon();
    },
    [select, reloadSoon],
  );

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

  const showTag = useCallback((tag: string) => {
    setSearchTag(tag);
    setView("search");
  }, []);
  const onToday = useCallback(() => void openToday(), [openToday]);
  const openSettings = useCallback(() => setOverlay("settings"), []);
  const onOpenTitle = useCallback((t: string) => void openTitle(t), [openTitle]);
  const body = state?.body ?? "";
  const frontMatter = useMemo(() => splitFrontMatter(body).frontMatter, [body]);
  const sidebarFooter = useMemo(
    () => (
<>
          <div className="sidebar-tools">
            <button type="button" onClick={() => setOverlay("import")}>Import…</button>
            <button type="button" onClick={() => setGraphOpen(true)}>Graph</button>
            <button type="button" onClick={() => setOverlay("settings")}>Settings</button>
            <button type="button" title="Command palette" onClick={() => setOverlay("palette")}>Ctrl+K</button>
          </div>
          {tags.length > 0 && (
            <details className="tag-list">
              <summary>Tags ({tags.length})</summary>
              <ul>
                {tags.slice(0, 200).map((t) => (
                  <li key={t.name}>
                    <button type="button" className="link" onClick={() => showTag(t.name)}>
                      #{t.name}
                    </button>{" "}
                    <span className="count">{t.count}</span>
                  </li>
                ))}
              </ul>
            </details>
          )}
          </>
    ),
    [tags, showTag],
  );
  const searchPanel = useMemo(() => <SearchPanel onOpen={openId} initialTag={searchTag} />, [openId, searchTag]);

  const { saveNow } = autosave;
  const commands: Command[] = useMemo(
    () => [
      { id: "new", title: "New note", shortcut: "Ctrl+N", run: () => (setView("notes"), setCreating(true)) },
      { id: "open", title: "Open note (quick switcher)", shortcut: "Ctrl+O", run: () => setOverlay("switcher") },
      { id: "search", title: "Search notes", shortcut: "Ctrl+Shift+F", run: () => setView("search") },
      { id: "today", title: "Open today's note", shortcut: "Ctrl+D", run: () => void openToday() },
      { id: "save", title: "Save now", shortcut: "Ctrl+S", run: () => void saveNow() },
      { id: "reading", title: "Toggle reading view", shortcut: "Ctrl+E", run: () => setReading((r) => !r) },
      { id: "graph", title: "Show graph view", shortcut: "Ctrl+G", run: () => setGraphOpen((g) => !g) },
      { id: "links", title: "Show backlinks and links", run: () => setPanel((p) => (p === "links" ? null : "links")) },
      { id: "history", title: "Show history", run: () => setPanel((p) => (p === "history" ? null : "history")) },
      { id: "import", title: "Import a folder…", run: () => setOverlay("import") },
      { id: "settings", title: "Settings: servers and status", shortcut: "Ctrl+,", run: () => setOverlay("settings") },
      { id: "trash-view", title: "Show trash", run: () => setView("trash") },
      { id: "trash", title: "Move note to trash", run: () => void trashOpen() },
      { id: "palette", title: "Command palette", shortcut: "Ctrl+K", run: () => setOverlay("palette") },
      { id: "about", title: "About Second Brain (version)", run: () => setOverlay("about") },
    ],
    [openToday, saveNow, session],
  );

  // Keyboard: every shortcut listed in the palette.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      const run = (id: string) => {
        e.preventDefault();
        commands.find((c) => c.id === id)?.run();
      };
      if (e.shiftKey) {
        if (key === "f") run("search");
        return;
      }
      const byKey: Record<string, string> = { n: "new", s: "save", o: "open", k: "palette", d: "today", e: "reading", g: "graph", ",": "settings" };
      if (byKey[key]) run(byKey[key]);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [commands]);

  // Pane resizing by dragging the dividers.
  const drag = (which: "side" | "right") => (e: React.PointerEvent) => {
    e.preventDefault();
    const startX = e.clientX;
    const start = widths[which];
    const move = (ev: PointerEvent) => {
      const dx = ev.clientX - startX;
      const w = Math.max(180, Math.min(640, which === "side" ? start + dx : start - dx));
      setWidths((ws) => ({ ...ws, [which]: w }));
    };
    const up = () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
  };

  const error = paneError ?? autosave.loadError;
  const showPanel = panel !== null && !!session && !!state && !graphOpen;
  const columns = `${widths.side}px 4px minmax(0, 1fr)${showPanel ? ` 4px ${widths.right}px` : ""}`;

  return (
    <div className={`app${showPanel ? " with-panel" : ""}`} style={{ gridTemplateColumns: columns }}>
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
        onToday={onToday}
        search={searchPanel}
        footer={sidebarFooter}
        folders={folders}
        folder={folder}
        onFolder={setFolder}
      />
      <div className="divider d1" role="separator" aria-label="Resize sidebar" onPointerDown={drag("side")} />
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
        {graphOpen ? (
          <ErrorBoundary
            what="The graph view"
            actions={
              <button type="button" onClick={() => setGraphOpen(false)}>
                Close graph
              </button>
            }
          >
            <Suspense fallback={<p className="muted">Loading the graph…</p>}>
              <GraphView noteId={state?.id ?? null} onOpen={openId} onClose={() => setGraphOpen(false)} />
            </Suspense>
          </ErrorBoundary>
        ) : session && state ? (
          <ErrorBoundary resetKey={state.id} what="This note's view">
            <NotePane
              session={session}
              state={state}
              historyOpen={panel === "history"}
              onToggleHistory={() => setPanel((p) => (p === "history" ? "links" : "history"))}
              onTrash={() => void trashOpen()}
              reading={reading}
              onToggleReading={() => setReading((r) => !r)}
              onGraph={() => setGraphOpen(true)}
              readingView={<ReadingView body={state.body} onOpenTitle={(t) => void openTitle(t)} onTag={showTag} />}
            />
          </ErrorBoundary>
        ) : (
          <div className="empty">
            <p>
              Select a note, press Ctrl/Cmd+O to open one, Ctrl/Cmd+N to write a new one, or Ctrl/Cmd+K for every command.
            </p>
          </div>
        )}
      </main>
      {showPanel && <div className="divider d2" role="separator" aria-label="Resize panel" onPointerDown={drag("right")} />}
      {showPanel &&
        state &&
        session &&
        (panel === "history" ? (
          <HistoryPanel
            noteId={state.id}
            currentVersion={state.version}
            currentBody={state.body}
            onRestore={(v) => session.revert(v)}
            onClose={() => setPanel("links")}
          />
        ) : (
          <RightPanel noteId={state.id} version={state.version} frontMatter={frontMatter} onOpen={openId} onOpenTitle={onOpenTitle} />
        ))}
      <StatusBar onDetails={openSettings} />
      {overlay === "switcher" && (
        <QuickSwitcher onOpen={openId} onCreate={(t) => void openTitle(t)} onClose={() => setOverlay(null)} />
      )}
      {overlay === "palette" && <CommandPalette commands={commands} onClose={() => setOverlay(null)} />}
      {overlay === "settings" && <SettingsDialog onClose={() => setOverlay(null)} />}
      {overlay === "about" && <AboutDialog onClose={() => setOverlay(null)} />}
      {overlay === "import" && (
        <ImportDialog
          onClose={() => {
            setOverlay(null);
            reloadSoon();
          }}
        />
      )}
    </div>
  );
}
