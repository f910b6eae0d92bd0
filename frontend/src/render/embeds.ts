// Note embeds: ![[Note]] and ![[Note#Heading]] show the other note (or that
// heading's section) rendered in a box whose title links to it. The reading
// view fills the placeholders renderMarkdown leaves; live preview builds one
// box per embed. The embedded text goes through renderMarkdown (DOMPurify);
// everything else in the box is built with createElement and textContent.
import { findTitles, getNote, onEvent } from "../api";
import { renderMarkdown, splitFrontMatter } from "./markdown";

/** MAX_EMBED_DEPTH is how deep embeds of embeds go: a note embedding a note embedding a note… stops here. */
export const MAX_EMBED_DEPTH = 3;

/** EmbeddedNote is what an embed shows of the note it names. */
export interface EmbeddedNote {
  title: string;
  body: string;
}

/** EmbedSource finds the note an embed names (by title or alias); null when there is none. */
export type EmbedSource = (title: string) => Promise<EmbeddedNote | null>;

/** splitEmbed splits an embed's target "Note#Heading" into the note and the heading. */
export function splitEmbed(target: string): { note: string; heading: string } {
  const i = target.indexOf("#");
  if (i < 0) return { note: target.trim(), heading: "" };
  return { note: target.slice(0, i).trim(), heading: target.slice(i + 1).trim() };
}

function normalHeading(s: string): string {
  return s.replace(/\s+#+\s*$/, "").trim().replace(/\s+/g, " ").toLowerCase();
}

/**
 * headingSection is a heading's section of a note's Markdown: the heading
 * line and what follows up to the next heading of the same or a higher
 * level; null when the note has no such heading. Headings are matched
 * without regard to case; lines in fenced code are not headings.
 */
export function headingSection(markdown: string, heading: string): string | null {
  const body = splitFrontMatter(markdown).body;
  const want = normalHeading(heading);
  const lines = body.split("\n");
  let fence = "";
  let start = -1;
  let level = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (!fence) fence = f[1][0].repeat(f[1].length);
      else if (line.trim().startsWith(fence)) fence = "";
      continue;
    }
    if (fence) continue;
    const h = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/.exec(line);
    if (!h) continue;
    if (start < 0) {
      if (normalHeading(h[2] ?? "") === want) {
        start = i;
        level = h[1].length;
      }
    } else if (h[1].length <= level) {
      return lines.slice(start, i).join("\n").replace(/\s+$/, "");
    }
  }
  return start < 0 ? null : lines.slice(start).join("\n").replace(/\s+$/, "");
}

// cache holds notes fetched for embeds until any note changes.
let cache = new Map<string, Promise<EmbeddedNote | null>>();
let listening = false;

/** loadNoteByTitle is the app's EmbedSource: the note whose title or alias is the name (case aside). */
export const loadNoteByTitle: EmbedSource = (title) => {
  if (!listening) {
    listening = true;
    onEvent("note:changed", () => {
      cache = new Map();
    });
  }
  const key = title.toLowerCase();
  let p = cache.get(key);
  if (!p) {
    p = (async () => {
      const found = (await findTitles(title, 20)).find((m) => m.title.toLowerCase() === key || m.alias.toLowerCase() === key);
      if (!found) return null;
      const n = await getNote(found.id);
      return { title: n.title, body: n.body };
    })();
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function note(box: HTMLElement, cls: string, text: string) {
  box.classList.add(cls);
  box.append(el("div", "embed-message", text));
}

/**
 * fillEmbed renders the embed named target into box: a title linking to
 * the note (a.wikilink with data-note, which the reading view and the editor
 * follow) and the note or its section, with its own embeds filled in turn.
 * chain holds the titles and names (lower case) of the notes this embed
 * sits in, depth how many embeds deep it is (1 in a note): an embed of one
 * of them, or deeper than MAX_EMBED_DEPTH, is shown as such, not rendered.
 */
export async function fillEmbed(box: HTMLElement, target: string, source: EmbedSource, chain: readonly string[], depth = 1): Promise<void> {
  const { note: name, heading } = splitEmbed(target);
  box.replaceChildren();
  box.classList.add("embed-box");
  const head = el("div", "embed-title");
  const link = el("a", "wikilink", heading ? `${name} › ${heading}` : name);
  link.href = "#";
  link.dataset.note = name;
  link.title = target;
  head.append(link);
  box.append(head);
  if (!name) return note(box, "embed-missing", "An embed needs a note's name.");
  if (chain.includes(name.toLowerCase())) return note(box, "embed-cycle", `“${name}” is not shown again inside itself.`);
  if (depth > MAX_EMBED_DEPTH) return note(box, "embed-deep", `“${name}” is embedded too deep to show.`);
  let found: EmbeddedNote | null;
  try {
    found = await source(name);
  } catch {
    return note(box, "embed-missing", `“${name}” could not be loaded.`);
  }
  if (!found) return note(box, "embed-missing", `No note named “${name}”.`);
  const text = heading ? headingSection(found.body, heading) : found.body;
  if (text === null) return note(box, "embed-missing", `“${found.title}” has no heading “${heading}”.`);
  const body = el("div", "embed-body");
  body.innerHTML = renderMarkdown(text, { embedded: true }).html; // sanitized by DOMPurify
  box.append(body);
  await fillEmbeds(body, source, [...chain, name.toLowerCase(), found.title.toLowerCase()], depth + 1);
}

/** fillEmbeds fills every embed placeholder (span.embed-note[data-embed]) renderMarkdown left in root. */
export async function fillEmbeds(root: HTMLElement, source: EmbedSource, chain: readonly string[], depth = 1): Promise<void> {
  const spots = Array.from(root.querySelectorAll<HTMLElement>(".embed-note[data-embed]"));
  await Promise.all(spots.map((s) => fillEmbed(s, s.dataset.embed ?? "", source, chain, depth)));
}
