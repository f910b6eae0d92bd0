import type { AppError } from "../api";

/** ErrorLine shows an error's message as an alert; nothing when there is none. */
export function ErrorLine({ error }: { error: AppError | null }) {
  if (!error) return null;
  return (
    <p className="inline-error" role="alert">
      {error.message}
    </p>
  );
}
