import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { createNote, openExternal, outgoingLinks, parseError, todayNote, type AppError, type NoteChanged } from "../api";
import * as focusIntent from "../editing/focusIntent";
import type { LinkNav, OpenHow } from "../editing/linkNav";
import { LinkResolver } from "../editing/linkResolver";
import type { LinkTarget } from "../editing/links";
import { useAutosave, type Autosave } from "./useAutosave";
import { useNavHistory } from "./useNavHistory";
import { tabsReducer, useTabs, type Pane, type Tabs, type TabsAction, type TabsState, type Where } from "./useTabs";

/** OpenOptions says where a note opens and whether the caret goes into its editor. */
export interface OpenOptions {
  where?: Where;
  /** pane is the pane "here" means (default: the one with the focus). */
  pane?: Pane;
  /** focus moves the caret into the note's editor, keeping what is typed while it opens. */
  focus?: boolean;
  heading?: string;
  line?: number;
  at?: "start" | "end";
}

/** Confirm is a question the app shows in a dialog (creating a note a link names). */
export interface Confirm {
  message: string;
  yes: string;
  answer(ok: boolean): void;
}

/** Navigation is what useNavigation gives the app. */
export interface Navigation {
  tabs: Tabs;
  /** main and split edit the notes the two panes show. */
  main: Autosave;
  split: Autosave;
  resolver: LinkResolver;
  /** open shows note id (see OpenOptions). */
  open(id: string, opts?: OpenOptions): void;
  /** openTitle opens the note a title or path names; when there is none it creates it (asking first with ask). */
  openTitle(title: string, opts?: OpenOptions & { ask?: boolean }): Promise<void>;
  /** openToday opens today's daily note with the caret at its end. */
  openToday(): Promise<void>;
  /** follow opens what a link in a pane leads to. */
  follow(link: LinkTarget, how: OpenHow, pane: Pane): void;
  /** linkNav is the editor's link handling for a pane. */
  linkNav(pane: Pane): LinkNav;
  noteChanged(ev: NoteChanged): void;
  /** confirm is the question on screen, or null. */
  confirm: Confirm | null;
  error: AppError | null;
  setError(e: AppError | null): void;
}

/**
 * useNavigation owns how notes open: the tabs and the split pane (each pane
 * with its own autosaving session), back and forward, following links, the
 * link resolver, and handing the keyboard to the opened note's editor.
 */
