import { useEffect, useRef, useState } from "react";
import {
  cancelImport,
  onEvent,
  parseError,
  pickFolder,
  startImport,
  type AppError,
  type ImportDone,
  type ImportProgress,
  type ImportReport,
  type OnExisting,
} from "../api";
import { ErrorLine } from "./ErrorLine";

/** ImportDialogProps: called when the dialog closes. */
export interface ImportDialogProps {
  onClose(): void;
}

/** ImportDialog picks a folder, imports it with a progress bar and cancel, and shows the report. */
export function ImportDialog({ onClose }: ImportDialogProps) {
  const [path, setPath] = useState("");
  const [onExisting, setOnExisting] = useState<OnExisting>("overwrite");
  const [job, setJob] = useState<string | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  // Listen before starting: a small import can end before Start returns
  // its job id, so events of a job not known yet are kept until it is.
  const current = useRef<string | null>(null);
  const early = useRef(new Map<string, ImportDone>());
  const finish = (d: ImportDone) => {
    current.current = null;
    setJob(null);
    if (d.error) setError(d.error);
    if (d.report) setReport(d.report);
  };
  useEffect(() => {
    const offProgress = onEvent("import:progress", (p) => p.job === current.current && setProgress(p));
    const offDone = onEvent("import:done", (d) => {
      if (d.job === current.current) finish(d);
      else early.current.set(d.job, d);
    });
    return () => {
      offProgress();
      offDone();
    };
  }, []);

  const choose = async () => {
    try {
      const p = await pickFolder();
      if (p) setPath(p);
    } catch (e) {
      setError(parseError(e));
    }
  };
  const start = async () => {
    setError(null);
    setReport(null);
    setProgress(null);
    try {
      const j = await startImport(path.trim(), onExisting);
      current.current = j;
      setJob(j);
      const done = early.current.get(j);
      if (done) finish(done);
    } catch (e) {
      setError(parseError(e));
    }
  };
  const pct = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : null;

  return (
    <div className="overlay" role="presentation">
      <div className="dialog" role="dialog" aria-label="Import">
        <h2>Import a folder</h2>
        <p className="muted">A Markdown folder, an Obsidian vault or a Logseq graph. Importing the same folder again only changes what changed.</p>
        <div className="row">
          <input aria-label="Folder to import" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/me/vault" disabled={!!job} />
          <button type="button" onClick={() => void choose()} disabled={!!job}>
            Choose…
          </button>
          <button type="button" className="primary" onClick={() => void start()} disabled={!!job || !path.trim()}>
            Import
          </button>
        </div>
        <fieldset className="choice" disabled={!!job}>
          <legend>When a note already exists with other text</legend>
          <label>
            <input type="radio" name="on-existing" value="overwrite" checked={onExisting === "overwrite"} onChange={() => setOnExisting("overwrite")} />
            Replace its text (its history keeps the old text)
          </label>
          <label>
            <input type="radio" name="on-existing" value="keep-both" checked={onExisting === "keep-both"} onChange={() => setOnExisting("keep-both")} />
            Keep both (the file comes in beside it, as “Note (2)”)
          </label>
        </fieldset>
        {job && (
          <div className="progress" aria-live="polite">
            <progress max={100} value={pct ?? undefined} aria-label="Import progress" />
            <span>
              {progress ? `${progress.phase} ${progress.total > 0 ? `${progress.done.toLocaleString()}/${progress.total.toLocaleString()}` : ""}` : "Starting…"}
            </span>
            <button type="button" onClick={() => void cancelImport(job)}>
              Cancel
            </button>
          </div>
        )}
        <ErrorLine error={error} />
        {report && <ImportReportView report={report} />}
        <div className="row end">
          <button type="button" onClick={onClose} disabled={!!job}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}

/** ImportReportView shows what an import did, every skipped file and unresolved link included. */
export function ImportReportView({ report }: { report: ImportReport }) {
  return (
    <div className="import-report" aria-label="Import report">
      <p>
        {report.canceled ? "Canceled: what was imported is kept; import again to finish. " : ""}
        {report.notes.toLocaleString()} notes ({report.created} new, {report.updated} updated, {report.unchanged} unchanged),{" "}
        {report.attachments} attachments, {report.links.toLocaleString()} links in these notes ({report.unresolved_links.toLocaleString()} unresolved) in{" "}
        {(report.duration_ms / 1000).toFixed(1)} s.
      </p>
      {report.updated_paths.length > 0 && (
        <details open>
          <summary>{report.updated_paths.length} updated (history keeps the old text)</summary>
          <ul>
            {report.updated_paths.map((p) => (
              <li key={p}>
                <code>{p}</code>
              </li>
            ))}
          </ul>
        </details>
      )}
      {report.skipped.length > 0 && (
        <details open>
          <summary>{report.skipped.length} skipped</summary>
          <ul>
            {report.skipped.map((s) => (
              <li key={s.path}>
                <code>{s.path}</code>: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {report.renamed.length > 0 && (
        <details open={report.on_existing === "keep-both"}>
          <summary>{report.renamed.length} renamed</summary>
          <ul>
            {report.renamed.map((s) => (
              <li key={s.path}>
                <code>{s.path}</code> → <code>{s.new_path}</code>: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {report.warnings.length > 0 && (
        <details>
          <summary>{report.warnings.length} warnings</summary>
          <ul>
            {report.warnings.map((s) => (
              <li key={s.path}>
                <code>{s.path}</code>: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {report.missing_embeds.length > 0 && (
        <details open>
          <summary>{report.missing_embeds.length.toLocaleString()} missing embedded files</summary>
          <ul>
            {report.missing_embeds.slice(0, 500).map((u, i) => (
              <li key={`${u.source}-${u.target}-${i}`}>
                <code>{u.source}</code> embeds <code>{u.target}</code>, which is not in the folder
              </li>
            ))}
          </ul>
        </details>
      )}
      {report.unresolved.length > 0 && (
        <details>
          <summary>{report.unresolved_links.toLocaleString()} unresolved links</summary>
          <ul>
            {report.unresolved.slice(0, 500).map((u, i) => (
              <li key={`${u.source}-${u.target}-${i}`}>
                <code>{u.source}</code> → {u.target}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
