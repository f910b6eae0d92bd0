// Package api is the only module that talks to the Go backend: it wraps the
// generated Wails bindings and runtime in typed functions, turns every
// rejection into an AppError, and owns the types the rest of the UI uses.
import * as Exporter from "../../wailsjs/go/app/ExportAPI";
import * as Graph from "../../wailsjs/go/app/GraphAPI";
import * as Importer from "../../wailsjs/go/app/ImportAPI";
import * as Notes from "../../wailsjs/go/app/NotesAPI";
import * as Search from "../../wailsjs/go/app/SearchAPI";
import * as SettingsBinding from "../../wailsjs/go/app/SettingsAPI";
import { app as models } from "../../wailsjs/go/models";
import * as System from "../../wailsjs/go/app/SystemAPI";
import { BrowserOpenURL, ClipboardSetText, EventsOn } from "../../wailsjs/runtime/runtime";

/** ErrorCode is the machine-readable kind of a backend error. */
export type ErrorCode = "invalid" | "not_found" | "conflict" | "unavailable" | "canceled" | "internal";

const codes: ReadonlySet<string> = new Set<ErrorCode>([
  "invalid",
  "not_found",
  "conflict",
  "unavailable",
  "canceled",
  "internal",
]);

/** AppError is every error the backend reports; switch on code, never on message. */
export class AppError extends Error {
  /** code says what kind of failure this is. */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "AppError";
    this.code = code;
  }
}

function isErrorCode(v: unknown): v is ErrorCode {
  return typeof v === "string" && codes.has(v);
}

function fromObject(v: unknown): AppError | null {
  if (typeof v !== "object" || v === null) return null;
  const o = v as { code?: unknown; message?: unknown };
  if (!isErrorCode(o.code)) return null;
  return new AppError(o.code, typeof o.message === "string" ? o.message : "");
}

function fromText(text: string): AppError {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    try {
      const parsed = fromObject(JSON.parse(trimmed));
      if (parsed) return parsed;
    } catch {
      // Not JSON after all: fall through to a plain message.
    }
  }
  return new AppError("internal", trimmed || "Something went wrong.");
}

/**
 * parseError turns whatever a bound method rejected with into an AppError:
 * the formatter's JSON string, a plain string, an Error (whose message may
 * itself be the JSON), or an object that already has code and message.
 */
export function parseError(reason: unknown): AppError {
  if (reason instanceof AppError) return reason;
  if (typeof reason === "string") return fromText(reason);
  if (reason instanceof Error) return fromText(reason.message);
  const obj = fromObject(reason);
  if (obj) return obj;
  return new AppError("internal", "Something went wrong.");
}

async function call<T>(p: () => Promise<T>): Promise<T> {
  try {
    return await p();
  } catch (reason) {
    throw parseError(reason);
  }
}

/** Note is a note with its Markdown body; version counts every change. */
export interface Note {
  id: string;
  title: string;
  path: string;
  body: string;
  version: number;
  created_at: string;
  updated_at: string;
  trashed_at: string | null;
}

/** NoteSummary is a note in a list, without its body. */
export type NoteSummary = Omit<Note, "body">;

/** NotePage is one page of a note list; total counts every matching note. */
export interface NotePage {
  notes: NoteSummary[];
  total: number;
}

/** NoteOrder is how a list is sorted: most recently updated first, or by title. */
export type NoteOrder = "updated" | "title";

/** Version is one entry of a note's history; body is set only by getVersion. */
export interface Version {
  seq: number;
  version: number;
  kind: string;
  title: string;
  path: string;
  at: string;
  body?: string;
  purged?: boolean;
}

/** PostgresStatus says how the note store's PostgreSQL runs. */
export interface PostgresStatus {
  ok: boolean;
  mode: string;
  version?: string;
  data_dir?: string;
  owned: boolean;
  error?: string;
}

/** Status is what the status bar shows about the backend. */
export interface Status {
  ready: boolean;
  error: AppError | null;
  postgres: PostgresStatus;
  /** server says in full which PostgreSQL runs (version, data dir or host; never a password). */
  server?: string;
  version: string;
}

type Raw<T> = { [K in keyof T]?: T[K] | null };

function toNote(n: Raw<Note>): Note {
  return {
    id: n.id ?? "",
    title: n.title ?? "",
    path: n.path ?? "",
    body: n.body ?? "",
    version: n.version ?? 0,
    created_at: n.created_at ?? "",
    updated_at: n.updated_at ?? "",
    trashed_at: n.trashed_at ?? null,
  };
}

