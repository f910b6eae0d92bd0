import type { ChangeEvent, KeyboardEvent, ReactNode } from "react";

/** PaletteDialogProps: the dialog's and the filter input's labels, the input's state, and the list (and any message) below it. */
export interface PaletteDialogProps {
  label: string;
  inputLabel: string;
  placeholder: string;
  value: string;
  onChange(e: ChangeEvent<HTMLInputElement>): void;
  onKeyDown(e: KeyboardEvent<HTMLInputElement>): void;
  onClose(): void;
  children: ReactNode;
}

/**
 * PaletteDialog is the frame of the command palette, the quick switcher and
 * the template picker: an overlay that closes on a click outside, and a
 * dialog with a filter input above its list.
 */
export function PaletteDialog({ label, inputLabel, placeholder, value, onChange, onKeyDown, onClose, children }: PaletteDialogProps) {
  return (
    <div className="overlay" role="presentation" onMouseDown={onClose}>
      <div className="palette" role="dialog" aria-label={label} onMouseDown={(e) => e.stopPropagation()}>
        <input autoFocus aria-label={inputLabel} placeholder={placeholder} value={value} onChange={onChange} onKeyDown={onKeyDown} />
        {children}
      </div>
    </div>
  );
}
