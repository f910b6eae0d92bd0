// Completion sources for the editor: note titles and aliases after "[[",
// tags after "#".
import type { CompletionContext, CompletionResult, CompletionSource } from "@codemirror/autocomplete";
import { findTitles, listTags, type Tag, type TitleMatch } from "../api";

/** Lookups are where completions come from; the api by default, fakes in tests. */
export interface Lookups {
  titles(text: string, limit: number): Promise<TitleMatch[]>;
  tags(): Promise<Tag[]>;
}

const defaultLookups: Lookups = { titles: findTitles, tags: listTags };

/** wikiCompletion completes [[Title]] from the notes' titles and aliases. */
export function wikiCompletion(lookups: Lookups = defaultLookups): CompletionSource {
  return async (ctx: CompletionContext): Promise<CompletionResult | null> => {
    const m = ctx.matchBefore(/!?\[\[[^[\]|#\n]*$/);
    if (!m) return null;
    const start = m.text.indexOf("[[") + 2;
    const typed = m.text.slice(start);
    const matches = await lookups.titles(typed, 30);
    const after = ctx.state.sliceDoc(ctx.pos, ctx.pos + 2);
    const close = after === "]]" ? "" : "]]";
    return {
      from: m.from + start,
      options: matches.map((t) => ({
        label: t.alias || t.title,
        detail: t.alias ? `→ ${t.title}` : t.path,
        apply: (t.alias ? `${t.title}|${t.alias}` : t.title) + close,
        type: "text",
      })),
      filter: false,
    };
  };
}

/** tagCompletion completes #tags from the tags in use, most used first. */
export function tagCompletion(lookups: Lookups = defaultLookups): CompletionSource {
  let cache: Promise<Tag[]> | null = null;
  return async (ctx: CompletionContext): Promise<CompletionResult | null> => {
    const m = ctx.matchBefore(/(?:^|\s)#[\p{L}\p{N}_/-]*$/u);
    if (!m) return null;
    const hash = m.text.indexOf("#");
    cache ??= lookups.tags();
    const tags = await cache.catch(() => []);
    setTimeout(() => (cache = null), 5000);
    return {
      from: m.from + hash + 1,
      options: [...tags].sort((a, b) => b.count - a.count).map((t) => ({ label: t.name, detail: String(t.count), type: "keyword" })),
      validFor: /^[\p{L}\p{N}_/-]*$/u,
    };
  };
}
