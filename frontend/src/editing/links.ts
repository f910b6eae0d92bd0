// Package links finds the links, tags and headings written in a note's
// Markdown, for the editor (follow the link under the pointer or the caret,
// mark unresolved links) and the outline.

/** LinkTarget is what a link in the editor leads to. */
export type LinkTarget =
  | { kind: "note"; target: string; heading: string; from: number; to: number }
  | { kind: "url"; url: string; from: number; to: number }
  | { kind: "tag"; tag: string; from: number; to: number };

/** LinkSpan is a note link found in a text: where its target is written (for the unresolved mark). */
export interface LinkSpan {
  from: number;
  to: number;
  target: string;
}

const wikiRe = /!?\[\[([^[\]\n|]+?)(?:\|[^[\]\n]*)?\]\]/g;
const mdLinkRe = /!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"\n]*")?\s*\)/g;
const urlRe = /\b(?:https?:\/\/|mailto:)[^\s<>()[\]"'`]+[^\s<>()[\]"'`.,;:!?]/g;
const tagRe = /(^|[\s(])#([\p{L}\p{N}_][\p{L}\p{N}_/-]*)/gu;

/** splitTarget splits "Note#Heading" into the note and the heading (both trimmed). */
export function splitTarget(raw: string): { target: string; heading: string } {
  const i = raw.indexOf("#");
  if (i < 0) return { target: raw.trim(), heading: "" };
  return { target: raw.slice(0, i).trim(), heading: raw.slice(i + 1).trim() };
}

/**
 * markdownTarget turns a Markdown link's destination into a note target:
 * "Other%20Note.md#Part" → { target: "Other Note", heading: "Part" }, a URL
 * into null (followed as a URL). Paths keep their folders ("a/b.md" → "a/b").
 */
export function markdownTarget(href: string): { target: string; heading: string } | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return null;
  let decoded = href;
  try {
    decoded = decodeURIComponent(href);
  } catch {
    // A stray % stays as written.
  }
  const { target, heading } = splitTarget(decoded);
  return { target: target.replace(/^\.\//, "").replace(/\.md$/i, ""), heading };
}

/** linkAt finds the link, URL or tag covering column col of line (a line's text, starting at offset base). */
export function linkAt(line: string, col: number, base = 0): LinkTarget | null {
  const within = (m: RegExpExecArray, start = m.index, end = m.index + m[0].length) => col >= start && col <= end;
  for (const m of line.matchAll(wikiRe)) {
    const e = m as RegExpExecArray;
    if (!within(e)) continue;
    const { target, heading } = splitTarget(m[1]);
    // [[#Heading]] is a heading of this very note: target "".
    return { kind: "note", target, heading, from: base + e.index, to: base + e.index + m[0].length };
  }
  for (const m of line.matchAll(mdLinkRe)) {
    const e = m as RegExpExecArray;
    if (!within(e)) continue;
    const from = base + e.index;
    const to = from + m[0].length;
    const t = markdownTarget(m[1]);
    if (t) return { kind: "note", ...t, from, to };
    if (/^(https?|mailto):/i.test(m[1])) return { kind: "url", url: m[1], from, to };
    return null;
  }
  for (const m of line.matchAll(urlRe)) {
    const e = m as RegExpExecArray;
    if (within(e)) return { kind: "url", url: m[0], from: base + e.index, to: base + e.index + m[0].length };
  }
  for (const m of line.matchAll(tagRe)) {
    const start = (m.index ?? 0) + m[1].length;
    const end = start + 1 + m[2].length;
    if (col >= start && col <= end) return { kind: "tag", tag: m[2], from: base + start, to: base + end };
  }
  return null;
}

/** noteLinks lists the note links (wikilinks and Markdown links to notes) in text, starting at offset base. */
export function noteLinks(text: string, base = 0): LinkSpan[] {
  const out: LinkSpan[] = [];
  for (const m of text.matchAll(wikiRe)) {
    const { target } = splitTarget(m[1]);
    if (!target || /\.(png|jpe?g|gif|webp|avif|svg|pdf|mp3|mp4|webm)$/i.test(target)) continue;
    const from = base + (m.index ?? 0);
    out.push({ from, to: from + m[0].length, target });
  }
  for (const m of text.matchAll(mdLinkRe)) {
    if (m[0].startsWith("!")) continue;
    const t = markdownTarget(m[1]);
    if (!t || !t.target || /\.[a-z0-9]{1,5}$/i.test(t.target)) continue;
    const from = base + (m.index ?? 0);
    out.push({ from, to: from + m[0].length, target: t.target });
  }
  return out;
}

/** Heading is a Markdown heading of a note: its level, its text and where its line starts. */
export interface Heading {
  level: number;
  text: string;
  /** pos is the offset of the heading's line in the note. */
  pos: number;
  /** line is the 1-based line number. */
  line: number;
}

/**
 * headings lists a note's ATX headings (# … ######) in order, skipping front
 * matter and fenced code blocks.
 */
export function headings(text: string): Heading[] {
  const out: Heading[] = [];
  let pos = 0;
  let line = 0;
  let fence = "";
  let inFront = text.startsWith("---\n") || text.startsWith("---\r\n");
  for (const raw of text.split("\n")) {
    line++;
    const l = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (inFront) {
      if (line > 1 && (l === "---" || l === "...")) inFront = false;
    } else if (fence) {
      if (l.trimStart().startsWith(fence)) fence = "";
    } else {
      const f = /^ {0,3}(`{3,}|~{3,})/.exec(l);
      if (f) fence = f[1];
      else {
        const h = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(l);
        if (h && h[2]) out.push({ level: h[1].length, text: h[2], pos, line });
      }
    }
    pos += raw.length + 1;
  }
  return out;
}

/** headingSlug compares headings as links name them: case, spaces and punctuation aside. */
export function headingSlug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\s\-_]+/g, " ")
    .replace(/[^\p{L}\p{N} ]/gu, "")
    .trim();
}

/** findHeading is the heading a link's #part names, or undefined. */
export function findHeading(text: string, name: string): Heading | undefined {
  const want = headingSlug(name);
  const all = headings(text);
  return all.find((h) => h.text === name) ?? all.find((h) => headingSlug(h.text) === want);
}
