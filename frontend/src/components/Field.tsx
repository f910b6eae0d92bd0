import type { InputHTMLAttributes, ReactNode } from "react";

/** FieldProps: the visible label, and everything the input takes (its aria-label, value, onChange…). */
export type FieldProps = { label: ReactNode } & InputHTMLAttributes<HTMLInputElement>;

/** Field is a settings form's labelled input: the label's text, a space, the input. */
export function Field({ label, ...input }: FieldProps) {
  return (
    <label>
      {label} <input {...input} />
    </label>
  );
}
