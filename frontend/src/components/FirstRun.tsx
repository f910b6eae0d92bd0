import { useEffect, useState } from "react";
import { chooseVaultFolder, copyText, createNote, getSettings, getStatus, parseError, type AppError, type Note } from "../api";
import { useNewNoteTitle } from "../hooks/useNewNoteTitle";

/** FirstRunProps: what the first-run screen's choices do. */
export interface FirstRunProps {
  /** onImport opens the import dialog (a Markdown folder, an Obsidian vault, a Logseq graph). */
  onImport(): void;
  /** onCreated opens the first note once it is made. */
  onCreated(note: Note): void;
}

/**
 * FirstRun greets a vault without notes: open a folder as the vault (kept
 * in step both ways) or import one, write a first note, and where the data lives (the data folder, with a copy button, and
 * which PostgreSQL keeps it).
 */
export function FirstRun({ onImport, onCreated }: FirstRunProps) {
  const [dataDir, setDataDir] = useState<string | null>(null);
  const [server, setServer] = useState("");
  const { error, busy, submit, input } = useNewNoteTitle((title) => createNote(title || "Welcome"), onCreated);
  const [copied, setCopied] = useState<boolean | null>(null);
  const [opening, setOpening] = useState(false);
  const [vaultError, setVaultError] = useState<AppError | null>(null);
  const [attached, setAttached] = useState("");

  // The folder's notes arrive through the mirror; the list replaces this screen once there are any.
  const openVault = async () => {
    setOpening(true);
    setVaultError(null);
    try {
      const s = await chooseVaultFolder();
      setAttached(s.attached ? s.path : "");
    } catch (e) {
      setVaultError(parseError(e));
    } finally {
      setOpening(false);
    }
  };

  useEffect(() => {
    let live = true;
    getSettings().then(
      (s) => live && setDataDir(s.data_dir),
      () => live && setDataDir(""),
    );
    getStatus().then(
      (s) => live && setServer(s.server ?? ""),
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);

  return (
    <section className="first-run" aria-label="Getting started">
      <div className="first-run-card">
        <h1>Welcome to Second Brain</h1>
        <p className="muted">Your vault has no notes yet. Bring your notes in, or start writing.</p>
        <ol>
          <li>
            <h2>Open or import a folder</h2>
            <p>
              A folder of Markdown files, an Obsidian vault or a Logseq graph. Open it as the vault to keep the folder and the notes in
              step both ways (edit the files anywhere, the app follows); or import it to copy its notes in once.
            </p>
            <div className="row">
              <button type="button" className="primary" disabled={opening} onClick={() => void openVault()}>
                {opening ? "Opening…" : "Open folder as vault…"}
              </button>
              <button type="button" onClick={onImport}>
                Import a folder…
              </button>
            </div>
            {attached && (
              <p role="status">
                Attached <code>{attached}</code>: its notes are coming in.
              </p>
            )}
            {vaultError && (
              <p className="inline-error" role="alert">
                {vaultError.message}
              </p>
            )}
          </li>
          <li>
            <h2>Write your first note</h2>
            <form className="row" onSubmit={(e) => void submit(e)}>
              <input aria-label="First note title" placeholder="Welcome" {...input} />
              <button type="submit" disabled={busy}>
                Create note
              </button>
            </form>
            {error && (
              <p className="inline-error" role="alert">
                {error.code === "invalid" || error.code === "conflict" ? error.message : "Could not create the note."}
              </p>
            )}
            <p>
              Later: <kbd>Ctrl/Cmd+N</kbd> for a new note, <kbd>Ctrl/Cmd+D</kbd> for today's, <kbd>Ctrl/Cmd+K</kbd> for every command.
            </p>
          </li>
          <li>
            <h2>Where your data lives</h2>
            <p>
              Notes, their history and the search index are kept in {server || "PostgreSQL"}. Back up this folder, or export the
              vault as Markdown from the command palette.
            </p>
            <div className="data-dir">
              <code aria-label="Data folder">{dataDir === null ? "…" : dataDir || "unknown"}</code>
              <button
                type="button"
                disabled={!dataDir}
                onClick={() => void copyText(dataDir ?? "").then(setCopied)}
                aria-label="Copy the data folder's path"
              >
                {copied === null ? "Copy" : copied ? "Copied" : "Copy failed"}
              </button>
            </div>
          </li>
        </ol>
      </div>
    </section>
  );
}
