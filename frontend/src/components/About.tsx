import { useEffect, useState } from "react";
import { getStatus, parseError, type Status } from "../api";

/** AboutDialog shows the app's version (stamped from the git tag at build time), how PostgreSQL runs and where the data lives. */
export function AboutDialog({ onClose }: { onClose: () => void }) {
  const [status, setStatus] = useState<Status | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    getStatus().then(
      (s) => live && setStatus(s),
      (e: unknown) => live && setFailure(parseError(e).message),
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  const pg = status?.postgres;
  return (
    <div className="overlay" role="presentation" onClick={onClose}>
      <div className="dialog about" role="dialog" aria-label="About Second Brain" onClick={(e) => e.stopPropagation()}>
        <h2>Second Brain</h2>
        <p aria-label="Version">Version {status ? status.version || "unknown" : "…"}</p>
        <p className="muted">Markdown notes in a knowledge graph, offline first.</p>
        {failure && (
          <p className="inline-error" role="alert">
            {failure}
          </p>
        )}
        {pg && (
          <p aria-label="PostgreSQL">
            PostgreSQL {pg.ok ? `${pg.version ?? ""} (${pg.mode})`.replace(/^ /, "") : `${pg.mode}: ${pg.error ?? "not reachable"}`}
          </p>
        )}
        {pg?.data_dir && (
          <p aria-label="Data folder">
            Your notes are in <code>{pg.data_dir}</code>. Uninstalling the app leaves this folder alone.
          </p>
        )}
        <div className="row end">
          <button type="button" className="primary" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
