import { useEffect, useRef } from "react";

/** ConfirmDialogProps: the question, the confirming button's label and the answer. */
export interface ConfirmDialogProps {
  message: string;
  yes: string;
  onAnswer(ok: boolean): void;
}

/** ConfirmDialog asks a yes/no question inside the app (never window.confirm): Enter confirms, Escape cancels. */
export function ConfirmDialog({ message, yes, onAnswer }: ConfirmDialogProps) {
  const ok = useRef<HTMLButtonElement>(null);
  useEffect(() => ok.current?.focus(), []);
  return (
    <div className="overlay" role="presentation" onMouseDown={() => onAnswer(false)}>
      <div
        className="palette confirm"
        role="alertdialog"
        aria-modal="true"
        aria-label="Confirm"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            onAnswer(false);
          }
        }}
      >
        <p>{message}</p>
        <div className="banner-actions">
          <button ref={ok} type="button" className="primary" onClick={() => onAnswer(true)}>
            {yes}
          </button>
          <button type="button" onClick={() => onAnswer(false)}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
