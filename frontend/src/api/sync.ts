// Device sync: this device's notes kept in step with the user's other
// devices through a hub on their own PostgreSQL, end-to-end encrypted —
// setting it up, its status, a pass now, and trash from another device held
// until confirmed.
import * as Sync from "../../wailsjs/go/app/SyncAPI";
import { call } from "./core";

/** SyncStatus is device sync's state (the JSON of `secondbrain sync status --json`, plus whether it is set up). */
export interface SyncStatus {
  configured: boolean;
  /** hub is the hub's address without its password. */
  hub: string;
  device: string;
  pushed_seq: number;
  pulled_seq: number;
  /** pending_out counts this device's changes not yet on the hub; pending_in the others' not yet here. */
  pending_out: number;
  pending_in: number;
  conflicts: number;
  /** pending_trash counts notes another device trashed in bulk, waiting for a confirmation here. */
  pending_trash: number;
  last_error: string;
  /** last_sync_at is when the last pass succeeded (RFC 3339), "" for never. */
  last_sync_at: string;
}

/** SyncSetup is what setting up did; recovery_code is shown once, to the device that made the vault. */
export interface SyncSetup {
  created: boolean;
  device: string;
  recovery_code: string;
  status: SyncStatus;
}

/** NOT_SET_UP is the status of a device without sync. */
export const NOT_SET_UP: SyncStatus = {
  configured: false,
  hub: "",
  device: "",
  pushed_seq: 0,
  pulled_seq: 0,
  pending_out: 0,
  pending_in: 0,
  conflicts: 0,
  pending_trash: 0,
  last_error: "",
  last_sync_at: "",
};

const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** toSyncStatus reads a status from the backend, every field possibly missing. */
export function toSyncStatus(data: unknown): SyncStatus {
  const d = (data ?? {}) as Record<string, unknown>;
  return {
    configured: d.configured === true,
    hub: str(d.hub),
    device: str(d.device),
    pushed_seq: num(d.pushed_seq),
    pulled_seq: num(d.pulled_seq),
    pending_out: num(d.pending_out),
    pending_in: num(d.pending_in),
    conflicts: num(d.conflicts),
    pending_trash: num(d.pending_trash),
    last_error: str(d.last_error),
    last_sync_at: str(d.last_sync_at),
  };
}

/** syncStatus reports device sync's state. */
export async function syncStatus(): Promise<SyncStatus> {
  return toSyncStatus(await call(() => Sync.Status()));
}

/** setupSync joins this device to the vault on the hub (making it when the hub holds none); "invalid" for a wrong passphrase, which changes nothing. */
export async function setupSync(hub: string, device: string, passphrase: string): Promise<SyncSetup> {
  const d = await call(() => Sync.Setup(hub, device, passphrase));
  return { created: d?.created === true, device: str(d?.device), recovery_code: str(d?.recovery_code), status: toSyncStatus(d?.status) };
}

/** syncNow runs one push-and-pull pass. */
export async function syncNow(): Promise<SyncStatus> {
  return toSyncStatus(await call(() => Sync.SyncNow()));
}

/** confirmSyncTrash applies the trash another device made (apply) or keeps the notes on every device. */
export async function confirmSyncTrash(apply: boolean): Promise<SyncStatus> {
  return toSyncStatus(await call(() => Sync.ConfirmTrash(apply)));
}
