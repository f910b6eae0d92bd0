/**
 * frontmatter is a line editor for a note's YAML front matter: it reads the
 * top-level keys into line ranges and types their values (as the backend's
 * YAML parser reads them, see backend/markdown/frontmatter.go), and an edit
 * rewrites only the lines of the key it changes. Every other byte — comments,
 * quoting, key order, values it cannot type (nested maps, block scalars,
 * anchors) — stays as written. Pure functions, no DOM.
 */

/** PropType is how the properties editor shows a value. "raw" is read-only. */
export type PropType = "text" | "number" | "checkbox" | "date" | "link" | "list" | "raw";

/** ListForm is how a list is written: a block ("- a" lines), a flow ("[a, b]") or a string of tags ("a b"). */
export type ListForm = "block" | "flow" | "string";

/** PropValue is a typed property value. */
export type PropValue =
  | { type: "text"; value: string }
  | { type: "number"; value: number }
  | { type: "checkbox"; value: boolean }
  /** date is ISO: YYYY-MM-DD, or a date and time (with its zone, if written). */
  | { type: "date"; value: string }
  /** link is the text inside [[ ]] (target, maybe #heading and |alias). */
  | { type: "link"; value: string }
  | { type: "list"; value: string[] }
  /** raw is the value's text as written, shown read-only. */
  | { type: "raw"; value: string };

/** Property is one top-level key of the front matter. */
export interface Property {
  key: string;
  /** start and end are the property's line range [start, end) in FrontMatter.lines. */
  start: number;
  end: number;
  value: PropValue;
  /** isNull says the value is empty (YAML null). */
  isNull: boolean;
  /** quote is the quoting of a scalar as written. */
  quote: '"' | "'" | "";
  /** comment is a trailing " # …" on the key line, kept when the value changes. */
  comment: string;
  /** form, indent and items describe a list as written, so unchanged items keep their text. */
  form?: ListForm;
  indent?: string;
  items?: string[];
}

/** FrontMatter is a note's front-matter block, read. */
export interface FrontMatter {
  /** present says the note has a block ("---" first line, closed by "---" or "..."). */
  present: boolean;
  /** yamlStart..yamlEnd is the YAML between the fences; bodyStart follows the closing fence. */
  yamlStart: number;
  yamlEnd: number;
  bodyStart: number;
  /** lines are the YAML's lines with their line endings; their concatenation is the YAML. */
  lines: string[];
  eol: string;
  props: Property[];
  /** error says why the block cannot be edited here (a line no top-level key explains); then every value is read-only. */
  error: string;
}

const BOM = "\ufeff";

/** isTagKey says whether key holds tags (shown as chips with #; a string of them is split as the backend splits it). */
export function isTagKey(key: string): boolean {
  const k = key.toLowerCase();
  return k === "tags" || k === "tag";
}

// lineEnd returns the end of the line starting at off (before its newline) and the next line's start.
function lineAt(src: string, off: number): { text: string; next: number } {
  const i = src.indexOf("\n", off);
  if (i < 0) return { text: src.slice(off).replace(/\r$/, ""), next: src.length };
  return { text: src.slice(off, i).replace(/\r$/, ""), next: i + 1 };
}

function isFence(line: string, closing: boolean): boolean {
  const t = line.replace(/[ \t]+$/, "");
  return t === "---" || (closing && t === "...");
}

/** splitLines splits text into lines that keep their line endings. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function content(line: string): string {
  return line.replace(/\r?\n$/, "");
}

// Key lines: a plain key, or a double- or single-quoted one, then ":" and a space or the line's end.
const PLAIN_KEY = /^((?:[^\s:#'"[\]{},&*!|>%@`?-]|[-?:](?=\S))(?:[^:\r\n]|:(?=\S))*?)[ \t]*:(?=[ \t]|$)/;
const DQ_KEY = /^"((?:[^"\\]|\\.)*)"[ \t]*:(?=[ \t]|$)/;
const SQ_KEY = /^'((?:[^']|'')*)'[ \t]*:(?=[ \t]|$)/;

interface KeyMatch {
  key: string;
  /** len is the length of the key and its colon. */
  len: number;
  /** keyLen is the length of the key as written (quotes included). */
  keyLen: number;
}