function toSummary(n: Raw<NoteSummary>): NoteSummary {
  const { body: _body, ...rest } = toNote(n);
  return rest;
}

function toVersion(v: Raw<Version>): Version {
  const out: Version = {
    seq: v.seq ?? 0,
    version: v.version ?? 0,
    kind: v.kind ?? "",
    title: v.title ?? "",
    path: v.path ?? "",
    at: v.at ?? "",
  };
  if (v.body != null) out.body = v.body;
  if (v.purged) out.purged = true;
  return out;
}

/** createNote makes a note titled title in folder ("" for the root). */
export async function createNote(title: string, folder = "", body = ""): Promise<Note> {
  return toNote(await call(() => Notes.Create(title, folder, body)));
}

/** getNote returns a note by id, trashed or not. */
export async function getNote(id: string): Promise<Note> {
  return toNote(await call(() => Notes.Get(id)));
}

/** saveNote stores body if the note is still at expectedVersion; else it rejects with code "conflict". */
export async function saveNote(id: string, expectedVersion: number, body: string): Promise<Note> {
  return toNote(await call(() => Notes.Save(id, expectedVersion, body)));
}

/** renameNote gives a note a new title if it is still at expectedVersion. */
export async function renameNote(id: string, expectedVersion: number, title: string): Promise<Note> {
  return toNote(await call(() => Notes.Rename(id, expectedVersion, title)));
}

/** trashNote moves a note to the trash. */
export async function trashNote(id: string): Promise<Note> {
  return toNote(await call(() => Notes.Trash(id)));
}

/** restoreNote brings a note back from the trash. */
export async function restoreNote(id: string): Promise<Note> {
  return toNote(await call(() => Notes.Restore(id)));
}

/** deleteNote removes a note for good. */
export async function deleteNote(id: string): Promise<void> {
  await call(() => Notes.Delete(id));
}

/** listNotes returns one page of live or trashed notes; the backend caps limit at 1000. */
export async function listNotes(order: NoteOrder, offset: number, limit: number, trashed: boolean): Promise<NotePage> {
  const page = await call(() => Notes.List(order, offset, limit, trashed));
  return { notes: (page?.notes ?? []).map(toSummary), total: page?.total ?? 0 };
}

/** Folder is a folder of the vault ("" for the root) and how many notes it holds directly. */
export interface Folder {
  path: string;
  count: number;
}

/** listFolders returns every folder directly holding notes, with its count, sorted by path. */
export async function listFolders(): Promise<Folder[]> {
  return ((await call(() => Notes.Folders())) ?? []).map((f: Raw<Folder>) => ({ path: f.path ?? "", count: f.count ?? 0 }));
}

/** listFolderNotes returns one page of the live notes in folder and its subfolders ("" for all). */
export async function listFolderNotes(folder: string, order: NoteOrder, offset: number, limit: number): Promise<NotePage> {
  const page = await call(() => Notes.ListFolder(folder, order, offset, limit));
  return { notes: (page?.notes ?? []).map(toSummary), total: page?.total ?? 0 };
}

/** noteHistory returns a note's versions, newest first, without bodies. */
export async function noteHistory(id: string): Promise<Version[]> {
  return ((await call(() => Notes.History(id))) ?? []).map(toVersion);
}

/** getVersion returns one past version of a note with its body. */
export async function getVersion(id: string, version: number): Promise<Version> {
  return toVersion(await call(() => Notes.Version(id, version)));
}

/** revertNote makes version's text current again (as a new version) if the note is at expectedVersion. */
export async function revertNote(id: string, expectedVersion: number, version: number): Promise<Note> {
  return toNote(await call(() => Notes.Revert(id, expectedVersion, version)));
}

function toPostgres(p: Raw<PostgresStatus> | undefined): PostgresStatus {
  const out: PostgresStatus = { ok: Boolean(p?.ok), mode: p?.mode ?? "", owned: Boolean(p?.owned) };
  if (p?.version) out.version = p.version;
  if (p?.data_dir) out.data_dir = p.data_dir;
  if (p?.error) out.error = p.error;
  return out;
}