export function useNavigation({ reading, onTag, onCreated }: { reading: boolean; onTag(tag: string): void; onCreated(): void }): Navigation {
  const rawTabs = useTabs();
  const tabs = useHandingKeys(rawTabs, reading);
  // The open tabs' notes stay loaded, so switching tabs needs no round trip.
  const tabIds = useMemo(() => new Set(rawTabs.state.tabs.map((t) => t.nav.noteId)), [rawTabs.state.tabs]);
  const inTabs = useRef(tabIds);
  inTabs.current = tabIds;
  const main = useAutosave(undefined, useCallback((id: string) => inTabs.current.has(id), []));
  const split = useAutosave();
  const resolver = useMemo(() => new LinkResolver(), []);
  const [error, setError] = useState<AppError | null>(null);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const ctx = useRef({ reading, onTag, onCreated, tabs });
  ctx.current = { reading, onTag, onCreated, tabs };

  // The panes load the notes their tabs show.
  const { mainId, splitId } = tabs;
  useEffect(() => {
    setError(null);
    if (mainId) void main.open(mainId);
    else main.close();
  }, [mainId, main.open, main.close]);
  useEffect(() => {
    if (splitId) void split.open(splitId);
    else split.close();
  }, [splitId, split.open, split.close]);
  const { prune } = main;
  useEffect(() => prune(), [tabIds, prune]);
  // A note that could not load gives the held keystrokes back to no one: stop holding them.
  useEffect(() => {
    const waiting = focusIntent.pending()?.id;
    if ((main.loadError && waiting === mainId) || (split.loadError && waiting === splitId)) focusIntent.release();
  }, [main.loadError, split.loadError, mainId, splitId]);
  // A tab whose note is gone (deleted since the last run) closes.
  useEffect(() => {
    if (main.loadError?.code === "not_found" && mainId) tabs.forget(mainId);
  }, [main.loadError, mainId, tabs.forget]);
  useEffect(() => {
    if (split.loadError?.code === "not_found" && splitId) tabs.forget(splitId);
  }, [split.loadError, splitId, tabs.forget]);

  // The open note's stored links tell the resolver what its links name.
  const openNoteId = main.state?.id;
  const openVersion = main.state?.version;
  useEffect(() => {
    if (!openNoteId) return;
    let live = true;
    outgoingLinks(openNoteId).then(
      (ls) => live && resolver.seed(ls),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [openNoteId, openVersion, resolver]);

  const open = useCallback((id: string, opts: OpenOptions = {}) => {
    setError(null);
    if (opts.focus && !ctx.current.reading) focusIntent.expect({ id, heading: opts.heading, line: opts.line, at: opts.at });
    ctx.current.tabs.open(id, opts.where ?? "here", opts.pane);
  }, []);

  const fail = useCallback((e: unknown) => {
    focusIntent.release();
    setError(parseError(e));
  }, []);

  const ask = useCallback(
    (message: string, yes: string) =>
      new Promise<boolean>((resolve) => {
        setConfirm({
          message,
          yes,
          answer: (ok) => {
            setConfirm(null);
            resolve(ok);
          },
        });
      }),
    [],
  );

  const openTitle = useCallback(
    async (title: string, opts: OpenOptions & { ask?: boolean } = {}) => {
      const t = title.trim();
      if (!t) return;
      const holding = opts.focus && !ctx.current.reading;
      if (holding) focusIntent.hold();
      try {
        let id = await resolver.resolve(t);
        if (!id) {
          if (opts.ask) {
            focusIntent.release();
            if (!(await ask(`There is no note “${t}” yet. Create it?`, "Create note"))) return;
          }
          const n = await createNote(t.split("/").pop() ?? t);
          id = n.id;
          resolver.clear();
          ctx.current.onCreated();
        }
        open(id, { ...opts, focus: opts.focus });
      } catch (e) {
        fail(e);
      }
    },
    [resolver, open, fail, ask],
  );

  const openToday = useCallback(async () => {
    if (!ctx.current.reading) focusIntent.hold();
    try {
      const n = await todayNote();
      open(n.id, { focus: true, at: "end" });
      ctx.current.onCreated();
    } catch (e) {
      fail(e);
    }
  }, [open, fail]);

  const follow = useCallback(
    (link: LinkTarget, how: OpenHow, pane: Pane) => {
      switch (link.kind) {
        case "url":
          if (/^(https?|mailto):/i.test(link.url)) openExternal(link.url);
          return;
        case "tag":
          ctx.current.onTag(link.tag);
          return;
        case "note": {
          const t = ctx.current.tabs;
          if (!link.target) {
            // [[#Heading]]: a heading of the note the link is in.
            const here = pane === "split" ? t.splitId : t.mainId;
            if (here && link.heading) open(here, { pane, focus: true, heading: link.heading });
            return;
          }
          void openTitle(link.target, { where: how, pane, focus: true, heading: link.heading || undefined, ask: true });
        }
      }
    },
    [open, openTitle],
  );

  const navs = useMemo(() => {
    const make = (pane: Pane): LinkNav => ({ follow: (l, how) => follow(l, how, pane), resolver });
    return { main: make("main"), split: make("split") };
  }, [follow, resolver]);
  const linkNav = useCallback((pane: Pane) => navs[pane], [navs]);

  const { noteChanged: mainChanged } = main;
  const { noteChanged: splitChanged } = split;
  const noteChanged = useCallback(
    (ev: NoteChanged) => {
      mainChanged(ev);
      splitChanged(ev);
      // A note that appeared or went away can change what links resolve to.
      if (ev.deleted || ev.version <= 1) resolver.clear();
      if (ev.deleted) ctx.current.tabs.forget(ev.id);
    },
    [mainChanged, splitChanged, resolver],
  );

  // Back and forward move the focused pane through its history (and hand it the keyboard).
  const go = useCallback((dir: "back" | "forward") => {
    const t = ctx.current.tabs;
    t[dir]();
  }, []);
  useNavHistory(
    () => go("back"),
    () => go("forward"),
  );

  return {
    tabs,
    main,
    split,
    resolver,
    open,
    openTitle,
    openToday,
    follow,
    linkNav,
    noteChanged,
    confirm,
    error,
    setError,
  };
}

// shownIn is the note a pane shows in s.
function shownIn(s: TabsState, pane: Pane): string {
  if (pane === "split" && s.split) return s.split.nav.noteId;
  return s.tabs.find((t) => t.key === s.active)?.nav.noteId ?? "";
}

/**
 * useHandingKeys wraps the tab switches (click, Ctrl+Tab, close, back,
 * forward): the note switched to gets the keyboard, and what is typed while
 * it loads goes to it (editing/focusIntent), never to the note left.
 */
function useHandingKeys(tabs: Tabs, reading: boolean): Tabs {
  const ref = useRef({ tabs, reading });
  ref.current = { tabs, reading };
  const handing = useCallback(
    <A extends unknown[]>(act: (...a: A) => void, action: (...a: A) => TabsAction) =>
      (...a: A) => {
        const { tabs: t, reading: r } = ref.current;
        const next = tabsReducer(t.state, action(...a));
        const id = shownIn(next, next.focus);
        if (!r && id && next !== t.state && id !== shownIn(t.state, t.state.focus)) focusIntent.expect({ id });
        act(...a);
      },
    [],
  );
  const { activate, cycle, close, back, forward } = tabs;
  const wrapped = useMemo(
    () => ({
      activate: handing(activate, (key: string) => ({ type: "activate", key })),
      cycle: handing(cycle, (by: number) => ({ type: "cycle", by })),
      close: handing(close, (key: string) => ({ type: "close", key })),
      back: handing(back, (pane?: Pane) => ({ type: "back", pane })),
      forward: handing(forward, (pane?: Pane) => ({ type: "forward", pane })),
    }),
    [handing, activate, cycle, close, back, forward],
  );
  return useMemo(() => ({ ...tabs, ...wrapped }), [tabs, wrapped]);
}
