import type { VaultStatus } from "../api";

/** folderName is the last part of a folder's path, with / or \ separators. */
export function folderName(path: string): string {
  const parts = path.split(/[\\/]+/).filter((p) => p !== "");
  return parts[parts.length - 1] ?? path;
}

/** plural is "1 conflict", "2 conflicts". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** vaultState is what the mirror does: watching, polling (no file notifications), or paused with why. */
export function vaultState(s: VaultStatus): { text: string; bad: boolean } {
  if (s.watching) return { text: "watching", bad: false };
  if (s.polling) return { text: "polling", bad: false };
  return { text: s.last_error ? `paused: ${s.last_error}` : "paused", bad: true };
}

/** VaultStatusItemProps: the status, and what its buttons open. */
export interface VaultStatusItemProps {
  status: VaultStatus | null;
  /** onConflicts opens the Conflicts view. */
  onConflicts(): void;
  /** onDetails opens the settings (the Vault folder section). */
  onDetails?(): void;
  /** onDeletions brings the held deletions' question forward. */
  onDeletions?(): void;
}

/**
 * VaultStatusItem is the status bar's word on the vault folder: its name,
 * whether it is watched, polled or paused (and why), how far either side is
 * behind, the conflicts (a click opens them) and any held mass deletion.
 * Nothing shows for a vault without a folder.
 */
export function VaultStatusItem({ status, onConflicts, onDetails, onDeletions }: VaultStatusItemProps) {
  if (!status?.attached) return null;
  const state = vaultState(status);
  const behind = status.lag_events + status.pending_external;
  const detail = [
    status.path,
    `${status.lag_events.toLocaleString()} note changes not yet written to the folder`,
    `${status.pending_external.toLocaleString()} file changes not yet read`,
    status.last_error && `Last error: ${status.last_error}`,
  ]
    .filter(Boolean)
    .join("\n");
  return (
    <span className="status-vault">
      <button
        type="button"
        className={`status-details${state.bad || status.last_error ? " status-warn" : ""}`}
        aria-label="Vault folder status"
        title={detail}
        onClick={onDetails}
      >
        Vault {folderName(status.path)} · {state.text}
        {behind > 0 && ` · ${behind.toLocaleString()} behind`}
        {!state.bad && status.last_error && " ⚠"}
      </button>
      {status.conflicts > 0 && (
        <button type="button" className="status-details status-warn" onClick={onConflicts} title="Review the conflicts between notes and their files">
          {plural(status.conflicts, "conflict")}
        </button>
      )}
      {status.pending_deletions > 0 && (
        <button
          type="button"
          className="status-details status-warn"
          onClick={onDeletions}
          title="Files were deleted outside the app; nothing is deleted here until you confirm"
        >
          ⚠ {plural(status.pending_deletions, "deletion")} held
        </button>
      )}
    </span>
  );
}
