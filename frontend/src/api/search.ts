// Search: the search panel's full-text, semantic and hybrid search, and the
// quick switcher's title matches.
import * as Search from "../../wailsjs/go/app/SearchAPI";
import type { dto } from "../../wailsjs/go/models";
import { call } from "./core";

/** SearchMode is how a search finds notes. */
export type SearchMode = "lexical" | "semantic" | "hybrid";

/** SearchRequest is a search with its filters; empty filters do not filter (dto.SearchRequest with defaults). */
export type SearchRequest = Partial<Omit<dto.SearchRequest, "text" | "mode">> & {
  text: string;
  mode?: SearchMode;
};

/** SearchHit is a result; snippet is HTML (escaped text with <mark>) and must still be sanitized to render. */
export type SearchHit = dto.SearchHit;

/** TitleMatch is a quick-switcher result; alias is set when an alias matched. */
export type TitleMatch = dto.TitleMatch;

/** searchNotes runs a search; it rejects with code "invalid" when there is nothing to look for. */
export async function searchNotes(req: SearchRequest): Promise<SearchHit[]> {
  const hits = await call(() =>
    Search.Search({
      text: req.text,
      mode: req.mode ?? "lexical",
      limit: req.limit ?? 50,
      prefix: req.prefix ?? false,
      tags: req.tags ?? [],
      folder: req.folder ?? "",
      type: req.type ?? "",
      after: req.after ?? "",
      before: req.before ?? "",
    }),
  );
  return hits ?? [];
}

/** findTitles returns the quick switcher's matches for what was typed. */
export async function findTitles(text: string, limit = 20): Promise<TitleMatch[]> {
  return (await call(() => Search.Titles(text, limit))) ?? [];
}
