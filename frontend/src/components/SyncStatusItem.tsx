import type { SyncStatus } from "../api";
import { useSyncStatus } from "../hooks/useSyncStatus";
import { plural } from "./VaultStatusItem";

/** sinceText says how long ago an RFC 3339 time was, coarsely ("just now", "5 min ago", "3 h ago", a date). */
export function sinceText(at: string, now = Date.now()): string {
  const t = Date.parse(at);
  if (!at || Number.isNaN(t)) return "never";
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(t).toLocaleDateString();
}

/** syncLine is the bar's word on device sync: offline with what waits, behind, or in step. */
export function syncLine(s: SyncStatus, now = Date.now()): { text: string; bad: boolean } {
  if (s.last_error) {
    return { text: s.pending_out > 0 ? `Sync offline · ${plural(s.pending_out, "change")} waiting` : "Sync offline", bad: true };
  }
  if (s.pending_out > 0 || s.pending_in > 0) return { text: `Syncing · ${(s.pending_out + s.pending_in).toLocaleString()} to go`, bad: false };
  return { text: `Synced ${sinceText(s.last_sync_at, now)}`, bad: false };
}

/** SyncStatusItemProps: what its buttons open. */
export interface SyncStatusItemProps {
  /** onDetails opens the settings (the Device sync section). */
  onDetails?(): void;
  /** onConflicts opens the Conflicts view. */
  onConflicts?(): void;
  /** status, when given, replaces the item's own reading (tests, a parent that has it). */
  status?: SyncStatus | null;
}

/**
 * SyncStatusItem is the status bar's word on device sync: "N changes
 * waiting" while the hub cannot be reached, how much is still to go, or
 * when it last synced; the conflicts and any held trash. Nothing shows on
 * a device without sync.
 */
export function SyncStatusItem({ onDetails, onConflicts, status }: SyncStatusItemProps) {
  const own = useSyncStatus();
  const s = status === undefined ? own.status : status;
  if (!s?.configured) return null;
  const line = syncLine(s);
  const detail = [
    `Device ${s.device} on ${s.hub}`,
    `${s.pending_out.toLocaleString()} changes of this device not yet on the hub`,
    `${s.pending_in.toLocaleString()} changes of other devices not yet here`,
    s.last_error && `Last error: ${s.last_error}`,
  ]
    .filter(Boolean)
    .join("\n");
  return (
    <span className="status-sync">
      <button type="button" className={`status-details${line.bad ? " status-warn" : ""}`} aria-label="Device sync status" title={detail} onClick={onDetails}>
        {line.text}
      </button>
      {s.conflicts > 0 && (
        <button type="button" className="status-details status-warn" onClick={onConflicts} title="Edits made on two devices that overlapped">
          {plural(s.conflicts, "sync conflict")}
        </button>
      )}
      {s.pending_trash > 0 && (
        <button type="button" className="status-details status-warn" onClick={onDetails} title="Another device trashed many notes; nothing is trashed here until you confirm">
          ⚠ {plural(s.pending_trash, "trashed note")} held
        </button>
      )}
    </span>
  );
}