/** getStatus reports whether the backend is up and how PostgreSQL runs. */
export async function getStatus(): Promise<Status> {
  const s = await call(() => System.Status());
  return {
    ready: Boolean(s?.ready),
    error: s?.error ? parseError(s.error) : null,
    postgres: toPostgres(s?.postgres),
    server: s?.server ?? "",
    version: s?.version ?? "",
  };
}

/** BackendReady is the payload of the "backend:ready" event. */
export interface BackendReady {
  ok: boolean;
  error?: AppError;
}

/** NoteChanged is the payload of the "note:changed" event. */
export type NoteChanged = { id: string; version: number; deleted?: false } | { id: string; deleted: true };

/** EventMap lists the backend's events and their payloads. */
export interface EventMap {
  "backend:ready": BackendReady;
  "note:changed": NoteChanged;
  "import:progress": ImportProgress;
  "import:done": ImportDone;
}

function toBackendReady(data: unknown): BackendReady {
  const d = (data ?? {}) as { ok?: unknown; error?: unknown };
  const out: BackendReady = { ok: Boolean(d.ok) };
  if (d.error) out.error = parseError(d.error);
  return out;
}

function toNoteChanged(data: unknown): NoteChanged {
  const d = (data ?? {}) as { id?: unknown; version?: unknown; deleted?: unknown };
  const id = typeof d.id === "string" ? d.id : "";
  if (d.deleted === true) return { id, deleted: true };
  return { id, version: typeof d.version === "number" ? d.version : 0 };
}

/** onEvent listens to a backend event and returns a function that stops listening. */
export function onEvent<K extends keyof EventMap>(name: K, cb: (payload: EventMap[K]) => void): () => void {
  const converters: { [E in keyof EventMap]: (d: unknown) => EventMap[E] } = {
    "backend:ready": toBackendReady,
    "note:changed": toNoteChanged,
    "import:progress": toImportProgress,
    "import:done": toImportDone,
  };
  const convert = converters[name] as (d: unknown) => EventMap[K];
  try {
    return EventsOn(name, (data: unknown) => cb(convert(data)));
  } catch {
    // No Wails runtime (a plain browser during `vite dev`): nothing will ever fire.
    return () => {};
  }
}

/** Backlink is a note linking to (or mentioning) the open note, with the text around it. */
export interface Backlink {
  source_id: string;
  source_title: string;
  source_path: string;
  context: string;
}

/** OutgoingLink is a link written in the open note and what it resolves to ("" ids when unresolved). */
export interface OutgoingLink {
  target: string;
  anchor: string;
  alias: string;
  kind: string;
  rel?: string;
  resolved_id: string;
  resolved_title: string;
  attachment_id: string;
}

/** Tag is a tag with how many notes carry it. */
export interface Tag {
  name: string;
  count: number;
}

function toBacklink(b: Raw<Backlink>): Backlink {
  return { source_id: b.source_id ?? "", source_title: b.source_title ?? "", source_path: b.source_path ?? "", context: b.context ?? "" };
}

/** backlinks returns the notes that link to a note. */
export async function backlinks(id: string): Promise<Backlink[]> {
  return ((await call(() => Notes.Backlinks(id))) ?? []).map(toBacklink);
}

/** mentions returns the notes that name a note in plain text without linking it. */
export async function mentions(id: string): Promise<Backlink[]> {
  return ((await call(() => Notes.Mentions(id))) ?? []).map(toBacklink);
}

/** outgoingLinks returns the links written in a note. */
export async function outgoingLinks(id: string): Promise<OutgoingLink[]> {
  return ((await call(() => Notes.Links(id))) ?? []).map((l: Raw<OutgoingLink>) => {
    const out: OutgoingLink = {
      target: l.target ?? "",
      anchor: l.anchor ?? "",
      alias: l.alias ?? "",
      kind: l.kind ?? "",
      resolved_id: l.resolved_id ?? "",
      resolved_title: l.resolved_title ?? "",
      attachment_id: l.attachment_id ?? "",
    };
    if (l.rel) out.rel = l.rel;
    return out;
  });
}

/** listTags returns every tag with its note count. */
export async function listTags(): Promise<Tag[]> {
  return ((await call(() => Notes.Tags())) ?? []).map((t: Raw<Tag>) => ({ name: t.name ?? "", count: t.count ?? 0 }));
}

/** todayNote returns today's daily note, made from the template when it does not exist yet. */
export async function todayNote(): Promise<Note> {
  return toNote(await call(() => Notes.Today()));
}

