import type { AppError } from "../api";
import type { SaveStatus } from "../editing/AutosaveSession";

const labels: Record<SaveStatus, string> = {
  saved: "Saved",
  dirty: "Edited",
  saving: "Saving…",
  error: "Error",
  conflict: "Conflict",
};

/** SaveIndicator shows whether the open note's text is stored. */
export function SaveIndicator({ status, error }: { status: SaveStatus; error: AppError | null }) {
  return (
    <span className={`save-indicator save-${status}`} role="status" title={status === "error" && error ? error.message : undefined}>
      {labels[status]}
    </span>
  );
}
