import { useState } from "react";
import { attachVault, chooseVaultFolder, detachVault, parseError, syncVault, type AppError, type VaultStatus } from "../api";
import { useVaultStatus } from "../hooks/useVaultStatus";
import { ConfirmDialog } from "./ConfirmDialog";
import { ErrorLine } from "./ErrorLine";
import { plural, vaultState } from "./VaultStatusItem";

/** vaultLine is the settings' one line on the mirror: its state, the folder, and how far behind either side is. */
export function vaultLine(s: VaultStatus): string {
  const state = vaultState(s);
  const parts = [`● ${state.text}`];
  if (!s.watching && s.polling) parts.push("file notifications are unavailable, so the folder is rescanned regularly");
  parts.push(`${plural(s.lag_events, "note change")} to write, ${plural(s.pending_external, "file change")} to read`);
  if (s.conflicts > 0) parts.push(plural(s.conflicts, "conflict"));
  if (s.pending_deletions > 0) parts.push(`${plural(s.pending_deletions, "deletion")} held`);
  return parts.join(" · ");
}

/**
 * VaultSettings is the settings' "Vault folder" section: attach a folder of
 * Markdown files (typed or picked) so it and the notes stay in step both
 * ways, or for an attached one its path, whether it is watched or polled,
 * Sync now, Detach and the files it could not sync.
 */
export function VaultSettings() {
  const { status, error: statusError, set } = useVaultStatus();
  const [path, setPath] = useState("");
  const [busy, setBusy] = useState<"" | "attach" | "sync" | "detach">("");
  const [error, setError] = useState<AppError | null>(null);
  const [note, setNote] = useState("");
  const [confirmDetach, setConfirmDetach] = useState(false);

  const act = async (what: "attach" | "sync" | "detach", f: () => Promise<VaultStatus>, done = "") => {
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

  return (
    <fieldset aria-label="Vault folder">
      <legend>Vault folder</legend>
      {status === null ? (
        <p className="status-line muted">{statusError ? `The vault folder's status is not available: ${statusError.message}` : "…"}</p>
      ) : !status.attached ? (
        <>
          <p className="status-line muted">
            No folder: the notes live in the app's database. Open a folder of Markdown files (an Obsidian vault works) as the vault and
            it stays in step both ways — edits in other editors, sync tools or git show up here, and the app's edits are written back.
          </p>
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              if (path.trim()) void act("attach", () => attachVault(path.trim()), "Attached: the folder's notes are coming in.");
            }}
          >
            <input aria-label="Vault folder path" placeholder="/home/me/Notes" value={path} onChange={(e) => setPath(e.target.value)} />
            <button type="submit" disabled={busy !== "" || !path.trim()}>
              {busy === "attach" ? "Attaching…" : "Attach"}
            </button>
            <button type="button" disabled={busy !== ""} onClick={() => void act("attach", chooseVaultFolder)}>
              Choose…
            </button>
          </form>
        </>
      ) : (
        <>
          <p className="status-line">
            <code aria-label="Attached folder">{status.path}</code>
          </p>
          <p className={`status-line${vaultState(status).bad ? " status-warn" : ""}`} aria-label="Vault status">
            {vaultLine(status)}
          </p>
          {status.last_error && vaultState(status).text !== `paused: ${status.last_error}` && (
            <p className="status-line status-warn">Last error: {status.last_error}</p>
          )}
          <div className="row">
            <button type="button" disabled={busy !== ""} onClick={() => void act("sync", syncVault, "Synced.")}>
              {busy === "sync" ? "Syncing…" : "Sync now"}
            </button>
            <button type="button" disabled={busy !== ""} onClick={() => setConfirmDetach(true)}>
              Detach
            </button>
          </div>
          {status.issues.length > 0 && (
            <>
              <p className="status-line">{plural(status.issues.length, "file")} not synced:</p>
              <ul className="vault-issues" aria-label="Vault issues">
                {status.issues.map((i) => (
                  <li key={i.path + i.message}>
                    <code>{i.path}</code> — {i.message}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      {note && (
        <p className="ok" role="status">
          {note}
        </p>
      )}
      <ErrorLine error={error} />
      {confirmDetach && (
        <ConfirmDialog
          message="Stop keeping the folder and the notes in step? Both stay as they are now; later edits on one side no longer reach the other."
          yes="Detach"
          onAnswer={(ok) => {
            setConfirmDetach(false);
            if (ok) void act("detach", detachVault, "Detached.");
          }}
        />
      )}
    </fieldset>
  );
}
