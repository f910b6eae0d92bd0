// The vault as of a moment, read-only: the note list, one note, search,
// backlinks and the local graph as they were then. Moments are ISO 8601
// date-times (the "as of" picker's, in UTC).
import * as Timeline from "../../wailsjs/go/app/TimelineAPI";
import type { Backlink } from "./notes";
import type { Subgraph } from "./graph";
import { call } from "./core";

/** AsOfNote is a note as it was at a moment: its title, path and version then, when that version was written (at), and its body then (asOfNote only). */
export interface AsOfNote {
  id: string;
  title: string;
  path: string;
  version: number;
  at: string;
  body: string;
}

/** AsOfHit is a search result as of a moment; snippet is HTML with <mark>. */
export interface AsOfHit {
  id: string;
  title: string;
  path: string;
  version: number;
  at: string;
  snippet: string;
}

/** asOfNotes lists the notes that existed at a moment, in path order, optionally only those in folder then. */
export async function asOfNotes(at: string, folder = ""): Promise<AsOfNote[]> {
  return ((await call(() => Timeline.AsOfNotes(at, "", folder))) ?? []).map((n) => ({ ...n, body: "" }));
}

/** asOfNote returns one note as it was at a moment, with its body then; not_found when it did not exist then. */
export async function asOfNote(id: string, at: string): Promise<AsOfNote> {
  const n = await call(() => Timeline.AsOfNote(id, at, ""));
  return { id: n.id, title: n.title, path: n.path, version: n.version, at: n.at, body: n.body };
}

/** asOfSearch finds the notes whose title or body held every word of text at a moment, best first. */
export async function asOfSearch(text: string, at: string, limit = 50): Promise<AsOfHit[]> {
  return ((await call(() => Timeline.AsOfSearch(text, at, "", limit))) ?? []).map((h) => ({
    id: h.id,
    title: h.title,
    path: h.path,
    version: h.version,
    at: h.at,
    snippet: h.snippet,
  }));
}

/** asOfBacklinks returns the links into a note from the notes as they were at a moment. */
export async function asOfBacklinks(id: string, at: string): Promise<Backlink[]> {
  return (await call(() => Timeline.AsOfBacklinks(id, at, ""))) ?? [];
}

/** asOfGraph returns a note's neighbourhood (depth 1 or 2) among the notes and tags as they were at a moment. */
export async function asOfGraph(id: string, at: string, depth: number): Promise<Subgraph> {
  const g = await call(() => Timeline.AsOfGraph(id, at, "", Math.min(2, Math.max(1, depth))));
  return { nodes: g?.nodes ?? [], edges: g?.edges ?? [], truncated: Boolean(g?.truncated) };
}