/** linkMention turns the unlinked mention of target in source into a wikilink; "conflict" when source is past expectedVersion. */
export async function linkMention(sourceId: string, expectedVersion: number, targetId: string): Promise<Note> {
  return toNote(await call(() => Notes.LinkMention(sourceId, expectedVersion, targetId)));
}

/** DailyNeighbors: date is the note's day ("" when it is no daily note); prev/next are the nearest existing daily notes. */
export interface DailyNeighbors {
  date: string;
  prev: NoteSummary | null;
  next: NoteSummary | null;
}

/** dailyNeighbors says whether a note is a daily note and which daily notes come before and after it. */
export async function dailyNeighbors(id: string): Promise<DailyNeighbors> {
  const d = await call(() => Notes.DailyNeighbors(id));
  return { date: d?.date ?? "", prev: d?.prev ? toSummary(d.prev) : null, next: d?.next ? toSummary(d.next) : null };
}

/** TemplateSettings: the templates folder, the {{date}}/{{time}} formats (YYYY-MM-DD, HH:mm) and the daily note's template ("" for none). */
export interface TemplateSettings {
  folder: string;
  date_format: string;
  time_format: string;
  daily_template: string;
}

/** templateSettings returns the template settings. */
export async function templateSettings(): Promise<TemplateSettings> {
  const t = await call(() => Notes.TemplateSettings());
  return { folder: t?.folder ?? "Templates", date_format: t?.date_format ?? "", time_format: t?.time_format ?? "", daily_template: t?.daily_template ?? "" };
}

/** saveTemplateSettings stores the template settings ("invalid" for a bad folder or format). */
export async function saveTemplateSettings(t: TemplateSettings): Promise<void> {
  await call(() => Notes.SetTemplateSettings(t));
}

/** renderTemplate returns a template note's text with {{date}}, {{time}} and {{title}} filled in for the note titled title. */
export async function renderTemplate(ref: string, title: string): Promise<string> {
  return (await call(() => Notes.RenderTemplate(ref, title))) ?? "";
}

/** SearchMode is how a search finds notes. */
export type SearchMode = "lexical" | "semantic" | "hybrid";

/** SearchRequest is a search with its filters; empty filters do not filter. */
export interface SearchRequest {
  text: string;
  mode?: SearchMode;
  limit?: number;
  prefix?: boolean;
  tags?: string[];
  folder?: string;
  type?: string;
  /** after and before are YYYY-MM-DD dates. */
  after?: string;
  before?: string;
}

/** SearchHit is a result; snippet is HTML (escaped text with <mark>) and must still be sanitized to render. */
export interface SearchHit {
  id: string;
  title: string;
  path: string;
  score: number;
  snippet: string;
  why: string;
  updated_at: string;
}

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
  return (hits ?? []).map((h: Raw<SearchHit>) => ({
    id: h.id ?? "",
    title: h.title ?? "",
    path: h.path ?? "",
    score: h.score ?? 0,
    snippet: h.snippet ?? "",
    why: h.why ?? "",
    updated_at: h.updated_at ?? "",
  }));
}

/** TitleMatch is a quick-switcher result; alias is set when an alias matched. */
export interface TitleMatch {
  id: string;
  title: string;
  path: string;
  alias: string;
}

/** findTitles returns the quick switcher's matches for what was typed. */
export async function findTitles(text: string, limit = 20): Promise<TitleMatch[]> {
  return ((await call(() => Search.Titles(text, limit))) ?? []).map((m: Raw<TitleMatch>) => ({
    id: m.id ?? "",
    title: m.title ?? "",
    path: m.path ?? "",
    alias: m.alias ?? "",
  }));
}

/** GraphNode is a node of the graph view: a note, a tag or a placeholder for a missing note. */
export interface GraphNode {
  id: string;
  title: string;
  labels: string[];
  degree: number;
  /** cluster is the node's community (1 = largest) in the global view, 0 for none. */
  cluster: number;
}

/** GraphEdge is a relation: LINKS_TO, EMBEDS, TAGGED or a typed one (AUTHOR…). */
export interface GraphEdge {
  source: string;
  target: string;
  type: string;
  count: number;
}

/** Subgraph is what the graph view draws. */
export interface Subgraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  truncated: boolean;
}

