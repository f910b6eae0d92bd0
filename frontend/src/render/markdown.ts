// Package render turns a note's Markdown into HTML that is safe to show in
// the webview: notes are untrusted input and the page can call Go, so every
// piece of HTML goes through DOMPurify before it reaches the DOM.
import DOMPurify, { type Config } from "dompurify";
import { Marked, type Token, type TokenizerAndRendererExtension } from "marked";
import { attachmentURL } from "../api";
import { CALLOUT_ICONS, calloutKind } from "./callouts";

/** Rendered is a note ready for the reading view. */
export interface Rendered {
  /** html is sanitized: no scripts, event handlers, javascript: URLs, frames or plugins. */
  html: string;
  /** frontMatter is the raw YAML block without its fences, "" when none. */
  frontMatter: string;
}

function escapeHTML(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

// wikilink renders [[Target]], [[Target|alias]], [[Target#Heading]] and
// embeds ![[…]] as links the reading view opens inside the app.
const wikilink: TokenizerAndRendererExtension = {
  name: "wikilink",
  level: "inline",
  start(src: string) {
    const i = src.search(/!?\[\[/);
    return i < 0 ? undefined : i;
  },
  tokenizer(src: string) {
    const m = /^(!?)\[\[([^[\]\n|]+?)(?:\|([^[\]\n]*))?\]\]/.exec(src);
    if (!m) return undefined;
    return { type: "wikilink", raw: m[0], embed: m[1] === "!", target: m[2].trim(), alias: (m[3] ?? "").trim() };
  },
  renderer(token) {
    const target = String(token.target);
    const label = String(token.alias) || target;
    const note = target.split("#")[0];
    if (token.embed && isImageName(note)) {
      return `<img class="embed" src="${escapeHTML(attachmentURL(note))}" alt="${escapeHTML(label)}">`;
    }
    const cls = token.embed ? "wikilink embed" : "wikilink";
    const link = `<a class="${cls}" href="#" data-note="${escapeHTML(note)}" title="${escapeHTML(target)}">${escapeHTML(label)}</a>`;
    // A note embed is a placeholder that render/embeds fills with the note;
    // until then (or where nothing fills it) it is a link to the note.
    return token.embed ? `<span class="embed-note" data-embed="${escapeHTML(target)}">${link}</span>` : link;
  },
};

// tag renders #tag and #nested/tag after a space or at the start of a line.
const tag: TokenizerAndRendererExtension = {
  name: "tag",
  level: "inline",
  start(src: string) {
    const m = /(^|\s)#[\p{L}\p{N}_]/u.exec(src);
    return m ? m.index + m[1].length : undefined;
  },
  tokenizer(src: string) {
    const m = /^#([\p{L}\p{N}_][\p{L}\p{N}_/-]*)/u.exec(src);
    if (!m) return undefined;
    return { type: "tag", raw: m[0], name: m[1] };
  },
  renderer(token) {
    return `<span class="tag" data-tag="${escapeHTML(String(token.name))}">#${escapeHTML(String(token.name))}</span>`;
  },
};

// Footnote is one footnote of the note being rendered: a definition
// "[^label]: text" or an inline "^[text]"; num is its number in the order of
// first reference (0 until referenced), html its rendered text.
interface Footnote {
  num: number;
  refs: number;
  html: string;
}

// parsing is the state of the render under way (marked renders synchronously).
const parsing = { tasks: 0, embedded: false, render: 0, footnotes: new Map<string, Footnote>(), numbered: [] as Footnote[] };

function footnoteId(kind: "fn" | "fnref", num: number, ref = 0): string {
  return `${kind}-${parsing.render}-${num}${ref > 0 ? `-${ref}` : ""}`;
}

// footnoteNumber numbers a footnote at its first reference and returns
// the number and which reference to it this is (0 for the first).
function footnoteNumber(fn: Footnote): [number, number] {
  if (fn.num === 0) {
    parsing.numbered.push(fn);
    fn.num = parsing.numbered.length;
  }
  return [fn.num, fn.refs++];
}

function footnoteRefHTML(num: number, ref: number): string {
  const target = footnoteId("fn", num);
  return `<sup class="footnote-ref"><a href="#${target}" id="${footnoteId("fnref", num, ref)}" data-footnote="${target}" aria-label="Footnote ${num}">${num}</a></sup>`;
}

// footnoteDefRe matches the first line of a definition "[^label]: text".
const footnoteDefRe = /^ {0,3}\[\^([^\]\s]+)\]:[ \t]?([^\n]*)(?:\n|$)/;

// footnoteDef reads "[^label]: text" and the lines after it that are
// indented by four spaces or a tab (blank lines between them included),
// as GFM and Obsidian do. It renders nothing in place: the text is shown
// in the footnotes section at the end of the note.
const footnoteDef: TokenizerAndRendererExtension = {
  name: "footnoteDef",
  level: "block",
  start(src: string) {
    const m = /(^|\n) {0,3}\[\^[^\]\s]+\]:/.exec(src);
    return m ? m.index + m[1].length : undefined;
  },
  tokenizer(src: string) {
    const m = footnoteDefRe.exec(src);
    if (!m) return undefined;
    let raw = m[0];
    const lines = [m[2]];
    for (;;) {
      const rest = src.slice(raw.length);
      const c = /^((?:[ \t]*\n)*)(?: {4}|\t)([^\n]*)(?:\n|$)/.exec(rest);
      if (!c || rest === "") break;
      for (let i = 0; i < (c[1].match(/\n/g) ?? []).length; i++) lines.push("");
      lines.push(c[2]);
      raw += c[0];
    }
    const label = m[1];
    const token = { type: "footnoteDef", raw, label, tokens: [] as Token[] };
    this.lexer.blockTokens(lines.join("\n"), token.tokens);
    if (!parsing.footnotes.has(label)) parsing.footnotes.set(label, { num: 0, refs: 0, html: "" });
    return token;
  },
  renderer(token) {
    const fn = parsing.footnotes.get(String(token.label));
    if (fn && fn.html === "") fn.html = this.parser.parse(token.tokens ?? []);
    return "";
  },
};

// footnoteRef renders a reference "[^label]" to a defined footnote and an
// inline footnote "^[text]" as a superscript number linking to the
// footnotes section. An undefined "[^label]" stays text.
const footnoteRef: TokenizerAndRendererExtension = {
  name: "footnoteRef",
  level: "inline",
  start(src: string) {
    const i = src.search(/\[\^|\^\[/);
    return i < 0 ? undefined : i;
  },
  tokenizer(src: string) {
    const ref = /^\[\^([^\]\s]+)\]/.exec(src);
    if (ref) {
      return parsing.footnotes.has(ref[1]) ? { type: "footnoteRef", raw: ref[0], label: ref[1], tokens: [] } : undefined;
    }
    if (!src.startsWith("^[")) return undefined;
    let depth = 0;
    for (let i = 1; i < src.length; i++) {
      const c = src[i];
      if (c === "\\") i++;
      else if (c === "\n" && src[i + 1] === "\n") return undefined;
      else if (c === "[") depth++;
      else if (c === "]" && --depth === 0) {
        const text = src.slice(2, i);
        if (text.trim() === "") return undefined;
        return { type: "footnoteRef", raw: src.slice(0, i + 1), label: "", tokens: this.lexer.inlineTokens(text) };
      }
    }
    return undefined;
  },
  renderer(token) {
    let fn = parsing.footnotes.get(String(token.label));
    if (token.label === "" || !fn) {
      fn = { num: 0, refs: 0, html: `<p>${this.parser.parseInline(token.tokens ?? [])}</p>` };
    }
    const [num, ref] = footnoteNumber(fn);
    return footnoteRefHTML(num, ref);
  },
};

// footnotesSection is the list of the note's footnotes in the order of
// their first reference, each with links back to its references; a
// definition nothing refers to is listed after them.
function footnotesSection(): string {
  for (const fn of parsing.footnotes.values()) {
    if (fn.num === 0 && fn.html !== "") {
      parsing.numbered.push(fn);
      fn.num = parsing.numbered.length;
    }
  }
  if (parsing.numbered.length === 0) return "";
  const items = parsing.numbered.map((fn) => {
    const back = Array.from({ length: fn.refs }, (_, i) => {
      const id = footnoteId("fnref", fn.num, i);
      return ` <a href="#${id}" class="footnote-backref" data-footnote="${id}" aria-label="Back to reference ${fn.num}${i > 0 ? `-${i + 1}` : ""}">↩${i > 0 ? `<sup>${i + 1}</sup>` : ""}</a>`;
    }).join("");
    const html = fn.html.trimEnd();
    const body = html.endsWith("</p>") ? `${html.slice(0, -4)}${back}</p>` : `${html}${back ? `<p>${back}</p>` : ""}`;
    return `<li id="${footnoteId("fn", fn.num)}">${body}</li>`;
  });
  return `<section class="footnotes" aria-label="Footnotes"><hr><ol>${items.join("")}</ol></section>`;
}

const imageNameRe = /\.(png|jpe?g|gif|webp|avif)$/i;

/** isImageName reports whether an embed's target names an image the webview shows inline. */
export function isImageName(target: string): boolean {
  return imageNameRe.test(target);
}

// allowedSrcRe is every image source the webview may load: the web, data:
// images of the inline types, and the app's attachment route.
const allowedSrcRe = /^(https?:|data:image\/(png|gif|jpeg|webp);|\/attachments\/)/i;

/** allowedImageSrc reports whether an <img> may load src (the sanitizer removes any other). */
export function allowedImageSrc(src: string): boolean {
  return allowedSrcRe.test(src) && !src.includes("..");
}

/**
 * imageSrc is where an image written as ![alt](url) loads from: web and
 * data: images as written, a relative path from the app's attachment route;
 * null for anything else (other schemes, "..").
 */
export function imageSrc(url: string): string | null {
  const u = url.trim();
  if (u === "" || u.includes("..")) return null;
  if (/^[a-z][a-z0-9+.-]*:/i.test(u) || u.startsWith("/")) return allowedImageSrc(u) ? u : null;
  let name = u;
  try {
    name = decodeURIComponent(u);
  } catch {
    // kept as written
  }
  return attachmentURL(name);
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  extensions: [footnoteDef, footnoteRef, wikilink, tag],
  renderer: {
    // Tasks show as marks, not form inputs (which the sanitizer removes);
    // a note's own tasks (not an embedded note's) carry their index, which
    // the reading view toggles (editing/tasks counts them the same way).
    checkbox({ checked }) {
      const index = parsing.embedded ? "" : ` data-task="${parsing.tasks++}" role="checkbox" tabindex="0" aria-checked="${checked}"`;
      return `<span class="task${checked ? " done" : ""}"${index} aria-label="${checked ? "done" : "to do"}">${checked ? "☑" : "☐"}</span> `;
    },
    // "> [!type] Title" blockquotes are callouts: a titled box with the type's icon and colour.
    blockquote({ tokens }) {
      const body = this.parser.parse(tokens);
      const m = /^<p>\[!([A-Za-z][\w-]*)\]([+-]?)[ \t]*(.*?)(\n|<\/p>\n?)/.exec(body);
      if (!m) return `<blockquote>\n${body}</blockquote>\n`;
      const type = m[1].toLowerCase();
      const rest = m[4] === "\n" ? `<p>${body.slice(m[0].length)}` : body.slice(m[0].length);
      const title = m[3].trim() || escapeHTML(type.charAt(0).toUpperCase() + type.slice(1));
      const icon = escapeHTML(CALLOUT_ICONS[type] ?? CALLOUT_ICONS.note);
      return `<div class="callout callout-${calloutKind(type)}" data-callout="${escapeHTML(type)}"><div class="callout-title"><span class="callout-icon">${icon}</span> ${title}</div>${rest.trim() ? `<div class="callout-content">${rest}</div>` : ""}</div>\n`;
    },
    // Images load from the web, data: images or the app's attachments: a
    // relative path names an attachment, as ![[name]] does.
    image({ href, title, text }) {
      const src = imageSrc(href);
      const t = title ? ` title="${escapeHTML(title)}"` : "";
      return src === null ? escapeHTML(text) : `<img src="${escapeHTML(src)}" alt="${escapeHTML(text)}"${t}>`;
    },
  },
});

/** splitFrontMatter separates a leading YAML block (--- … ---) from the body. */
export function splitFrontMatter(body: string): { frontMatter: string; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(body);
  if (!m) return { frontMatter: "", body };
  return { frontMatter: m[1], body: body.slice(m[0].length) };
}

// What DOMPurify keeps: ordinary document markup. Everything that can run
// code, load a frame or plugin, submit a form or restyle the app is gone.
const purifyConfig: Config = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ["style", "form", "input", "button", "textarea", "select", "option", "iframe", "frame", "frameset",
    "object", "embed", "applet", "link", "meta", "base", "svg", "math", "template", "audio", "video", "source"],
  FORBID_ATTR: ["style", "srcset", "action", "formaction", "ping", "target"],
  ALLOW_DATA_ATTR: true,
  RETURN_TRUSTED_TYPE: false,
};