function matchKey(line: string): KeyMatch | null {
  let m = DQ_KEY.exec(line);
  if (m) return { key: unescapeDouble(m[1]) ?? m[1], len: m[0].length, keyLen: m[1].length + 2 };
  m = SQ_KEY.exec(line);
  if (m) return { key: m[1].replace(/''/g, "'"), len: m[0].length, keyLen: m[1].length + 2 };
  m = PLAIN_KEY.exec(line);
  if (m && !/[ \t]#/.test(m[1])) return { key: m[1], len: m[0].length, keyLen: m[1].length };
  return null;
}

/** parseFrontMatter reads the front matter of a note's Markdown (the whole text). */
export function parseFrontMatter(md: string): FrontMatter {
  const none: FrontMatter = { present: false, yamlStart: 0, yamlEnd: 0, bodyStart: 0, lines: [], eol: "\n", props: [], error: "" };
  const start = md.startsWith(BOM) ? BOM.length : 0;
  if (md.length === start) return none;
  const first = lineAt(md, start);
  if (!isFence(first.text, false)) return none;
  const eol = md.slice(start, first.next).endsWith("\r\n") ? "\r\n" : "\n";
  for (let off = first.next; off < md.length; ) {
    const l = lineAt(md, off);
    if (isFence(l.text, true)) {
      const yaml = md.slice(first.next, off);
      const lines = splitLines(yaml);
      const { props, error } = readProps(lines);
      return { present: true, yamlStart: first.next, yamlEnd: off, bodyStart: l.next, lines, eol, props, error };
    }
    off = l.next;
  }
  return none;
}

function isBlank(c: string): boolean {
  return /^[ \t]*$/.test(c);
}

function readProps(lines: string[]): { props: Property[]; error: string } {
  const props: Property[] = [];
  let error = "";
  let cur: { key: KeyMatch; start: number; last: number } | null = null;
  const close = () => {
    if (cur) props.push(typed(lines, cur.key, cur.start, cur.last + 1));
    cur = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const c = content(lines[i]);
    if (isBlank(c) || c.startsWith("#")) continue; // kept with the property only if content follows
    if (/^[ \t]/.test(c) || /^-(?:[ \t]|$)/.test(c)) {
      if (!cur) {
        error ||= `line ${i + 2} belongs to no key`;
        continue;
      }
      cur.last = i;
      continue;
    }
    const k = matchKey(c);
    if (!k) {
      close();
      error ||= `line ${i + 2} is not a "key: value" line`;
      continue;
    }
    close();
    cur = { key: k, start: i, last: i };
  }
  close();
  const seen = new Set<string>();
  for (const p of props) {
    if (seen.has(p.key)) error ||= `the key "${p.key}" is written twice`;
    seen.add(p.key);
  }
  if (error) for (const p of props) p.value = { type: "raw", value: rawValue(lines, p) };
  return { props, error };
}

function rawValue(lines: string[], p: Property): string {
  const first = content(lines[p.start]);
  const k = matchKey(first);
  const rest = k ? first.slice(k.len).replace(/^[ \t]/, "") : first;
  const more = lines.slice(p.start + 1, p.end).map(content);
  return [rest, ...more].join("\n").replace(/^\n/, "");
}

// typed reads one property's value.
function typed(lines: string[], k: KeyMatch, start: number, end: number): Property {
  const p: Property = { key: k.key, start, end, value: { type: "raw", value: "" }, isNull: false, quote: "", comment: "" };
  const line = content(lines[start]);
  const rest = line.slice(k.len);
  const more = lines.slice(start + 1, end).map(content);
  const raw = (): Property => ({ ...p, value: { type: "raw", value: rawValue(lines, p) } });
  if (more.length > 0) {
    // Only a block list of one-line scalars, without comments or blank lines inside, is typed.
    const { text, comment } = splitComment(rest);
    if (text.trim() !== "") return raw();
    const items: string[] = [];
    const values: string[] = [];
    let indent: string | null = null;
    for (const m of more) {
      const im = /^([ \t]*)-(?:[ \t]+(.*))?$/.exec(m);
      if (!im) return raw();
      if (indent === null) indent = im[1];
      else if (im[1] !== indent) return raw();
      const itemText = splitComment(im[2] ?? "");
      if (itemText.comment) return raw();
      const v = scalar(itemText.text.trim(), false);
      if (v === null || v.kind === "raw") return raw();
      items.push(itemText.text.trim());
      values.push(v.kind === "null" ? "" : v.text);
    }
    return { ...p, comment, value: { type: "list", value: values }, form: "block", indent: indent ?? "", items };
  }
  const { text, comment } = splitComment(rest);
  const t = text.trim();
  p.comment = comment;
  if (t.startsWith("[")) {
    const items = flowItems(t);
    if (!items) return raw();
    const values: string[] = [];
    for (const it of items) {
      const v = scalar(it, true);
      if (v === null || v.kind === "raw" || v.kind === "null") return raw();
      values.push(v.text);
    }
    return { ...p, value: { type: "list", value: values }, form: "flow", items };
  }
  const v = scalar(t, false);
  if (v === null || v.kind === "raw") return raw();
  p.quote = v.quote;
  if (v.kind === "null") {
    p.isNull = true;
    p.value = isTagKey(k.key) ? { type: "list", value: [] } : { type: "text", value: "" };
    if (isTagKey(k.key)) p.form = "block";
    return p;
  }
  if (isTagKey(k.key) && v.kind === "string") {
    p.form = "string";
    p.items = [v.text];
    p.value = { type: "list", value: v.text.split(/[\s,]+/).filter(Boolean) };
    return p;
  }
  switch (v.kind) {
    case "bool":
      p.value = { type: "checkbox", value: v.text.toLowerCase() === "true" };
      break;
    case "number":
      p.value = { type: "number", value: Number(v.text) };
      break;
    default: {
      const link = /^\[\[([^[\]\n]+)\]\]$/.exec(v.text);
      if (link && v.quote) p.value = { type: "link", value: link[1] };
      else if (isDate(v.text)) p.value = { type: "date", value: v.text };
      else p.value = { type: "text", value: v.text };
    }
  }
  return p;
}

/** isDate says whether s is an ISO date (YYYY-MM-DD) or date and time, as YAML timestamps are written. */
export function isDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) || DATETIME.test(s);
}

