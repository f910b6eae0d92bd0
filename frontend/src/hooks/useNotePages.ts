import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import * as api from "../api";
import { AppError, parseError, type NoteOrder, type NotePage, type NoteSummary } from "../api";

/** PAGE_SIZE is how many rows one List call fetches. */
export const PAGE_SIZE = 200;

/** NotePages is a lazily loaded, paged view of the note list. */
export interface NotePages {
  /** total counts every note in the list; -1 until the first page arrives. */
  total: number;
  /** rowAt returns row i, or undefined while its page loads. */
  rowAt(i: number): NoteSummary | undefined;
  /** showRange asks for the pages covering rows [start, end). */
  showRange(start: number, end: number): void;
  /** reload refetches the visible pages, keeping old rows on screen until they arrive. */
  reload(): void;
  error: AppError | null;
}

type Lister = (order: NoteOrder, offset: number, limit: number, trashed: boolean) => Promise<NotePage>;

/**
 * useNotePages fetches the pages of a note list that are on screen, so the
 * list can hold many thousands of notes without loading them all.
 */
export function useNotePages(order: NoteOrder, trashed: boolean, list: Lister = api.listNotes): NotePages {
  const pages = useRef(new Map<number, NoteSummary[]>());
  const fresh = useRef(new Set<number>());
  const inflight = useRef(new Set<number>());
  const generation = useRef(0);
  const range = useRef<[number, number]>([0, PAGE_SIZE]);
  const [total, setTotal] = useState(-1);
  const [error, setError] = useState<AppError | null>(null);
  const [tick, setTick] = useState(0);

  const fetchPage = useCallback(
    (page: number) => {
      if (fresh.current.has(page) || inflight.current.has(page)) return;
      inflight.current.add(page);
      const gen = generation.current;
      list(order, page * PAGE_SIZE, PAGE_SIZE, trashed).then(
        (res) => {
          if (gen !== generation.current) return;
          inflight.current.delete(page);
          pages.current.set(page, res.notes);
          fresh.current.add(page);
          setTotal(res.total);
          setError(null);
          setTick((t) => t + 1);
        },
        (e: unknown) => {
          if (gen !== generation.current) return;
          inflight.current.delete(page);
          setError(parseError(e));
        },
      );
    },
    [list, order, trashed],
  );

  const showRange = useCallback(
    (start: number, end: number) => {
      range.current = [start, end];
      const first = Math.floor(Math.max(0, start) / PAGE_SIZE);
      const last = Math.floor(Math.max(start, end - 1) / PAGE_SIZE);
      for (let p = first; p <= last; p++) fetchPage(p);
    },
    [fetchPage],
  );

  const reload = useCallback(() => {
    generation.current++;
    inflight.current.clear();
    fresh.current.clear();
    const [start, end] = range.current;
    const first = Math.floor(start / PAGE_SIZE);
    const last = Math.floor(Math.max(start, end - 1) / PAGE_SIZE);
    for (const p of [...pages.current.keys()]) if (p < first || p > last) pages.current.delete(p);
    showRange(start, end);
  }, [showRange]);

  // A new order or view starts from scratch.
  useEffect(() => {
    generation.current++;
    pages.current.clear();
    fresh.current.clear();
    inflight.current.clear();
    setTotal(-1);
    setError(null);
    range.current = [0, PAGE_SIZE];
    fetchPage(0);
  }, [fetchPage]);

  const rowAt = useCallback((i: number) => pages.current.get(Math.floor(i / PAGE_SIZE))?.[i % PAGE_SIZE], []);

  // A new object only when something shown changed (tick: a page arrived),
  // so memoised lists skip renders caused by typing elsewhere.
  return useMemo(() => ({ total, rowAt, showRange, reload, error, tick }), [total, rowAt, showRange, reload, error, tick]);
}
