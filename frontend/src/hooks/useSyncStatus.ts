import { useCallback, useEffect, useState } from "react";
import { onEvent, parseError, syncStatus, type AppError, type SyncStatus } from "../api";

/** SYNC_POLL_MS is how often device sync's status is read again. */
export const SYNC_POLL_MS = 5000;

/** SyncStatusState is device sync's status as the UI knows it, and a way to set it from an action's answer. */
export interface SyncStatusState {
  /** status is null until the backend answered. */
  status: SyncStatus | null;
  /** error is why the status could not be read (null once it was). */
  error: AppError | null;
  /** set takes the status an action (setup, sync now…) returned. */
  set(s: SyncStatus): void;
}

/**
 * useSyncStatus reads device sync's status when mounted, when the backend
 * becomes ready and every SYNC_POLL_MS: the background sync changes it
 * without telling (a pass, the hub going away).
 */
export function useSyncStatus(pollMs = SYNC_POLL_MS): SyncStatusState {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      syncStatus().then(
        (s) => {
          if (!live) return;
          setError(null);
          setStatus(s);
        },
        (e: unknown) => live && setError(parseError(e)),
      );
    void load();
    const off = onEvent("backend:ready", () => void load());
    const timer = setInterval(() => void load(), pollMs);
    return () => {
      live = false;
      off();
      clearInterval(timer);
    };
  }, [pollMs]);
  const set = useCallback((s: SyncStatus) => {
    setError(null);
    setStatus(s);
  }, []);
  return { status, error, set };
}
