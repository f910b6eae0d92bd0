import type { AppError } from "../api";

/** SaveRowProps: the button's text, whether there is anything to save, and how the last save went. */
export interface SaveRowProps {
  label: string;
  changed: boolean;
  done: boolean;
  error: AppError | null;
  onSave(): void;
}

/** SaveRow is a Settings section's own save button, with "Saved." or the error beside it. */
export function SaveRow({ label, changed, done, error, onSave }: SaveRowProps) {
  return (
    <div className="row">
      <button type="button" disabled={!changed} onClick={onSave}>
        {label}
      </button>
      {done && <span className="ok">Saved.</span>}
      {error && (
        <span className="inline-error" role="alert">
          {error.message}
        </span>
      )}
    </div>
  );
}