function toSubgraph(g: Raw<Subgraph> | undefined): Subgraph {
  return {
    nodes: (g?.nodes ?? []).map((n: Raw<GraphNode>) => ({
      id: n.id ?? "",
      title: n.title ?? "",
      labels: n.labels ?? [],
      degree: n.degree ?? 0,
      cluster: n.cluster ?? 0,
    })),
    edges: (g?.edges ?? []).map((e: Raw<GraphEdge>) => ({
      source: e.source ?? "",
      target: e.target ?? "",
      type: e.type ?? "",
      count: e.count ?? 0,
    })),
    truncated: Boolean(g?.truncated),
  };
}

/** localGraph returns a note's neighbourhood to depth hops (1..5). */
export async function localGraph(id: string, depth: number, relTypes: string[] = []): Promise<Subgraph> {
  return toSubgraph(await call(() => Graph.Local(id, depth, relTypes)));
}

/** globalGraph returns the whole graph, capped at maxNodes of the most connected nodes. */
export async function globalGraph(maxNodes = 5000): Promise<Subgraph> {
  return toSubgraph(await call(() => Graph.Global(maxNodes)));
}

/** ImportReport is what an import did; nothing is dropped without an entry in skipped. */
export interface ImportReport {
  root: string;
  format: string;
  notes: number;
  created: number;
  updated: number;
  /** updated_paths lists the notes whose text the import replaced (their history keeps the old text). */
  updated_paths: string[];
  /** on_existing is what the import did with a note already at a file's path. */
  on_existing: OnExisting;
  unchanged: number;
  attachments: number;
  links: number;
  unresolved_links: number;
  skipped: { path: string; reason: string }[];
  renamed: { path: string; new_path?: string; reason: string }[];
  warnings: { path: string; reason: string }[];
  unresolved: { source: string; target: string }[];
  /** missing_embeds are the embeds (![[image.png]]) of the imported notes whose file or note is not in the vault. */
  missing_embeds: { source: string; target: string }[];
  canceled: boolean;
  duration_ms: number;
}

/** OnExisting is what an import does with a note already at a file's path with other text: replace its text, or import the file beside it under a free name such as "Note (2).md". */
export type OnExisting = "overwrite" | "keep-both";

/** ImportProgress is the payload of "import:progress". */
export interface ImportProgress {
  job: string;
  phase: string;
  done: number;
  total: number;
}

/** ImportDone is the payload of "import:done": a report, or the error that stopped the import. */
export interface ImportDone {
  job: string;
  report?: ImportReport;
  error?: AppError;
}

function toImportProgress(data: unknown): ImportProgress {
  const d = (data ?? {}) as Raw<ImportProgress>;
  return { job: d.job ?? "", phase: d.phase ?? "", done: d.done ?? 0, total: d.total ?? 0 };
}

function toImportDone(data: unknown): ImportDone {
  const d = (data ?? {}) as { job?: unknown; report?: unknown; error?: unknown };
  const out: ImportDone = { job: typeof d.job === "string" ? d.job : "" };
  if (d.error) out.error = parseError(d.error);
  else if (d.report && typeof d.report === "object") {
    const r = d.report as Raw<ImportReport>;
    out.report = {
      root: r.root ?? "",
      format: r.format ?? "",
      notes: r.notes ?? 0,
      created: r.created ?? 0,
      updated: r.updated ?? 0,
      updated_paths: r.updated_paths ?? [],
      on_existing: r.on_existing === "keep-both" ? "keep-both" : "overwrite",
      unchanged: r.unchanged ?? 0,
      attachments: r.attachments ?? 0,
      links: r.links ?? 0,
      unresolved_links: r.unresolved_links ?? 0,
      skipped: r.skipped ?? [],
      renamed: r.renamed ?? [],
      warnings: r.warnings ?? [],
      unresolved: r.unresolved ?? [],
      missing_embeds: r.missing_embeds ?? [],
      canceled: Boolean(r.canceled),
      duration_ms: r.duration_ms ?? 0,
    };
  }
  return out;
}

/** pickFolder opens the system folder picker; "" when cancelled. */
export async function pickFolder(): Promise<string> {
  return (await call(() => Importer.PickFolder())) ?? "";
}

/** startImport begins importing a folder and returns the job id; watch "import:progress" and "import:done". */
export async function startImport(path: string, onExisting: OnExisting = "overwrite"): Promise<string> {
  return await call(() => Importer.Start(path, onExisting));
}

/** cancelImport stops an import; what it committed stays. */
export async function cancelImport(job: string): Promise<void> {
  await call(() => Importer.Cancel(job));
}