let hooked = false;
function purifier(): typeof DOMPurify {
  if (!hooked) {
    hooked = true;
    DOMPurify.addHook("afterSanitizeAttributes", (node) => {
      if (node.tagName === "A") {
        const href = node.getAttribute("href") ?? "";
        if (/^[a-z][a-z0-9+.-]*:/i.test(href) && !/^(https?|mailto):/i.test(href)) node.removeAttribute("href");
        node.setAttribute("rel", "noopener noreferrer");
      }
      if (node.tagName === "IMG") {
        const src = node.getAttribute("src") ?? "";
        if (!allowedImageSrc(src)) node.removeAttribute("src");
      }
    });
  }
  return DOMPurify;
}

/** sanitize cleans any HTML before it is put into the page. */
export function sanitize(html: string): string {
  return purifier().sanitize(html, purifyConfig) as unknown as string;
}

/** sanitizeSnippet keeps a search snippet's text and its <mark> highlights, nothing else. */
export function sanitizeSnippet(html: string): string {
  return purifier().sanitize(html, { ALLOWED_TAGS: ["mark"], ALLOWED_ATTR: [] }) as unknown as string;
}

/** RenderOptions: embedded renders another note's text inside this one (its tasks are not this note's to toggle). */
export interface RenderOptions {
  embedded?: boolean;
}

/** renderMarkdown renders a note body for the reading view. */
export function renderMarkdown(body: string, opts: RenderOptions = {}): Rendered {
  const { frontMatter, body: text } = splitFrontMatter(body);
  parsing.tasks = 0;
  parsing.embedded = !!opts.embedded;
  parsing.render++;
  parsing.footnotes = new Map();
  parsing.numbered = [];
  const html = (marked.parse(text) as string) + footnotesSection();
  parsing.embedded = false;
  parsing.footnotes = new Map();
  parsing.numbered = [];
  return { html: sanitize(html), frontMatter };
}
