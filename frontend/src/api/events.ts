// Events: what the backend announces (ready, a note changed, import progress,
// the vault folder's status)
// and onEvent, the one way to listen.
import { EventsOn } from "../../wailsjs/runtime/runtime";
import { type AppError, parseError } from "./core";
import { type StartupProgress, toStartupProgress } from "./system";
import { type ImportDone, type ImportProgress, toImportDone, toImportProgress } from "./transfer";
import { toVaultStatus, type VaultStatus } from "./vault";

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
  "backend:progress": StartupProgress;
  "note:changed": NoteChanged;
  "import:progress": ImportProgress;
  "import:done": ImportDone;
  "vault:status": VaultStatus;
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
    "backend:progress": toStartupProgress,
    "note:changed": toNoteChanged,
    "import:progress": toImportProgress,
    "import:done": toImportDone,
    "vault:status": toVaultStatus,
  };
  const convert = converters[name] as (d: unknown) => EventMap[K];
  try {
    return EventsOn(name, (data: unknown) => cb(convert(data)));
  } catch {
    // No Wails runtime (a plain browser during `vite dev`): nothing will ever fire.
    return () => {};
  }
}
