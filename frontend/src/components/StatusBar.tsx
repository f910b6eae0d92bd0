import { useEffect, useState } from "react";
import { getStatus, onEvent, parseError, type Status } from "../api";

/** StatusBar shows how the backend runs: PostgreSQL's mode and version, or why it is down. */
export function StatusBar() {
  const [status, setStatus] = useState<Status | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const load = () =>
      getStatus().then(
        (s) => {
          if (!live) return;
          setStatus(s);
          setFailure(null);
        },
        (e: unknown) => live && setFailure(parseError(e).message),
      );
    void load();
    const off = onEvent("backend:ready", () => void load());
    return () => {
      live = false;
      off();
    };
  }, []);

  let text: string;
  let bad = false;
  if (failure) {
    text = `Backend: ${failure}`;
    bad = true;
  } else if (!status) {
    text = "Connecting…";
  } else if (status.error) {
    text = status.error.code === "unavailable" ? `Starting… ${status.error.message}` : `Backend error: ${status.error.message}`;
    bad = status.error.code !== "unavailable";
  } else if (!status.ready) {
    text = "Starting…";
  } else {
    const pg = status.postgres;
    text = pg.ok
      ? `PostgreSQL ${pg.version ?? ""} · ${pg.mode}`.replace(/\s+·/, " ·")
      : `PostgreSQL ${pg.mode}: ${pg.error ?? "not reachable"}`;
    bad = !pg.ok;
  }

  return (
    <footer className={`status-bar${bad ? " status-bad" : ""}`} role="contentinfo">
      <span>{text}</span>
      {status?.version && <span className="status-version">Second Brain {status.version}</span>}
    </footer>
  );
}
