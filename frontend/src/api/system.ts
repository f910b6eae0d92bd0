// System: whether the backend is up, the background indexer, and what the
// desktop shell offers (clipboard, the system browser).
import * as System from "../../wailsjs/go/app/SystemAPI";
import type { app, stack } from "../../wailsjs/go/models";
import { BrowserOpenURL, ClipboardSetText } from "../../wailsjs/runtime/runtime";
import { type AppError, call, parseError } from "./core";

/** PostgresStatus says how the note store's PostgreSQL runs. */
export type PostgresStatus = Pick<stack.PostgresStatus, "ok" | "mode" | "version" | "data_dir" | "owned" | "error">;

/** Status is what the status bar shows about the backend. */
export interface Status {
  ready: boolean;
  error: AppError | null;
  postgres: PostgresStatus;
  /** server says in full which PostgreSQL runs (version, data dir or host; never a password). */
  server?: string;
  version: string;
}

/** IndexerState is what the background indexer is doing. */
export type IndexerState = app.IndexerState;

/** postgresOrStopped is the status of a PostgreSQL the backend did not describe. */
export function postgresOrStopped(p: PostgresStatus | null | undefined): PostgresStatus {
  return p ?? { ok: false, mode: "", owned: false };
}

/** getStatus reports whether the backend is up and how PostgreSQL runs. */
export async function getStatus(): Promise<Status> {
  const s = await call(() => System.Status());
  return {
    ready: Boolean(s?.ready),
    error: s?.error ? parseError(s.error) : null,
    postgres: postgresOrStopped(s?.postgres),
    server: s?.server ?? "",
    version: s?.version ?? "",
  };
}

/** StartupProgress is the step of the backend's start under way ("create", "sync", "start", "database", "migrate", "services"; "ready" once done). */
export interface StartupProgress {
  phase: string;
  /** fraction estimates how much of the start is done, 0 to 1. */
  fraction: number;
  message: string;
  /** done: the start ended (getStatus tells how). */
  done: boolean;
}

/** toStartupProgress reads a start-up step from the backend (a bound call's answer or a "backend:progress" payload). */
export function toStartupProgress(data: unknown): StartupProgress {
  const d = (data ?? {}) as Partial<Record<keyof StartupProgress, unknown>>;
  const fraction = typeof d.fraction === "number" && Number.isFinite(d.fraction) ? Math.min(1, Math.max(0, d.fraction)) : 0;
  return {
    phase: typeof d.phase === "string" ? d.phase : "",
    fraction,
    message: typeof d.message === "string" ? d.message : "",
    done: d.done === true,
  };
}

/** getStartup returns the step of the backend's start under way, at once (getStatus waits for the start). */
export async function getStartup(): Promise<StartupProgress> {
  return toStartupProgress(await call(() => System.Startup()));
}

/** setIndexingPaused pauses or resumes the background embedding of notes and returns its new state. */
export async function setIndexingPaused(paused: boolean): Promise<IndexerState> {
  return await call(() => System.SetIndexingPaused(paused));
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