/** ExportReport is what exporting the vault wrote: notes, attachments, and the files written under another name. */
export interface ExportReport {
  path: string;
  notes: number;
  attachments: number;
  bytes: number;
  missing_attachments: string[];
  renamed: { path: string; new_path: string; reason: string }[];
  duration_ms: number;
}

/** exportVault asks for a folder and writes the whole vault into it as Markdown; null when the person closed the picker. */
export async function exportVault(): Promise<ExportReport | null> {
  const r = await call(() => Exporter.Export());
  if (!r || r.canceled || !r.report) return null;
  const rep = r.report;
  return {
    path: rep.path ?? "",
    notes: rep.notes ?? 0,
    attachments: rep.attachments ?? 0,
    bytes: rep.bytes ?? 0,
    missing_attachments: rep.missing_attachments ?? [],
    renamed: (rep.renamed ?? []).map((x) => ({ path: x.path ?? "", new_path: x.new_path ?? "", reason: x.reason ?? "" })),
    duration_ms: rep.duration_ms ?? 0,
  };
}

/** DailySettings: the folder of daily notes, their title format (a Go time layout such as 2006-01-02), the template, and today's title. */
export interface DailySettings {
  folder: string;
  format: string;
  template: string;
  example: string;
}

function toDaily(d: Raw<DailySettings> | undefined): DailySettings {
  return { folder: d?.folder ?? "", format: d?.format ?? "", template: d?.template ?? "", example: d?.example ?? "" };
}

/** dailySettings returns where daily notes go and how they are named (the CLI's `daily` uses the same). */
export async function dailySettings(): Promise<DailySettings> {
  return toDaily(await call(() => Notes.DailySettings()));
}

/** setDailySettings stores the daily notes' folder and title format; the template is kept. */
export async function setDailySettings(folder: string, format: string): Promise<DailySettings> {
  return toDaily(await call(() => Notes.SetDailySettings(folder, format)));
}

/** copyText puts text on the system clipboard; false when it could not. */
export async function copyText(text: string): Promise<boolean> {
  try {
    return await ClipboardSetText(text);
  } catch {
    // No Wails runtime (vite dev): the browser's clipboard.
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return false;
    }
  }
}

/** openExternal opens a URL in the system browser, never inside the app window. */
export function openExternal(url: string): void {
  try {
    BrowserOpenURL(url);
  } catch {
    // No Wails runtime (vite dev): open a new browser tab instead.
    window.open(url, "_blank", "noopener,noreferrer");
  }
}

/** Settings are the servers the app uses; secret fields are write-only (the *_set flags say whether one is saved). */
export interface Settings {
  config_path: string;
  data_dir: string;
  postgres_dsn: string;
  postgres_dsn_set: boolean;
  neo4j_uri: string;
  neo4j_user: string;
  neo4j_password: string;
  neo4j_password_set: boolean;
  neo4j_database: string;
  qdrant_addr: string;
  qdrant_api_key: string;
  qdrant_api_key_set: boolean;
  /** embed_api is the embedder: the built-in model, the onnx transformer, or an Ollama / OpenAI-compatible endpoint. */
  embed_api: EmbedAPI;
  embed_url: string;
  embed_model: string;
  /** embed_dim is the model's vector length; 0 lets the endpoint's first answer tell. */
  embed_dim: number;
  embed_api_key: string;
  embed_api_key_set: boolean;
  from_env: string[];
}

/** EmbedAPI names an embedder kind. */
export type EmbedAPI = "builtin" | "onnx" | "ollama" | "openai";

/** EmbedderTest is the outcome of an embedder's "test connection". */
export interface EmbedderTest {
  ok: boolean;
  model: string;
  dim: number;
  message: string;
}

/** IndexerState is what the background indexer is doing. */
export interface IndexerState {
  running: boolean;
  paused: boolean;
  embedded: number;
  last_error: string;
}

/** ConnectionTest is the outcome of a "test connection". */
export interface ConnectionTest {
  ok: boolean;
  version: string;
  message: string;
}

/** ProjectionStatus is a derived projection's health and lag. */
export interface ProjectionStatus {
  configured: boolean;
  ok: boolean;
  lag_events: number;
  lag_seconds: number;
  last_error: string;
  server?: string;
}

/** EmbeddingsStatus is how far the background indexer got. */
export interface EmbeddingsStatus {
  model: string;
  indexed: number;
  total: number;
  failed: number;
  error?: string;
}

