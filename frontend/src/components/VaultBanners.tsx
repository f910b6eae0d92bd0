import { useState } from "react";
import { confirmVaultDeletions, parseError, type AppError, type VaultStatus } from "../api";
import { plural } from "./VaultStatusItem";

/** DELETIONS_BUTTON_ID is the id of the held deletions' safe button (restore), which the status bar focuses. */
export const DELETIONS_BUTTON_ID = "vault-deletions-restore";

/** VaultBannersProps: the vault's status, where conflicts open, and the status an answer returns. */
export interface VaultBannersProps {
  status: VaultStatus | null;
  onOpenConflicts(): void;
  onStatus(s: VaultStatus): void;
}

/**
 * VaultBanners are the vault folder's notices above the note: a mass
 * deletion from outside waits here until applied or undone (never
 * dismissed), and conflicts are announced with a way to review them — a
 * notice that can be dismissed for the session and comes back when more
 * conflicts arrive.
 */
export function VaultBanners({ status, onOpenConflicts, onStatus }: VaultBannersProps) {
  // The number of conflicts when the banner was dismissed: it stays away until there are more.
  const [dismissedAt, setDismissedAt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const conflicts = status?.conflicts ?? 0;
  // Fewer conflicts than when dismissed (some resolved): a new one shows the banner again.
  if (conflicts < dismissedAt) setDismissedAt(conflicts);
  if (!status?.attached) return null;

  const answer = async (apply: boolean) => {
    setBusy(true);
    setError(null);
    try {
      onStatus(await confirmVaultDeletions(apply));
    } catch (e) {
      setError(parseError(e));
    } finally {
      setBusy(false);
    }
  };
  const deletions = status.pending_deletions;
  return (
    <>
      {deletions > 0 && (
        <div className="banner banner-conflict" role="alert" aria-label="Deletions held">
          <span>
            <strong>{plural(deletions, "file was", "files were")} deleted outside the app — apply or restore?</strong> So many at once looks
            like an accident (an unplugged drive, a sync tool, a checkout), so nothing was deleted in the app yet.
            {error && <span className="inline-error"> {error.message}</span>}
          </span>
          <span className="banner-actions">
            <button
              id={DELETIONS_BUTTON_ID}
              type="button"
              disabled={busy}
              onClick={() => void answer(false)}
              title="Write the files back into the folder from the notes"
            >
              Restore the files
            </button>
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={() => void answer(true)}
              title="Move their notes to the trash, as the folder says"
            >
              Apply the deletions
            </button>
          </span>
        </div>
      )}
      {conflicts > dismissedAt && (
        <div className="banner banner-conflict" role="status" aria-label="Vault conflicts">
          <span>
            <strong>
              {conflicts === 1 ? "A note and its file were" : `${conflicts.toLocaleString()} notes and their files were`} both changed in the same
              lines.
            </strong>{" "}
            {conflicts === 1
              ? "Nothing was lost: the note kept the app's text, the file's text waits beside it."
              : "Nothing was lost: the notes kept the app's text, the files' text waits beside them."}
          </span>
          <span className="banner-actions">
            <button type="button" className="primary" onClick={onOpenConflicts}>
              Review conflicts
            </button>
            <button type="button" onClick={() => setDismissedAt(conflicts)} aria-label="Dismiss the conflicts notice for this session">
              Dismiss
            </button>
          </span>
        </div>
      )}
    </>
  );
}
