import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from "react";
import { chooseVaultFolder, parseError, syncVault, trashNote, type AppError, type Note, type NoteSummary } from "./api";
import { ConfirmDialog } from "./components/ConfirmDialog";
import { Outline } from "./components/Outline";
import { TabBar } from "./components/TabBar";
import { followAtCaret } from "./editing/caretLink";
import type { Heading } from "./editing/links";
import { useNavigation, type OpenOptions } from "./hooks/useNavigation";
import type { Pane } from "./hooks/useTabs";
import { CommandPalette, type Command } from "./components/CommandPalette";
import { HistoryPanel } from "./components/HistoryPanel";
import { ImportDialog } from "./components/ImportDialog";
import { NotePane } from "./components/NotePane";
import { useNoteCommands } from "./components/NoteCommands";
import { QuickSwitcher } from "./components/QuickSwitcher";
import { ReadingView } from "./components/ReadingView";
import { toggleSourceMode, toggleTaskAtCaret } from "./editing/sourceMode";
import { RightPanel } from "./components/RightPanel";
import { SearchPanel } from "./components/SearchPanel";
import { splitFrontMatter } from "./render/markdown";
import { SettingsDialog } from "./components/SettingsDialog";
import { AboutDialog } from "./components/About";
import { AgentActivity } from "./components/AgentActivity";
import { Sidebar } from "./components/Sidebar";
import { ErrorBoundary } from "./components/ErrorBoundary";
import { StatusBar } from "./components/StatusBar";
import { FirstRun } from "./components/FirstRun";
import { useWorkspace } from "./hooks/useWorkspace";
import { useEditorFont } from "./hooks/editorFont";
import { useSidebarState } from "./hooks/useSidebarState";
import { useLayout } from "./hooks/useLayout";
import { useOverlays } from "./hooks/useOverlays";
import { useReload, useReloadOnEvents } from "./hooks/useReload";
import { useShortcuts } from "./hooks/useShortcuts";
import { useTitles } from "./hooks/useTitles";
import { SidebarTools } from "./components/SidebarTools";
import { AsOfProvider, useAsOf } from "./timeline/asOf";
import { AsOfLinksPanel, AsOfNotePane, AsOfSearchPanel, useAsOfPages } from "./timeline/AsOfViews";
import { AsOfBanner } from "./timeline/AsOfBanner";
import { OnThisDay } from "./timeline/OnThisDay";
import "./timeline/timeline.css";
import { ConflictsView } from "./components/ConflictsView";
import { DELETIONS_BUTTON_ID, VaultBanners } from "./components/VaultBanners";
import { useVaultStatus } from "./hooks/useVaultStatus";

// The graph view (sigma, graphology, ForceAtlas2) loads when first shown, not with the window.
const GraphView = lazy(() => import("./components/GraphView").then((m) => ({ default: m.GraphView })));
// The timeline (heatmap, uPlot chart) loads when first shown too.
const TimelineView = lazy(() => import("./timeline/TimelineView").then((m) => ({ default: m.TimelineView })));

/** READ_ONLY_HIDDEN are the commands that write, left out while the vault is shown as of a moment. */
const READ_ONLY_HIDDEN: ReadonlySet<string> = new Set(["new", "save", "today", "trash", "toggle-task", "split"]);

/** App is the window: the workspace under the "as of" moment every view reads (timeline/asOf.tsx). */
export function App() {
  return (
    <AsOfProvider>
      <Workspace />
    </AsOfProvider>
  );
}

