import { findTitles, type OutgoingLink } from "../api";

/** TitleLookup is how a LinkResolver asks the backend for notes by title (api.findTitles; tests pass fakes). */
export type TitleLookup = typeof findTitles;

/**
 * LinkResolver answers which note a link's target names, as the backend
 * resolves links: the open note's stored outgoing links first (seed), then
 * the title index (an exact title, alias or path among the quick switcher's
 * matches). Answers are cached; the cache is cleared when notes appear or go.
 */
export class LinkResolver {
  private known = new Map<string, string | null>();
  private asked = new Map<string, Promise<string | null>>();
  private listeners = new Set<() => void>();
  private generation = 0;

  constructor(private readonly lookup: TitleLookup = findTitles) {}

  /** get returns the note id target names, null when none, undefined when not known yet. */
  get(target: string): string | null | undefined {
    return this.known.get(key(target));
  }

  /** seed records the backend's own resolution of a note's outgoing links. */
  seed(links: readonly OutgoingLink[]): void {
    let changed = false;
    for (const l of links) {
      if (l.attachment_id || (l.kind !== "wikilink" && l.kind !== "markdown" && l.kind !== "embed" && l.kind !== "")) continue;
      const k = key(l.target);
      const v = l.resolved_id || null;
      if (this.known.get(k) !== v) {
        this.known.set(k, v);
        changed = true;
      }
    }
    if (changed) this.emit();
  }

  /** resolve finds the note target names (null: none). */
  resolve(target: string): Promise<string | null> {
    const k = key(target);
    const have = this.known.get(k);
    if (have !== undefined) return Promise.resolve(have);
    const inFlight = this.asked.get(k);
    if (inFlight) return inFlight;
    const gen = this.generation;
    const p = this.lookup(target.trim(), 10).then(
      (ms) => {
        const base = k.split("/").pop() ?? k;
        const hit =
          ms.find((m) => m.title.toLowerCase() === k || m.path.toLowerCase() === k + ".md") ??
          ms.find((m) => m.alias.toLowerCase() === k) ??
          ms.find((m) => k.includes("/") && m.title.toLowerCase() === base && m.path.toLowerCase().endsWith("/" + k + ".md"));
        const id = hit?.id ?? null;
        if (gen === this.generation) {
          this.known.set(k, id);
          this.emit();
        }
        this.asked.delete(k);
        return id;
      },
      (e: unknown) => {
        this.asked.delete(k);
        throw e;
      },
    );
    this.asked.set(k, p);
    return p;
  }

  /** request looks up the targets not known yet, in the background. */
  request(targets: Iterable<string>): void {
    for (const t of targets) {
      if (this.known.has(key(t)) || this.asked.has(key(t))) continue;
      this.resolve(t).catch(() => {});
    }
  }

  /** clear forgets every answer (a note appeared, went away or was renamed). */
  clear(): void {
    this.generation++;
    this.known.clear();
    this.asked.clear();
    this.emit();
  }

  /** subscribe calls fn when answers change; it returns the unsubscribe function. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit() {
    for (const fn of [...this.listeners]) fn();
  }
}

// key compares targets as the backend does: case aside, without "./" and ".md".
function key(target: string): string {
  return target
    .trim()
    .toLowerCase()
    .replace(/^(\.\/)+/, "")
    .replace(/\.md$/, "");
}