/** ServerStatus is the live status of every store and projection. */
export interface ServerStatus {
  postgres: PostgresStatus;
  neo4j: ProjectionStatus;
  /** qdrant is the vector projection; configured is false when vectors are searched in the app. */
  qdrant: ProjectionStatus;
  embeddings: EmbeddingsStatus;
  indexer: IndexerState;
}

/** getSettings returns the settings in force, without secrets. */
export async function getSettings(): Promise<Settings> {
  const s = (await call(() => SettingsBinding.Get())) as Raw<Settings> | undefined;
  return {
    config_path: s?.config_path ?? "",
    data_dir: s?.data_dir ?? "",
    postgres_dsn: "",
    postgres_dsn_set: Boolean(s?.postgres_dsn_set),
    neo4j_uri: s?.neo4j_uri ?? "",
    neo4j_user: s?.neo4j_user ?? "",
    neo4j_password: "",
    neo4j_password_set: Boolean(s?.neo4j_password_set),
    neo4j_database: s?.neo4j_database ?? "",
    qdrant_addr: s?.qdrant_addr ?? "",
    qdrant_api_key: "",
    qdrant_api_key_set: Boolean(s?.qdrant_api_key_set),
    embed_api: s?.embed_api === "onnx" || s?.embed_api === "ollama" || s?.embed_api === "openai" ? s.embed_api : "builtin",
    embed_url: s?.embed_url ?? "",
    embed_model: s?.embed_model ?? "",
    embed_dim: s?.embed_dim ?? 0,
    embed_api_key: "",
    embed_api_key_set: Boolean(s?.embed_api_key_set),
    from_env: s?.from_env ?? [],
  };
}

/** saveSettings writes the settings to the config file; they apply at the next start. */
export async function saveSettings(s: Settings): Promise<void> {
  await call(() => SettingsBinding.Save(models.Settings.createFrom(s)));
}

function toTest(t: Raw<ConnectionTest> | undefined): ConnectionTest {
  return { ok: Boolean(t?.ok), version: t?.version ?? "", message: t?.message ?? "" };
}

/** testPostgres tries a PostgreSQL connection string ("" for the saved one). */
export async function testPostgres(dsn: string): Promise<ConnectionTest> {
  return toTest(await call(() => SettingsBinding.TestPostgres(dsn)));
}

/** testNeo4j tries a Neo4j server ("" password for the saved one). */
export async function testNeo4j(uri: string, user: string, password: string, database: string): Promise<ConnectionTest> {
  return toTest(await call(() => SettingsBinding.TestNeo4j(uri, user, password, database)));
}

/** testQdrant tries a Qdrant server ("" key for the saved one). */
export async function testQdrant(addr: string, apiKey: string): Promise<ConnectionTest> {
  return toTest(await call(() => SettingsBinding.TestQdrant(addr, apiKey)));
}

/** testEmbedder embeds one short text with an embedder ("" key for the saved one; dim 0 for the saved or learned one). */
export async function testEmbedder(api: EmbedAPI, url: string, model: string, apiKey: string, dim: number): Promise<EmbedderTest> {
  const t = (await call(() => SettingsBinding.TestEmbedder(api, url, model, apiKey, dim))) as Raw<EmbedderTest> | undefined;
  return { ok: Boolean(t?.ok), model: t?.model ?? "", dim: t?.dim ?? 0, message: t?.message ?? "" };
}

function toIndexer(i: Raw<IndexerState> | undefined): IndexerState {
  return { running: Boolean(i?.running), paused: Boolean(i?.paused), embedded: i?.embedded ?? 0, last_error: i?.last_error ?? "" };
}

/** setIndexingPaused pauses or resumes the background embedding of notes and returns its new state. */
export async function setIndexingPaused(paused: boolean): Promise<IndexerState> {
  return toIndexer(await call(() => System.SetIndexingPaused(paused)));
}

/** serverStatus reports every store and projection now. */
export async function serverStatus(): Promise<ServerStatus> {
  const s = await call(() => SettingsBinding.Status());
  const e = (s?.embeddings ?? {}) as Raw<EmbeddingsStatus>;
  const embeddings: EmbeddingsStatus = { model: e.model ?? "", indexed: e.indexed ?? 0, total: e.total ?? 0, failed: e.failed ?? 0 };
  if (e.error) embeddings.error = e.error;
  return {
    postgres: toPostgres(s?.postgres),
    neo4j: toProjection(s?.neo4j),
    qdrant: toProjection(s?.qdrant),
    embeddings,
    indexer: toIndexer(s?.indexer),
  };
}