const DATETIME = /^(\d{4}-\d{1,2}-\d{1,2})(?:[Tt]|[ \t]+)(\d{1,2}:\d{2}(?::\d{2}(?:\.\d*)?)?)([ \t]*(?:Z|[-+]\d{1,2}(?::?\d{2})?))?$/;

// splitComment splits a value as written after the key's colon from a
// trailing " # comment" (the comment keeps the spaces before it). A quoted
// scalar's own " #" is not a comment.
function splitComment(s: string): { text: string; comment: string } {
  let i = 0;
  while (i < s.length && (s[i] === " " || s[i] === "\t")) i++;
  if (s[i] === "#") return { text: "", comment: s };
  let from = i;
  if (s[i] === '"' || s[i] === "'") {
    const close = s[i] === '"' ? closeDouble(s, i) : closeSingle(s, i);
    if (close >= 0) from = close + 1;
  }
  const m = /[ \t]#/.exec(s.slice(from));
  if (!m) return { text: s, comment: "" };
  let at = from + m.index;
  while (at > 0 && (s[at - 1] === " " || s[at - 1] === "\t")) at--;
  return { text: s.slice(0, at), comment: s.slice(at) };
}

function closeDouble(s: string, open: number): number {
  for (let i = open + 1; i < s.length; i++) {
    if (s[i] === "\\") i++;
    else if (s[i] === '"') return i;
  }
  return -1;
}

