import { useState } from "react";
import { parseError, type AppError } from "../api";

/**
 * useBusyAction runs one async action at a time: busy is true while it runs
 * (a second call meanwhile does nothing), and a failure goes to onError.
 */
export function useBusyAction(onError: (err: AppError) => void): { busy: boolean; run(action: () => Promise<void>): Promise<void> } {
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    try {
      await action();
    } catch (err) {
      onError(parseError(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}
