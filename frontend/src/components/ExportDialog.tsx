import { useEffect, useState } from "react";
import { exportVault, parseError, type AppError, type ExportReport } from "../api";
import { ErrorLine } from "./ErrorLine";

/** ExportDialogProps: called when the dialog closes. */
export interface ExportDialogProps {
  onClose(): void;
}

/**
 * ExportDialog exports the vault: the system's folder picker asks where (an
 * empty folder), then the dialog shows what was written — notes,
 * attachments, and the files written under another name, with why.
 */
export function ExportDialog({ onClose }: ExportDialogProps) {
  const [state, setState] = useState<"picking" | "done" | "canceled">("picking");
  const [report, setReport] = useState<ExportReport | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    let live = true;
    exportVault().then(
      (r) => {
        if (!live) return;
        setReport(r);
        setState(r ? "done" : "canceled");
      },
      (e: unknown) => {
        if (!live) return;
        setError(parseError(e));
        setState("done");
      },
    );
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    if (state === "canceled") onClose();
  }, [state, onClose]);

  return (
    <div className="overlay" role="presentation" onKeyDown={(e) => e.key === "Escape" && state !== "picking" && onClose()}>
      <div className="dialog" role="dialog" aria-label="Export the vault">
        <h2>Export the vault</h2>
        {state === "picking" && <p className="muted">Choose an empty folder; every note is written there as a Markdown file…</p>}
        <ErrorLine error={error} />
        {report && (
          <div className="import-report" role="status" aria-label="Export report">
            <p>
              Exported {report.notes.toLocaleString()} {report.notes === 1 ? "note" : "notes"} and {report.attachments.toLocaleString()}{" "}
              {report.attachments === 1 ? "attachment" : "attachments"} to <code>{report.path}</code> in {report.duration_ms} ms.
            </p>
            {report.renamed.length > 0 && (
              <details open={report.renamed.length <= 20}>
                <summary>
                  {report.renamed.length} written under another name (the links to them follow)
                </summary>
                <ul>
                  {report.renamed.map((r) => (
                    <li key={r.path}>
                      <code>{r.path}</code> → <code>{r.new_path}</code>: {r.reason}
                    </li>
                  ))}
                </ul>
              </details>
            )}
            {report.missing_attachments.length > 0 && (
              <details>
                <summary>{report.missing_attachments.length} attachments missing from the data folder</summary>
                <ul>
                  {report.missing_attachments.map((m) => (
                    <li key={m}>
                      <code>{m}</code>
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </div>
        )}
        <div className="row end">
          <button key={state} type="button" autoFocus={state !== "picking"} disabled={state === "picking"} onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
