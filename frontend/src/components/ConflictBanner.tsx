import { useState } from "react";

/** ConflictBannerProps: the two ways out of a conflicting save. */
export interface ConflictBannerProps {
  onLoadTheirs(): Promise<void>;
  onKeepMine(): Promise<void>;
}

/**
 * ConflictBanner tells the user the note changed elsewhere while they typed,
 * and lets them pick whose text wins. Nothing is overwritten until they do.
 */
export function ConflictBanner({ onLoadTheirs, onKeepMine }: ConflictBannerProps) {
  const [busy, setBusy] = useState(false);
  const run = (fn: () => Promise<void>) => async () => {
    setBusy(true);
    try {
      await fn();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="banner banner-conflict" role="alert">
      <span>
        <strong>This note was changed elsewhere.</strong> Your text is kept here, unsaved.
      </span>
      <span className="banner-actions">
        <button type="button" disabled={busy} onClick={run(onLoadTheirs)} title="Discard my text and load the stored note">
          Load theirs
        </button>
        <button type="button" className="primary" disabled={busy} onClick={run(onKeepMine)} title="Save my text on top of the latest version">
          Keep mine
        </button>
      </span>
    </div>
  );
}
