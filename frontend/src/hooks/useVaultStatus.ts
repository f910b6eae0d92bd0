import { useCallback, useEffect, useRef, useState } from "react";
import { onEvent, parseError, vaultStatus, type AppError, type VaultStatus } from "../api";

/** VaultStatusState is the vault folder's status as the UI knows it, and a way to set it from an action's answer. */
export interface VaultStatusState {
  /** status is null until the backend answered (or while it cannot). */
  status: VaultStatus | null;
  /** error is why the status could not be read (null once it was). */
  error: AppError | null;
  /** set takes the status an action (attach, sync, detach…) returned. */
  set(s: VaultStatus): void;
}

/**
 * useVaultStatus asks for the vault folder's status when mounted and when
 * the backend becomes ready, then follows the "vault:status" event the
 * backend sends on every change. A status that cannot be read leaves null
 * (and says why in error): the vault UI shows nothing rather than a guess.
 */
export function useVaultStatus(): VaultStatusState {
  const [status, setStatus] = useState<VaultStatus | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  // How many "vault:status" events came: an answer read before the latest
  // event must not replace what it said.
  const events = useRef(0);
  useEffect(() => {
    let live = true;
    // An event newer than the first answer wins over it.
    let heard = false;
    const load = () =>
      vaultStatus().then(
        (s) => {
          if (!live) return;
          setError(null);
          if (!heard) setStatus(s);
        },
        (e: unknown) => live && setError(parseError(e)),
      );
    void load();
    const offReady = onEvent("backend:ready", () => {
      heard = false;
      void load();
    });
    const offStatus = onEvent("vault:status", (s) => {
      heard = true;
      events.current++;
      if (!live) return;
      setError(null);
      setStatus(s);
    });
    return () => {
      live = false;
      offReady();
      offStatus();
    };
  }, []);
  // An action's answer may be older than an event the action itself caused
  // (attaching starts the watcher, which reports "watching" at once): take
  // the answer, then read the status again, kept unless an event came since.
  const set = useCallback((s: VaultStatus) => {
    setStatus(s);
    const seen = events.current;
    vaultStatus().then(
      (now) => {
        if (events.current === seen) setStatus(now);
      },
      () => {},
    );
  }, []);
  return { status, error, set };
}
