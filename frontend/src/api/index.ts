// Package api is the only module that talks to the Go backend: it wraps the
// generated Wails bindings and runtime in typed functions, turns every
// rejection into an AppError, and owns the types the rest of the UI uses.
import * as Notes from "../../wailsjs/go/app/NotesAPI";
import * as System from "../../wailsjs/go/app/SystemAPI";
import { EventsOn } from "../../wailsjs/runtime/runtime";

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
  const convert = (name === "backend:ready" ? toBackendReady : toNoteChanged) as (d: unknown) => EventMap[K];
  try {
    return EventsOn(name, (data: unknown) => cb(convert(data)));
  } catch {
    // No Wails runtime (a plain browser during `vite dev`): nothing will ever fire.
    return () => {};
  }
}
