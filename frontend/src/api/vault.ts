// Vault folder: the live two-way mirror between the notes and a folder of
// Markdown files on disk — attaching and detaching it, its status (also
// announced by the "vault:status" event), the conflicts it kept, and the
// mass deletions it holds until confirmed.
import * as Vault from "../../wailsjs/go/app/VaultAPI";
import { call } from "./core";

/** VaultIssue is one file the mirror could not sync, and why (invalid UTF-8, too large, a symlink out of the vault…). */
export interface VaultIssue {
  path: string;
  message: string;
}

/** VaultStatus says whether a folder mirrors the vault and how the mirror is doing. */
export interface VaultStatus {
  /** path is the attached folder; "" when none is. */
  path: string;
  attached: boolean;
  /** watching is true while file system notifications arrive; polling while it rescans instead. */
  watching: boolean;
  polling: boolean;
  /** lag_events counts note changes not yet written to the folder. */
  lag_events: number;
  /** pending_external counts changes in the folder not yet taken into the notes. */
  pending_external: number;
  conflicts: number;
  /** pending_deletions counts files deleted outside the app that wait for a confirmation. */
  pending_deletions: number;
  last_error: string;
  issues: VaultIssue[];
}

/** VaultConflict is an edit of a note and of its file (or of another device's copy) that overlapped: the note kept its text, the other went to conflict_path. */
export interface VaultConflict {
  id: string;
  note_id: string;
  title: string;
  path: string;
  conflict_path: string;
  /** created is when the conflict was found (RFC 3339). */
  created: string;
  /** source is "folder", or "device:NAME" when device sync found it (the other text is in a conflict copy note). */
  source: string;
}

/** VaultConflictDetail is a conflict with both texts: the note's (at note_version) and the file's. */
export interface VaultConflictDetail extends VaultConflict {
  note_text: string;
  file_text: string;
  note_version: number;
}

/** ConflictChoice is how a conflict ends: keep the note's text, the file's, or both (the file's as a note of its own). */
export type ConflictChoice = "note" | "file" | "both";

/** DETACHED is the status of a vault without a folder. */
export const DETACHED: VaultStatus = {
  path: "",
  attached: false,
  watching: false,
  polling: false,
  lag_events: 0,
  pending_external: 0,
  conflicts: 0,
  pending_deletions: 0,
  last_error: "",
  issues: [],
};

const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** toVaultStatus reads a status from the backend, every field possibly missing (the event's payload is untyped JSON). */
export function toVaultStatus(data: unknown): VaultStatus {
  const d = (data ?? {}) as Record<string, unknown>;
  const issues = Array.isArray(d.issues) ? d.issues : [];
  return {
    path: str(d.path),
    attached: d.attached === true,
    watching: d.watching === true,
    polling: d.polling === true,
    lag_events: num(d.lag_events),
    pending_external: num(d.pending_external),
    conflicts: num(d.conflicts),
    pending_deletions: num(d.pending_deletions),
    last_error: str(d.last_error),
    issues: issues.map((i: unknown) => {
      const o = (i ?? {}) as Record<string, unknown>;
      return { path: str(o.path), message: str(o.message) };
    }),
  };
}

function toConflict(data: unknown): VaultConflict {
  const d = (data ?? {}) as Record<string, unknown>;
  return { id: str(d.id), note_id: str(d.note_id), title: str(d.title), path: str(d.path), conflict_path: str(d.conflict_path), created: str(d.created), source: str(d.source) || "folder" };
}

/** vaultStatus reports the attached folder and the mirror's state. */
export async function vaultStatus(): Promise<VaultStatus> {
  return toVaultStatus(await call(() => Vault.Status()));
}

/** chooseVaultFolder asks for a folder with the system's picker and attaches it; the status is unchanged when the person cancels. */
export async function chooseVaultFolder(): Promise<VaultStatus> {
  return toVaultStatus(await call(() => Vault.ChooseAndAttach()));
}

/** attachVault imports a folder and keeps it in step with the notes; "invalid" for a folder the vault cannot use (/, the data folder, one attached elsewhere). */
export async function attachVault(path: string): Promise<VaultStatus> {
  return toVaultStatus(await call(() => Vault.Attach(path)));
}

/** detachVault stops the mirror; the files and the notes both stay. */
export async function detachVault(): Promise<VaultStatus> {
  return toVaultStatus(await call(() => Vault.Detach()));
}

/** syncVault runs one reconciliation pass in both directions now. */
export async function syncVault(): Promise<VaultStatus> {
  return toVaultStatus(await call(() => Vault.SyncNow()));
}

/** vaultConflicts lists the open conflicts. */
export async function vaultConflicts(): Promise<VaultConflict[]> {
  return ((await call(() => Vault.Conflicts())) ?? []).map(toConflict);
}

/** vaultConflict reads a conflict with the note's and the file's text. */
export async function vaultConflict(id: string): Promise<VaultConflictDetail> {
  const d = await call(() => Vault.Conflict(id));
  return { ...toConflict(d), note_text: str(d?.note_text), file_text: str(d?.file_text), note_version: num(d?.note_version) };
}

/** resolveVaultConflict ends a conflict by keeping the note's text, the file's, or both. */
export async function resolveVaultConflict(id: string, keep: ConflictChoice): Promise<void> {
  await call(() => Vault.ResolveConflict(id, keep));
}

/** confirmVaultDeletions applies the held mass deletion (the notes go to the trash) or restores the files (apply false). */
export async function confirmVaultDeletions(apply: boolean): Promise<VaultStatus> {
  return toVaultStatus(await call(() => Vault.ConfirmDeletions(apply)));
}