function toProjection(p: Raw<ProjectionStatus> | undefined): ProjectionStatus {
  const out: ProjectionStatus = {
    configured: Boolean(p?.configured),
    ok: Boolean(p?.ok),
    lag_events: p?.lag_events ?? 0,
    lag_seconds: p?.lag_seconds ?? 0,
    last_error: p?.last_error ?? "",
  };
  if (p?.server) out.server = p.server;
  return out;
}

/** Attached is a stored attachment and the Markdown embed to insert. */
export interface Attached {
  id: string;
  path: string;
  markdown: string;
}

function toBase64(bytes: Uint8Array): string {
  let bin = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) bin += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(bin);
}

/** attachFile stores a pasted or dropped file in the vault and returns its embed. */
export async function attachFile(name: string, data: Uint8Array): Promise<Attached> {
  const a = (await call(() => Notes.Attach(name, toBase64(data)))) as Raw<Attached> | undefined;
  return { id: a?.id ?? "", path: a?.path ?? "", markdown: a?.markdown ?? "" };
}

/** attachmentURL is where the webview loads an attachment a link names. */
export function attachmentURL(target: string): string {
  return "/attachments/" + target.split("/").map(encodeURIComponent).join("/");
}

/** RelatedNote is a note near another in meaning or through links, with why. */
export interface RelatedNote {
  id: string;
  title: string;
  path: string;
  similarity: number;
  why: string;
}

/** relatedNotes returns the notes related to a note. */
export async function relatedNotes(id: string): Promise<RelatedNote[]> {
  return ((await call(() => Notes.Related(id))) ?? []).map((r: Raw<RelatedNote>) => ({
    id: r.id ?? "",
    title: r.title ?? "",
    path: r.path ?? "",
    similarity: r.similarity ?? 0,
    why: r.why ?? "",
  }));
}

/** AgentSettings is what AI agents reach through `secondbrain mcp`: hidden folders and tags, whether they may write, and how to connect a client. */
export interface AgentSettings {
  private_folders: string[];
  private_tags: string[];
  allow_writes: boolean;
  /** client_config is the JSON to paste into an MCP client's configuration. */
  client_config: string;
  http_command: string;
  config_path: string;
}

/** agentSettings reads the agent settings from the config file. */
export async function agentSettings(): Promise<AgentSettings> {
  const s = ((await call(() => SettingsBinding.Agents())) ?? {}) as Raw<AgentSettings>;
  return {
    private_folders: s.private_folders ?? [],
    private_tags: s.private_tags ?? [],
    allow_writes: s.allow_writes ?? false,
    client_config: s.client_config ?? "",
    http_command: s.http_command ?? "",
    config_path: s.config_path ?? "",
  };
}

/** saveAgentSettings writes the hidden folders and tags and the write permission ("invalid" for a folder outside the vault). */
export async function saveAgentSettings(s: Pick<AgentSettings, "private_folders" | "private_tags" | "allow_writes">): Promise<void> {
  await call(() => SettingsBinding.SaveAgents(models.AgentSettings.createFrom({ ...s, client_config: "", http_command: "", config_path: "" })));
}

/** AgentChange is a change an AI agent made to a note, with its unified diff. */
export interface AgentChange {
  event: number;
  time: string;
  kind: string;
  agent: string;
  note_id: string;
  title: string;
  path: string;
  version: number;
  diff: string;
}

/** agentActivity lists the latest changes agents made, newest first. */
export async function agentActivity(limit = 100): Promise<AgentChange[]> {
  return ((await call(() => SettingsBinding.AgentActivity(limit))) ?? []).map((c: Raw<AgentChange>) => ({
    event: c.event ?? 0,
    time: c.time ?? "",
    kind: c.kind ?? "",
    agent: c.agent ?? "",
    note_id: c.note_id ?? "",
    title: c.title ?? "",
    path: c.path ?? "",
    version: c.version ?? 0,
    diff: c.diff ?? "",
  }));
}

/** undoAgentChange reverses an agent's change; "conflict" when the note changed since. */
export async function undoAgentChange(event: number): Promise<Note> {
  return toNote(await call(() => SettingsBinding.UndoAgentChange(event)));
}