/** Workspace lays out the sidebar, the open note, the right panel and the status bar, and owns the shortcuts and commands. */
function Workspace() {
  const [paneError, setPaneError] = useState<AppError | null>(null);
  const [reading, setReading] = useState(false);
  const { overlay, show: setOverlay, close: closeOverlay } = useOverlays();
  // Side panels, theme, export and rename: their commands, shortcuts and toggles.
  const workspace = useWorkspace();
  useEditorFont();
  // The sidebar's view, list, folder, new-note form and tag search: see hooks/useSidebarState.
  const sidebar = useSidebarState(workspace.panels.reveal);
  const { view, setView, pages, folder, setCreating, showTag, searchTag, startNew } = sidebar;
  // The list, tags and folders reload shortly after changes: see hooks/useReload.
  const { tags, folders, reloadSoon } = useReload(pages.reload);
  const nav = useNavigation({ reading, onTag: showTag, onCreated: reloadSoon });
  const { tabs, open: navOpen, openTitle: navOpenTitle, openToday: navOpenToday } = nav;
  const autosave = nav.main;
  const { session, state } = autosave;
  const openNoteId = state?.id ?? null;
  const split = nav.split.session && nav.split.state ? { session: nav.split.session, state: nav.split.state } : null;
  const titles = useTitles([state, split?.state]);
  useReloadOnEvents(nav.noteChanged, openNoteId, reloadSoon);
  // The vault folder's mirror: its status (status bar, banners) and the list when a folder attaches or a pass finishes.
  const vault = useVaultStatus();
  const vaultAttached = vault.status?.attached ?? false;
  const vaultSettled = (vault.status?.pending_external ?? 0) === 0;
  useEffect(() => {
    if (vaultAttached && vaultSettled) reloadSoon();
  }, [vaultAttached, vaultSettled, reloadSoon]);
  const layout = useLayout({ hasNote: !!session && !!state, left: workspace.panels.open.left, right: workspace.panels.open.right });
  const { panel, setPanel, graphOpen, setGraphOpen, timelineOpen, setTimelineOpen, showPanel } = layout;
  // As of a moment (the timeline's picker) every view reads the vault then,
  // read-only: the list, the note picked in it, search, backlinks, graph.
  const { asOf } = useAsOf();
  // The note picked while as of a moment; a new moment starts from the open note.
  const [pick, setPick] = useState<{ at: string; id: string } | null>(null);
  const asOfId = asOf ? (pick?.at === asOf ? pick.id : openNoteId) : null;
  const setAsOfPick = useCallback((id: string) => asOf && setPick({ at: asOf, id }), [asOf]);
  const asOfPages = useAsOfPages(asOf, folder, sidebar.order);

  // Opening a note from a list, the switcher or a link: see hooks/useNavigation.
  const openId = useCallback(
    (id: string, opts?: OpenOptions) => {
      setPaneError(null);
      setGraphOpen(false);
      setTimelineOpen(false);
      if (asOf) setAsOfPick(id);
      else navOpen(id, opts);
    },
    [navOpen, setGraphOpen, setTimelineOpen, asOf, setAsOfPick],
  );
  const select = useCallback((n: NoteSummary | Note, opts?: OpenOptions) => openId(n.id, opts), [openId]);
  const openTitle = useCallback(
    (title: string, opts?: OpenOptions & { ask?: boolean }) => {
      setGraphOpen(false);
      setTimelineOpen(false);
      return navOpenTitle(title, opts);
    },
    [navOpenTitle, setGraphOpen, setTimelineOpen],
  );
  const openToday = useCallback(() => {
    setGraphOpen(false);
    setTimelineOpen(false);
    return navOpenToday();
  }, [navOpenToday, setGraphOpen, setTimelineOpen]);
  // Templates and the daily notes' previous/next: see components/NoteCommands.
  const openFocused = useCallback((id: string) => openId(id, { focus: true }), [openId]);
  const noteCommands = useNoteCommands({ noteId: openNoteId, title: state?.title ?? "", open: openFocused, onError: setPaneError });

  const created = useCallback(
    (note: Note) => {
      setCreating(false);
      setView("notes");
      select(note, { focus: true, at: "end" });
      reloadSoon();
    },
    [select, reloadSoon, setCreating, setView],
  );

  const trashOpen = async (pane: Pane = "main") => {
    const session = pane === "split" ? nav.split.session : nav.main.session;
    if (!session) return;
    try {
      await session.flush();
      await trashNote(session.id);
      tabs.forget(session.id);
      setPaneError(null);
      reloadSoon();
    } catch (e) {
      setPaneError(parseError(e));
    }
  };

  const onToday = useCallback(() => void openToday(), [openToday]);
  const openSettings = useCallback(() => setOverlay("settings"), [setOverlay]);
  const onOpenTitle = useCallback((t: string) => void openTitle(t), [openTitle]);
  const onReadingLink = useCallback(
    (t: string, e?: { ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }) =>
      void openTitle(t, { ask: true, where: e && (e.ctrlKey || e.metaKey) ? (e.shiftKey ? "split" : "tab") : "here" }),
    [openTitle],
  );
  const onJump = useCallback(
    (h: Heading) => openNoteId !== null && openId(openNoteId, { pane: "main", focus: true, line: h.line }),
    [openId, openNoteId],
  );
  const body = state?.body ?? "";
  const frontMatter = useMemo(() => splitFrontMatter(body).frontMatter, [body]);
  const sidebarFooter = useMemo(
    () => (
      <SidebarTools
        tags={tags}
        onImport={() => setOverlay("import")}
        onGraph={() => (setTimelineOpen(false), setGraphOpen(true))}
        onTimeline={() => (setGraphOpen(false), setTimelineOpen(true))}
        onSettings={() => setOverlay("settings")}
        onPalette={() => setOverlay("palette")}
        onTag={showTag}
      />
    ),
    [tags, showTag, setOverlay, setGraphOpen, setTimelineOpen],
  );
  const searchPanel = useMemo(
    () => (asOf ? <AsOfSearchPanel at={asOf} onOpen={openId} /> : <SearchPanel key={searchTag.n} onOpen={openId} initialTag={searchTag.name} />),
    [openId, searchTag, asOf],
  );
  // A [[link]] read as of a moment opens the note of that title then.
  const openTitleAsOf = useCallback(
    (title: string) => {
      if (!asOfPages) return;
      const t = title.split(/[#|]/)[0].trim().toLowerCase();
      for (let i = 0; i < asOfPages.total; i++) {
        const n = asOfPages.rowAt(i);
        if (n && (n.title.toLowerCase() === t || n.path.toLowerCase().replace(/\.md$/, "") === t)) return setAsOfPick(n.id);
      }
    },
    [asOfPages, setAsOfPick],
  );

  const { saveNow } = autosave;
  const setVault = vault.set;
  // "Open folder as vault…": the system's folder picker, then the mirror imports it (a cancel changes nothing).
  const openVaultFolder = useCallback(async () => {
    try {
      setVault(await chooseVaultFolder());
    } catch (e) {
      setPaneError(parseError(e));
    }
  }, [setVault]);
  const syncVaultNow = useCallback(async () => {
    try {
      setVault(await syncVault());
    } catch (e) {
      setPaneError(parseError(e));
    }
  }, [setVault]);
  const commands: Command[] = useMemo(
    () => [
      { id: "new", title: "New note", shortcut: "Ctrl+N", run: startNew },
      { id: "open", title: "Open note (quick switcher)", shortcut: "Ctrl+O", run: () => setOverlay("switcher") },
      { id: "search", title: "Search notes", shortcut: "Ctrl+Shift+F", run: () => setView("search") },
      { id: "today", title: "Open today's note", shortcut: "Ctrl+D", run: () => void openToday() },
      { id: "save", title: "Save now", shortcut: "Ctrl+S", run: () => void saveNow() },
      { id: "reading", title: "Toggle reading view", shortcut: "Ctrl+E", run: () => setReading((r) => !r) },
      { id: "source-mode", title: "Toggle source mode (live preview off)", run: toggleSourceMode },
      { id: "graph", title: "Show graph view", shortcut: "Ctrl+G", run: () => (setTimelineOpen(false), setGraphOpen((g) => !g)) },
      { id: "timeline", title: "Show timeline (activity over time, on this day, view as of a date)", run: () => (setGraphOpen(false), setTimelineOpen((t) => !t)) },
      { id: "links", title: "Show backlinks and links", run: () => setPanel((p) => (p === "links" ? null : "links")) },
      { id: "history", title: "Show history", run: () => setPanel((p) => (p === "history" ? null : "history")) },
      { id: "import", title: "Import a folder…", run: () => setOverlay("import") },
      { id: "vault-open", title: "Open folder as vault… (keep a Markdown folder in step)", run: () => void openVaultFolder() },
      { id: "vault-conflicts", title: "Show vault conflicts (note vs file)", run: () => setOverlay("conflicts") },
      { id: "vault-sync", title: "Sync the vault folder now", run: () => void syncVaultNow() },
      { id: "settings", title: "Settings: servers and status", shortcut: "Ctrl+,", run: () => setOverlay("settings") },
      { id: "trash-view", title: "Show trash", run: () => setView("trash") },
      { id: "trash", title: "Move note to trash", run: () => void trashOpen() },
      { id: "palette", title: "Command palette", shortcut: "Ctrl+K", run: () => setOverlay("palette") },
      { id: "about", title: "About Second Brain (version)", run: () => setOverlay("about") },
      { id: "back", title: "Go back", shortcut: "Alt+←", run: () => tabs.back() },
      { id: "agents", title: "Agent activity: AI assistants (MCP), hidden folders, undo", run: () => setOverlay("agents") },
      { id: "forward", title: "Go forward", shortcut: "Alt+→", run: () => tabs.forward() },
      { id: "follow", title: "Follow link under cursor", shortcut: "Alt+Enter", run: () => void followAtCaret() },
      { id: "next-tab", title: "Next tab", shortcut: "Ctrl+Tab", run: () => tabs.cycle(1) },
      { id: "prev-tab", title: "Previous tab", shortcut: "Ctrl+Shift+Tab", run: () => tabs.cycle(-1) },
      { id: "toggle-task", title: "Toggle the task checkbox on the caret's line", shortcut: "Ctrl+L", run: () => void toggleTaskAtCaret() },
      { id: "close-tab", title: "Close tab", shortcut: "Ctrl+W", run: () => tabs.state.active && tabs.close(tabs.state.active) },
      { id: "split", title: "Open note in a split to the right", run: () => state && openId(state.id, { where: "split", focus: true }) },
      { id: "close-split", title: "Close the split", run: () => tabs.closeSplit() },
      { id: "outline", title: "Show outline", run: () => setPanel("links") },
      ...workspace.commands,
      ...noteCommands.commands,
    ].filter((c) => !asOf || !READ_ONLY_HIDDEN.has(c.id)),
    [asOf, openToday, saveNow, session, tabs, state?.id, openId, workspace.commands, noteCommands.commands, setGraphOpen, setTimelineOpen, setOverlay, setPanel, setView, startNew, openVaultFolder, syncVaultNow],
  );

  // Keyboard: every shortcut listed in the palette.
  useShortcuts(commands);
  const { drag, columns } = layout;

  const error = paneError ?? nav.error ?? (autosave.loadError?.code === "not_found" ? null : autosave.loadError);
  const activeTab = tabs.state.tabs.find((t) => t.key === tabs.state.active);
  const left = workspace.panels.open.left;

  return (
    <div className={`app${showPanel ? " with-panel" : ""}${left ? "" : " left-collapsed"}`} style={{ gridTemplateColumns: columns }}>
      <Sidebar
        view={view}
        onView={setView}
        order={sidebar.order}
        onOrder={sidebar.setOrder}
        pages={asOfPages ?? pages}
        selectedId={asOf ? asOfId : openNoteId}
        readOnly={!!asOf}
        onSelect={select}
        creating={sidebar.creating}
        newKey={sidebar.newKey}
        onCreating={setCreating}
        onCreated={created}
        onTrashChanged={reloadSoon}
        onToday={onToday}
        search={searchPanel}
        footer={sidebarFooter}
        folders={folders}
        folder={folder}
        onFolder={sidebar.setFolder}
      />
      <div className="divider d1" role="separator" aria-label="Resize sidebar" onPointerDown={drag("side")} />
      <main className="main">
        <AsOfBanner noteId={timelineOpen || graphOpen ? null : asOf ? asOfId : openNoteId} noteTitle={asOf && asOfId !== openNoteId ? undefined : state?.title} folder={folder} onRestored={() => reloadSoon(true)} />
        <VaultBanners status={vault.status} onOpenConflicts={() => setOverlay("conflicts")} onStatus={vault.set} />
        {autosave.unsaved.length > 0 && (
          <div className="banner banner-error" role="alert">
            Unsaved changes in{" "}
            {autosave.unsaved.map((s, i) => (
              <span key={s.id}>
                {i > 0 && ", "}
                <button type="button" className="link" onClick={() => openId(s.id)}>
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
              <GraphView noteId={asOf ? asOfId : openNoteId} asOf={asOf} onOpen={openId} onClose={() => setGraphOpen(false)} />
            </Suspense>
          </ErrorBoundary>
        ) : timelineOpen ? (
          <ErrorBoundary
            what="The timeline"
            actions={
              <button type="button" onClick={() => setTimelineOpen(false)}>
                Close timeline
              </button>
            }
          >
            <Suspense fallback={<p className="muted">Loading the timeline…</p>}>
              <TimelineView folders={folders} tags={tags} onOpen={openId} onClose={() => setTimelineOpen(false)} />
            </Suspense>
          </ErrorBoundary>
        ) : asOf ? (
          <AsOfNotePane id={asOfId} at={asOf} onOpenTitle={openTitleAsOf} />
        ) : (
          <>
            <TabBar
              tabs={tabs.state.tabs}
              active={tabs.state.active}
              titles={titles}
              canBack={(activeTab?.nav.back.length ?? 0) > 0}
              canForward={(activeTab?.nav.fwd.length ?? 0) > 0}
              onBack={() => tabs.back("main")}
              onForward={() => tabs.forward("main")}
              onActivate={tabs.activate}
              onClose={tabs.close}
              onMove={tabs.move}
            />
            <div className="panes">
              {([["main", session && state ? { session, state } : null], ["split", split]] as const).map(([pane, open]) =>
                open ? (
                  <div key={pane} className={`pane pane-${pane}`} onFocusCapture={() => tabs.focus(pane)} onMouseDownCapture={() => tabs.focus(pane)}>
                    <ErrorBoundary resetKey={open.state.id} what="This note's view">
                      <NotePane
                        session={open.session}
                        state={open.state}
                        historyOpen={pane === "main" && panel === "history"}
                        onToggleHistory={() => setPanel((p) => (p === "history" ? "links" : "history"))}
                        onTrash={() => void trashOpen(pane)}
                        reading={reading}
                        onToggleReading={() => setReading((r) => !r)}
                        onGraph={pane === "main" ? () => setGraphOpen(true) : undefined}
                        onCloseSplit={pane === "split" ? tabs.closeSplit : undefined}
                        onOpenNote={(id) => openId(id, { pane, focus: true })}
                        nav={nav.linkNav(pane)}
                        readingView={<ReadingView body={open.state.body} title={open.state.title} onOpenTitle={onReadingLink} onTag={showTag} onEdit={(b) => (open.session.edit(b), void open.session.flush())} />}
                      />
                    </ErrorBoundary>
                  </div>
                ) : pane === "main" && pages.total === 0 && view !== "trash" && folder === null ? (
                  <FirstRun key="first-run" onImport={() => setOverlay("import")} onCreated={created} />
                ) : pane === "main" ? (
                  <div key="empty" className="empty">
                    <p>
                      Select a note, press Ctrl/Cmd+O to open one, Ctrl/Cmd+N to write a new one, or Ctrl/Cmd+K for every command.
                    </p>
                  </div>
                ) : null,
              )}
            </div>
          </>
        )}
      </main>
      {showPanel && <div className="divider d2" role="separator" aria-label="Resize panel" onPointerDown={drag("right")} />}
      {showPanel && asOf && (
        <div className="right-column">{asOfId && <AsOfLinksPanel id={asOfId} at={asOf} onOpen={openId} />}</div>
      )}
      {showPanel &&
        !asOf &&
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
          <div className="right-column">
            <Outline body={state.body} onJump={onJump} />
            <RightPanel noteId={state.id} version={state.version} frontMatter={frontMatter} onOpen={openId} onOpenTitle={onOpenTitle} />
            <div className="on-this-day-box">
              <OnThisDay onOpen={openId} />
            </div>
          </div>
        ))}
      <StatusBar
        onDetails={openSettings}
        start={workspace.leftToggle}
        end={workspace.endToggles}
        vault={vault.status}
        onConflicts={() => setOverlay("conflicts")}
        onDeletions={() => document.getElementById(DELETIONS_BUTTON_ID)?.focus()}
      />
      {overlay === "switcher" && (
        <QuickSwitcher onOpen={openId} onCreate={(t, opts) => void openTitle(t, opts)} onClose={closeOverlay} />
      )}
      {nav.confirm && <ConfirmDialog message={nav.confirm.message} yes={nav.confirm.yes} onAnswer={nav.confirm.answer} />}
      {overlay === "palette" && <CommandPalette commands={commands} onClose={closeOverlay} />}
      {noteCommands.overlay}
      {overlay === "settings" && <SettingsDialog onClose={closeOverlay} />}
      {overlay === "about" && <AboutDialog onClose={closeOverlay} />}
      {overlay === "conflicts" && (
        <ConflictsView
          count={vault.status?.conflicts}
          onClose={closeOverlay}
          onOpenNote={(id) => {
            closeOverlay();
            openId(id);
          }}
        />
      )}
      {overlay === "agents" && (
        <AgentActivity
          onClose={closeOverlay}
          onOpenNote={(id) => {
            closeOverlay();
            openId(id);
          }}
        />
      )}
      {overlay === "import" && (
        <ImportDialog
          onClose={() => {
            closeOverlay();
            reloadSoon();
          }}
        />
      )}
      {workspace.overlay}
    </div>
  );
}
