import { useState } from "react";
import { confirmSyncTrash, parseError, setupSync, syncNow, type AppError, type SyncStatus } from "../api";
import { useSyncStatus } from "../hooks/useSyncStatus";
import { ErrorLine } from "./ErrorLine";
import { sinceText } from "./SyncStatusItem";
import { plural } from "./VaultStatusItem";

/** syncSummary is the settings' line on a set-up device: what went out, what came in, what waits. */
export function syncSummary(s: SyncStatus, now = Date.now()): string {
  const parts = [
    `last sync ${sinceText(s.last_sync_at, now)}`,
    `${plural(s.pending_out, "change")} to send, ${plural(s.pending_in, "change")} to receive`,
  ];
  if (s.conflicts > 0) parts.push(plural(s.conflicts, "conflict"));
  if (s.pending_trash > 0) parts.push(`${plural(s.pending_trash, "trashed note")} held`);
  return parts.join(" · ");
}

/**
 * SyncSettings is the settings' "Device sync" section: set this device up
 * with a hub (any PostgreSQL the user can reach), a device name and the
 * sync passphrase — the first device gets the recovery code, shown once —
 * or, once set up, its state, Sync now, and the trash another device made,
 * held until confirmed.
 */
export function SyncSettings() {
  const { status, error: statusError, set } = useSyncStatus();
  const [hub, setHub] = useState("");
  const [device, setDevice] = useState("");
  const [pass, setPass] = useState("");
  const [pass2, setPass2] = useState("");
  const [busy, setBusy] = useState<"" | "setup" | "sync" | "trash">("");
  const [error, setError] = useState<AppError | null>(null);
  const [note, setNote] = useState("");
  const [recovery, setRecovery] = useState("");

  const run = async (what: "sync" | "trash", f: () => Promise<SyncStatus>, done: string) => {
    setBusy(what);
    setError(null);
    setNote("");
    try {
      set(await f());
      setNote(done);
    } catch (e) {
      setError(parseError(e));
    } finally {
      setBusy("");
    }
  };

  const setup = async () => {
    setBusy("setup");
    setError(null);
    setNote("");
    try {
      const r = await setupSync(hub.trim(), device.trim(), pass);
      set(r.status);
      setPass("");
      setPass2("");
      if (r.created) setRecovery(r.recovery_code);
      setNote(r.created ? `Made a new vault on the hub; this device is "${r.device}".` : `Joined the vault on the hub as "${r.device}".`);
    } catch (e) {
      setError(parseError(e));
    } finally {
      setBusy("");
    }
  };

  const mismatch = pass !== "" && pass2 !== "" && pass !== pass2;
  const ready = hub.trim() !== "" && device.trim() !== "" && pass !== "" && pass === pass2;

  return (
    <fieldset aria-label="Device sync">
      <legend>Device sync</legend>
      {status === null ? (
        <p className="status-line muted">{statusError ? `Device sync's status is not available: ${statusError.message}` : "…"}</p>
      ) : !status.configured ? (
        <>
          <p className="status-line muted">
            Keep this device's notes in step with your other devices through a hub: any PostgreSQL 15 or later you can reach (a home server, a
            managed database). Everything is encrypted on the device with your sync passphrase; the hub sees only sizes and order. Use the same
            hub and passphrase on every device.
          </p>
          <form
            className="sync-setup"
            onSubmit={(e) => {
              e.preventDefault();
              if (ready) void setup();
            }}
          >
            <label>
              Hub
              <input aria-label="Hub address" placeholder="postgres://me@home-server/brain?sslmode=require" value={hub} onChange={(e) => setHub(e.target.value)} />
            </label>
            <label>
              Device name
              <input aria-label="Device name" placeholder="Laptop" value={device} onChange={(e) => setDevice(e.target.value)} />
            </label>
            <label>
              Sync passphrase
              <input aria-label="Sync passphrase" type="password" autoComplete="new-password" value={pass} onChange={(e) => setPass(e.target.value)} />
            </label>
            <label>
              Passphrase again
              <input aria-label="Sync passphrase again" type="password" autoComplete="new-password" value={pass2} onChange={(e) => setPass2(e.target.value)} />
            </label>
            {mismatch && <p className="status-line status-warn">The two passphrases differ.</p>}
            <div className="row">
              <button type="submit" disabled={busy !== "" || !ready}>
                {busy === "setup" ? "Setting up…" : "Set up sync"}
              </button>
            </div>
          </form>
        </>
      ) : (
        <>
          <p className="status-line">
            Device <strong aria-label="Sync device">{status.device}</strong> on <code aria-label="Sync hub">{status.hub}</code>
          </p>
          <p className={`status-line${status.last_error ? " status-warn" : ""}`} aria-label="Sync status">
            {syncSummary(status)}
          </p>
          {status.last_error && <p className="status-line status-warn">Last error: {status.last_error}</p>}
          <div className="row">
            <button type="button" disabled={busy !== ""} onClick={() => void run("sync", syncNow, "Synced.")}>
              {busy === "sync" ? "Syncing…" : "Sync now"}
            </button>
          </div>
          {status.pending_trash > 0 && (
            <div className="sync-trash" role="group" aria-label="Held trash">
              <p className="status-line status-warn">
                Another device moved {plural(status.pending_trash, "note")} to the trash at once. Nothing is trashed here until you say so.
              </p>
              <div className="row">
                <button type="button" disabled={busy !== ""} onClick={() => void run("trash", () => confirmSyncTrash(true), "Moved to the trash.")}>
                  Trash them here too
                </button>
                <button type="button" disabled={busy !== ""} onClick={() => void run("trash", () => confirmSyncTrash(false), "Kept on every device.")}>
                  Keep them
                </button>
              </div>
            </div>
          )}
        </>
      )}
      {recovery && (
        <div className="sync-recovery" role="alert" aria-label="Recovery code">
          <p>
            Your recovery code — shown this once. Keep it somewhere safe: it unlocks the vault on a new device if the passphrase is lost.
          </p>
          <p>
            <code className="recovery-code">{recovery}</code>
          </p>
          <button type="button" onClick={() => setRecovery("")}>
            I have saved it
          </button>
        </div>
      )}
      {note && (
        <p className="ok" role="status">
          {note}
        </p>
      )}
      <ErrorLine error={error} />
    </fieldset>
  );
}
