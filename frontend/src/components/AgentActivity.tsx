import { useCallback, useEffect, useState } from "react";
import {
  agentActivity,
  agentSettings,
  parseError,
  saveAgentSettings,
  undoAgentChange,
  type AgentChange,
  type AgentSettings,
  type Note,
} from "../api";
import { ClientSnippet } from "./AgentConnect";

/** splitList turns "a, b\nc" into ["a", "b", "c"]. */
function splitList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

const kindLabel: Record<string, string> = {
  "note.created": "created",
  "note.updated": "edited",
  "note.renamed": "renamed",
  "note.reverted": "restored",
};

/** DiffText shows a unified diff line by line, as text (never HTML), added and removed lines marked. */
function DiffText({ diff, label }: { diff: string; label: string }) {
  const lines = diff.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return (
    <pre className="agent-diff" aria-label={label}>
      {lines.map((l, i) => (
        <span key={i} className={l.startsWith("+") && !l.startsWith("+++") ? "add" : l.startsWith("-") && !l.startsWith("---") ? "del" : undefined}>
          {l + "\n"}
        </span>
      ))}
    </pre>
  );
}

/**
 * AgentActivity is the "Agent activity" view: what AI agents (MCP clients
 * such as Claude Desktop or Cursor) may reach — hidden folders and tags,
 * read-only or not — the snippet that connects a client, and the changes
 * agents made, each with its diff and a one-click undo.
 */
export function AgentActivity({ onClose, onOpenNote }: { onClose: () => void; onOpenNote: (id: string) => void }) {
  const [settings, setSettings] = useState<AgentSettings | null>(null);
  const [folders, setFolders] = useState("");
  const [tags, setTags] = useState("");
  const [allowWrites, setAllowWrites] = useState(false);
  const [changes, setChanges] = useState<AgentChange[] | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  const loadChanges = useCallback(async () => {
    try {
      setChanges(await agentActivity(100));
    } catch (e) {
      setMessage({ text: parseError(e).message, error: true });
    }
  }, []);

  useEffect(() => {
    agentSettings().then(
      (s) => {
        setSettings(s);
        setFolders(s.private_folders.join(", "));
        setTags(s.private_tags.join(", "));
        setAllowWrites(s.allow_writes);
      },
      (e: unknown) => setMessage({ text: parseError(e).message, error: true }),
    );
    void loadChanges();
  }, [loadChanges]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  const save = async () => {
    setBusy(true);
    try {
      await saveAgentSettings({ private_folders: splitList(folders), private_tags: splitList(tags), allow_writes: allowWrites });
      setMessage({ text: "Saved. Running agents follow the new settings from their next call.", error: false });
    } catch (e) {
      setMessage({ text: parseError(e).message, error: true });
    } finally {
      setBusy(false);
    }
  };

  const undo = async (c: AgentChange) => {
    setBusy(true);
    try {
      const n: Note = await undoAgentChange(c.event);
      setMessage({ text: `Undone: ${n.path} is back as version ${n.version}.`, error: false });
      await loadChanges();
    } catch (e) {
      const err = parseError(e);
      setMessage({ text: err.code === "conflict" ? `Not undone: ${err.message}` : err.message, error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="overlay" role="presentation" onClick={onClose}>
      <div className="dialog agent-activity" role="dialog" aria-label="Agent activity" onClick={(e) => e.stopPropagation()}>
        <h2>Agent activity</h2>
        <p className="muted">
          AI assistants that speak the Model Context Protocol (Claude Desktop, Cursor, VS Code…) can search and read your notes through{" "}
          <code>secondbrain mcp</code>. Hidden folders and tags never reach them.
        </p>
        <form
          aria-label="Agent settings"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label>
            Hidden folders (comma-separated)
            <input value={folders} onChange={(e) => setFolders(e.target.value)} placeholder="journal, private" />
          </label>
          <label>
            Hidden tags (comma-separated)
            <input value={tags} onChange={(e) => setTags(e.target.value)} placeholder="private" />
          </label>
          <label className="row">
            <input type="checkbox" checked={allowWrites} onChange={(e) => setAllowWrites(e.target.checked)} />
            Let agents create and change notes (every change is listed below and can be undone)
          </label>
          <div className="row end">
            <button type="submit" className="primary" disabled={busy || !settings}>
              Save agent settings
            </button>
          </div>
        </form>
        {message && (
          <p className={message.error ? "inline-error" : "muted"} role={message.error ? "alert" : "status"}>
            {message.text}
          </p>
        )}
        {settings && <ClientSnippet settings={settings} onCopied={() => setMessage({ text: "Copied.", error: false })} />}
        <section aria-label="Changes by agents">
          <h3>Changes by agents</h3>
          {changes === null && <p className="muted">Loading…</p>}
          {changes?.length === 0 && <p className="muted">No agent has changed a note yet.</p>}
          <ul className="agent-changes">
            {changes?.map((c) => (
              <li key={c.event} aria-label={`${c.agent} ${kindLabel[c.kind] ?? c.kind} ${c.path}`}>
                <div className="row">
                  <strong>{c.agent}</strong>
                  <span>{kindLabel[c.kind] ?? c.kind}</span>
                  <button type="button" className="link" onClick={() => onOpenNote(c.note_id)}>
                    {c.path}
                  </button>
                  <span className="muted">
                    v{c.version} · {new Date(c.time).toLocaleString()}
                  </span>
                  <button type="button" disabled={busy} onClick={() => void undo(c)} aria-label={`Undo ${c.agent}'s change to ${c.path} (event ${c.event})`}>
                    Undo
                  </button>
                </div>
                {c.diff && <DiffText diff={c.diff} label={`Diff of event ${c.event}`} />}
              </li>
            ))}
          </ul>
        </section>
        <div className="row end">
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
