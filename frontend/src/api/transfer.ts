// Import and export: bringing a folder of Markdown into the vault (a job
// reporting through events) and writing the vault out as Markdown.
import * as Exporter from "../../wailsjs/go/app/ExportAPI";
import * as Importer from "../../wailsjs/go/app/ImportAPI";
import type { exporter } from "../../wailsjs/go/models";
import { type AppError, call, parseError, type Plain } from "./core";

// Event payloads are untyped JSON: every field may be missing.
type Raw<T> = { [K in keyof T]?: T[K] | null };

/** ImportReport is what an import did; nothing is dropped without an entry in skipped. */
export interface ImportReport {
  root: string;
  format: string;
  notes: number;
  created: number;
  updated: number;
  /** updated_paths lists the notes whose text the import replaced (their history keeps the old text). */
  updated_paths: string[];
  /** on_existing is what the import did with a note already at a file's path. */
  on_existing: OnExisting;
  unchanged: number;
  attachments: number;
  links: number;
  unresolved_links: number;
  skipped: { path: string; reason: string }[];
  renamed: { path: string; new_path?: string; reason: string }[];
  warnings: { path: string; reason: string }[];
  unresolved: { source: string; target: string }[];
  /** missing_embeds are the embeds (![[image.png]]) of the imported notes whose file or note is not in the vault. */
  missing_embeds: { source: string; target: string }[];
  canceled: boolean;
  duration_ms: number;
}

/** OnExisting is what an import does with a note already at a file's path with other text: replace its text, or import the file beside it under a free name such as "Note (2).md". */
export type OnExisting = "overwrite" | "keep-both";

/** ImportProgress is the payload of "import:progress". */
export interface ImportProgress {
  job: string;
  phase: string;
  done: number;
  total: number;
}

/** ImportDone is the payload of "import:done": a report, or the error that stopped the import. */
export interface ImportDone {
  job: string;
  report?: ImportReport;
  error?: AppError;
}

export function toImportProgress(data: unknown): ImportProgress {
  const d = (data ?? {}) as Raw<ImportProgress>;
  return { job: d.job ?? "", phase: d.phase ?? "", done: d.done ?? 0, total: d.total ?? 0 };
}

export function toImportDone(data: unknown): ImportDone {
  const d = (data ?? {}) as { job?: unknown; report?: unknown; error?: unknown };
  const out: ImportDone = { job: typeof d.job === "string" ? d.job : "" };
  if (d.error) out.error = parseError(d.error);
  else if (d.report && typeof d.report === "object") {
    const r = d.report as Raw<ImportReport>;
    out.report = {
      root: r.root ?? "",
      format: r.format ?? "",
      notes: r.notes ?? 0,
      created: r.created ?? 0,
      updated: r.updated ?? 0,
      updated_paths: r.updated_paths ?? [],
      on_existing: r.on_existing === "keep-both" ? "keep-both" : "overwrite",
      unchanged: r.unchanged ?? 0,
      attachments: r.attachments ?? 0,
      links: r.links ?? 0,
      unresolved_links: r.unresolved_links ?? 0,
      skipped: r.skipped ?? [],
      renamed: r.renamed ?? [],
      warnings: r.warnings ?? [],
      unresolved: r.unresolved ?? [],
      missing_embeds: r.missing_embeds ?? [],
      canceled: Boolean(r.canceled),
      duration_ms: r.duration_ms ?? 0,
    };
  }
  return out;
}

/** pickFolder opens the system folder picker; "" when cancelled. */
export async function pickFolder(): Promise<string> {
  return (await call(() => Importer.PickFolder())) ?? "";
}

/** startImport begins importing a folder and returns the job id; watch "import:progress" and "import:done". */
export async function startImport(path: string, onExisting: OnExisting = "overwrite"): Promise<string> {
  return await call(() => Importer.Start(path, onExisting));
}

/** cancelImport stops an import; what it committed stays. */
export async function cancelImport(job: string): Promise<void> {
  await call(() => Importer.Cancel(job));
}

/** ExportReport is what exporting the vault wrote: notes, attachments, and the files written under another name. */
export type ExportReport = Plain<exporter.Report>;

/** exportVault asks for a folder and writes the whole vault into it as Markdown; null when the person closed the picker. */
export async function exportVault(): Promise<ExportReport | null> {
  const r = await call(() => Exporter.Export());
  if (!r || r.canceled || !r.report) return null;
  // The exporter leaves its lists nil when empty.
  return { ...r.report, missing_attachments: r.report.missing_attachments ?? [], renamed: r.report.renamed ?? [] };
}