function closeSingle(s: string, open: number): number {
  for (let i = open + 1; i < s.length; i++) {
    if (s[i] === "'") {
      if (s[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

// flowItems splits a one-line flow sequence "[a, 'b', "c"]" into its items as written; null for anything else.
function flowItems(t: string): string[] | null {
  if (!t.endsWith("]")) return null;
  const inner = t.slice(1, -1);
  const items: string[] = [];
  let i = 0;
  while (i < inner.length) {
    while (i < inner.length && /[ \t]/.test(inner[i])) i++;
    if (i >= inner.length) break;
    let j: number;
    if (inner[i] === '"' || inner[i] === "'") {
      const close = inner[i] === '"' ? closeDouble(inner, i) : closeSingle(inner, i);
      if (close < 0) return null;
      j = close + 1;
    } else {
      j = i;
      while (j < inner.length && inner[j] !== ",") {
        if ("[]{}".includes(inner[j])) return null;
        j++;
      }
    }
    const item = inner.slice(i, j).trim();
    if (!item) return null;
    items.push(item);
    while (j < inner.length && /[ \t]/.test(inner[j])) j++;
    if (j < inner.length && inner[j] !== ",") return null;
    i = j + 1;
    if (j < inner.length && inner.slice(i).trim() === "") return null; // "[a, ]" is valid YAML, but leave it be
  }
  return items;
}

interface Scalar {
  kind: "string" | "number" | "bool" | "null" | "raw";
  text: string;
  quote: '"' | "'" | "";
}

const BOOL = /^(?:true|True|TRUE|false|False|FALSE)$/;
const NULL = /^(?:null|Null|NULL|~)?$/;
const DECIMAL = /^[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/;
// NUMBERISH are the plain scalars a YAML parser may read as numbers (or the backend's yaml.v3 as YAML 1.1 ones).
const NUMBERISH = /^[-+]?(?:0[xob][0-9a-fA-F_]+|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_]+(?:[eE][-+]?[0-9]+)?|\.(?:inf|Inf|INF)|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$|^\.(?:nan|NaN|NAN)$/;
// YAML11 are words yaml.v3 reads as strings into an interface but other YAML 1.1 readers as booleans: text is written quoted.
const YAML11 = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

// scalar reads one scalar as written on one line; null when it is not one (it spans lines, or is not a scalar).
function scalar(t: string, flow: boolean): Scalar | null {
  if (t.startsWith('"')) {
    if (closeDouble(t, 0) !== t.length - 1) return null;
    const v = unescapeDouble(t.slice(1, -1));
    return v === null ? { kind: "raw", text: t, quote: '"' } : { kind: "string", text: v, quote: '"' };
  }
  if (t.startsWith("'")) {
    if (closeSingle(t, 0) !== t.length - 1) return null;
    return { kind: "string", text: t.slice(1, -1).replace(/''/g, "'"), quote: "'" };
  }
  if (NULL.test(t)) return { kind: "null", text: "", quote: "" };
  if (/^[[{&*!|>%@`]/.test(t) || /^[-?:](?:[ \t]|$)/.test(t)) return { kind: "raw", text: t, quote: "" };
  if (/:(?:[ \t]|$)/.test(t) || (flow && /[,[\]{}]/.test(t))) return { kind: "raw", text: t, quote: "" };
  if (BOOL.test(t)) return { kind: "bool", text: t, quote: "" };
  if (DECIMAL.test(t) && !/^[-+]?0[0-9]/.test(t)) return { kind: "number", text: t, quote: "" };
  if (NUMBERISH.test(t)) return { kind: "raw", text: t, quote: "" };
  if (/^\d{4}-\d{1,2}-\d{1,2}/.test(t) && !isDate(t)) return { kind: "raw", text: t, quote: "" };
  return { kind: "string", text: t, quote: "" };
}

// unescapeDouble decodes a double-quoted YAML scalar's inside; null for an escape it does not know.
function unescapeDouble(s: string): string | null {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = s[++i];
    const simple: Record<string, string> = {
      "0": "\0", a: "\x07", b: "\b", t: "\t", "\t": "\t", n: "\n", v: "\v", f: "\f", r: "\r", e: "\x1b",
      " ": " ", '"': '"', "/": "/", "\\": "\\", N: "\x85", _: "\xa0", L: "\u2028", P: "\u2029",
    };
    if (e !== undefined && e in simple) {
      out += simple[e];
      continue;
    }
    const width = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
    const hex = s.slice(i + 1, i + 1 + width);
    if (!width || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) return null;
    out += String.fromCodePoint(parseInt(hex, 16));
    i += width;
  }
  return out;
}

/** quoteDouble writes s as a double-quoted YAML scalar. */
export function quoteDouble(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (c < 0x20 || c === 0x7f || c === 0x85 || c === 0x2028 || c === 0x2029 || c === 0xfeff) out += "\\u" + c.toString(16).padStart(4, "0");
    else out += ch;
  }
  return out + '"';
}

/** plainSafe says whether s can be written unquoted and read back as the same string. */
export function plainSafe(s: string, flow = false): boolean {
  // Matching control characters is the point: a plain scalar cannot hold one.
  // eslint-disable-next-line no-control-regex
  if (s === "" || s !== s.trim() || /[\u0000-\u001f\u007f\u0085\u2028\u2029\ufeff]/.test(s)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s)) return false;
  if (/:(?:[ \t]|$)|[ \t]#/.test(s)) return false;
  if (flow && /[,[\]{}]/.test(s)) return false;
  if (YAML11.test(s)) return false;
  const v = scalar(s, flow);
  return v !== null && v.kind === "string" && v.text === s && !isDate(s);
}

// writeString writes a string as a scalar, in quote if given, else plain when safe, else double-quoted.
function writeString(s: string, quote: '"' | "'" | "", flow = false): string {
  if (quote === "'" && !/[\n\r\t]/.test(s)) return `'${s.replace(/'/g, "''")}'`;
  if (quote === '"') return quoteDouble(s);
  return plainSafe(s, flow) ? s : quoteDouble(s);
}

/** formatKey writes a key: plain when safe, else double-quoted. */
export function formatKey(key: string): string {
  return plainSafe(key) && !/:/.test(key) ? key : quoteDouble(key);
}

// writeItem writes one list item: a link as "[[…]]", else a string (plain when safe).
function writeItem(v: string, flow: boolean): string {
  if (/^\[\[[^[\]\n]+\]\]$/.test(v)) return quoteDouble(v);
  return writeString(v, "", flow);
}

// writeValue writes a property: its key line and any following lines, each ending with eol.
function writeValue(keyText: string, v: PropValue, old: Property | null, eol: string): string {
  const comment = old?.comment ?? "";
  const line = (value: string) => `${keyText}:${value === "" ? "" : " " + value}${comment}${eol}`;
  const keepQuote = old && old.value.type === v.type ? old.quote : "";
  switch (v.type) {
    case "text":
      return line(v.value === "" && (old?.isNull || !old) ? "" : writeString(v.value, keepQuote));
    case "number":
      if (!Number.isFinite(v.value)) throw new Error("a number property needs a finite number");
      return line(String(v.value));
    case "checkbox":
      return line(v.value ? "true" : "false");
    case "date":
      if (!isDate(v.value)) throw new Error(`"${v.value}" is not a date (YYYY-MM-DD)`);
      return line(keepQuote ? writeString(v.value, keepQuote) : v.value);
    case "link":
      if (!v.value.trim() || /[[\]\n]/.test(v.value)) throw new Error("a link needs a note name without brackets");
      return line(keepQuote === "'" ? `'[[${v.value.replace(/'/g, "''")}]]'` : quoteDouble(`[[${v.value}]]`));
    case "list": {
      const same = old && old.value.type === "list" ? old : null;
      const form = same?.form ?? "block";
      const written = new Map<string, string>();
      if (same && same.value.type === "list" && form !== "string")
        same.value.value.forEach((x, i) => same.items?.[i] !== undefined && !written.has(x) && written.set(x, same.items[i]));
      // An item kept keeps its text as written.
      const item = (x: string, flow: boolean) => written.get(x) ?? writeItem(x, flow);
      if (form === "string") {
        const sep = /,/.test(same?.items?.[0] ?? "") ? ", " : " ";
        return line(v.value.length ? writeString(v.value.join(sep), same?.quote ?? "") : "");
      }
      if (form === "flow") return line(`[${v.value.map((x) => item(x, true)).join(", ")}]`);
      if (v.value.length === 0) return line(same?.isNull ? "" : "[]");
      const indent = same?.indent ?? "  ";
      return line("") + v.value.map((x) => `${indent}- ${item(x, false)}${eol}`).join("");
    }
    case "raw":
      throw new Error("this value is edited in the source");
  }
}

/** defaultValue is a new property's value of type t. */
export function defaultValue(t: PropType): PropValue {
  switch (t) {
    case "number":
      return { type: "number", value: 0 };
    case "checkbox":
      return { type: "checkbox", value: false };
    case "date":
      return { type: "date", value: new Date().toISOString().slice(0, 10) };
    case "list":
      return { type: "list", value: [] };
    case "link":
    case "text":
    case "raw":
      return { type: "text", value: "" };
  }
}

// replaceLines returns md with the YAML lines [start, end) replaced by text.
function replaceLines(md: string, fm: FrontMatter, start: number, end: number, text: string): string {
  let from = fm.yamlStart;
  for (let i = 0; i < start; i++) from += fm.lines[i].length;
  let to = from;
  for (let i = start; i < end; i++) to += fm.lines[i].length;
  return md.slice(0, from) + text + md.slice(to);
}

function find(fm: FrontMatter, key: string): Property {
  const p = fm.props.find((q) => q.key === key);
  if (!p) throw new Error(`no property "${key}"`);
  return p;
}

function editable(fm: FrontMatter): void {
  if (fm.error) throw new Error(`the front matter is edited in the source: ${fm.error}`);
}

/** setProperty gives key the value v, rewriting only its lines; a missing key is added at the end. */
export function setProperty(md: string, key: string, v: PropValue): string {
  const fm = parseFrontMatter(md);
  editable(fm);
  const old = fm.props.find((p) => p.key === key);
  if (!old) return addProperty(md, key, v);
  if (sameValue(old.value, v)) return md;
  const keyText = content(fm.lines[old.start]).slice(0, matchKey(content(fm.lines[old.start]))!.keyLen);
  return replaceLines(md, fm, old.start, old.end, writeValue(keyText, v, old, lineEol(fm, old)));
}

function sameValue(a: PropValue, b: PropValue): boolean {
  if (a.type !== b.type) return false;
  if (Array.isArray(a.value) && Array.isArray(b.value)) return a.value.length === b.value.length && a.value.every((x, i) => x === (b.value as string[])[i]);
  return a.value === b.value;
}

// lineEol is the line ending a property's lines use.
function lineEol(fm: FrontMatter, p: Property): string {
  return fm.lines[p.start].endsWith("\r\n") ? "\r\n" : fm.lines[p.start].endsWith("\n") ? "\n" : fm.eol;
}

/** addProperty adds key with value v after the last line of the front matter, making a block if there is none. */
export function addProperty(md: string, key: string, v: PropValue): string {
  const k = key.trim();
  if (!k) throw new Error("a property needs a name");
  const fm = parseFrontMatter(md);
  editable(fm);
  if (fm.props.some((p) => p.key === k)) throw new Error(`there is already a property "${k}"`);
  if (!fm.present) {
    const at = md.startsWith(BOM) ? BOM.length : 0;
    const eol = md.slice(0, md.indexOf("\n") + 1).endsWith("\r\n") ? "\r\n" : "\n";
    return md.slice(0, at) + `---${eol}` + writeValue(formatKey(k), v, null, eol) + `---${eol}` + md.slice(at);
  }
  const text = writeValue(formatKey(k), v, null, fm.eol);
  return md.slice(0, fm.yamlEnd) + text + md.slice(fm.yamlEnd);
}

/** removeProperty deletes key's lines. */
export function removeProperty(md: string, key: string): string {
  const fm = parseFrontMatter(md);
  editable(fm);
  const p = find(fm, key);
  return replaceLines(md, fm, p.start, p.end, "");
}

/** renameProperty renames key to next on its key line; the value's text stays as written. */
export function renameProperty(md: string, key: string, next: string): string {
  const n = next.trim();
  if (n === key) return md;
  if (!n) throw new Error("a property needs a name");
  const fm = parseFrontMatter(md);
  editable(fm);
  const p = find(fm, key);
  if (fm.props.some((q) => q.key === n)) throw new Error(`there is already a property "${n}"`);
  const line = fm.lines[p.start];
  const k = matchKey(content(line))!;
  return replaceLines(md, fm, p.start, p.start + 1, formatKey(n) + line.slice(k.keyLen));
}

/** frontMatterBody is md without its front matter (and BOM): what a template inserts at the caret. */
export function frontMatterBody(md: string): string {
  const fm = parseFrontMatter(md);
  return fm.present ? md.slice(fm.bodyStart) : md.replace(/^\ufeff/, "");
}

/**
 * mergeFrontMatter adds to md the properties of from's front matter that md
 * lacks, each with its lines as written in from (a template's properties).
 * Keys md already has keep their value. Returns md unchanged when either
 * block cannot be edited here.
 */
export function mergeFrontMatter(md: string, from: string): string {
  const src = parseFrontMatter(from);
  if (!src.present || src.error) return md;
  let fm = parseFrontMatter(md);
  if (fm.error) return md;
  let out = md;
  for (const p of src.props) {
    if (fm.props.some((q) => q.key === p.key)) continue;
    const text = src.lines.slice(p.start, p.end).map((l) => content(l) + fm.eol).join("");
    if (!fm.present) {
      const at = out.startsWith(BOM) ? BOM.length : 0;
      out = out.slice(0, at) + `---${fm.eol}${text}---${fm.eol}` + out.slice(at);
    } else {
      out = out.slice(0, fm.yamlEnd) + text + out.slice(fm.yamlEnd);
    }
    fm = parseFrontMatter(out);
  }
  return out;
}
