import { useEffect, useState } from "react";
import { agentSettings, copyText, parseError, type AgentSettings } from "../api";

/**
 * ClientSnippet shows the JSON that connects an MCP client (Claude Desktop,
 * Cursor, VS Code…) to `secondbrain mcp`, a Copy button, and how to serve
 * over HTTP instead. onCopied runs once the text is on the clipboard.
 */
export function ClientSnippet({ settings, onCopied }: { settings: AgentSettings; onCopied(): void }) {
  return (
    <section aria-label="Connect a client">
      <h3>Connect a client</h3>
      <p className="muted">Paste this into your client's MCP configuration:</p>
      <pre className="agent-snippet" aria-label="Client configuration">
        {settings.client_config}
      </pre>
      <div className="row">
        <button type="button" onClick={() => void copyText(settings.client_config).then((ok) => ok && onCopied())}>
          Copy
        </button>
      </div>
      <p className="muted">
        Over HTTP instead: <code>{settings.http_command}</code> (the bearer token is <code>agents.http_token</code> in{" "}
        <code>{settings.config_path}</code>).
      </p>
    </section>
  );
}

/**
 * AgentConnectSettings is the Settings dialog's part about AI assistants:
 * the client snippet, and where the privacy settings are.
 */
export function AgentConnectSettings() {
  const [settings, setSettings] = useState<AgentSettings | null>(null);
  const [status, setStatus] = useState("");
  useEffect(() => {
    let live = true;
    agentSettings().then(
      (s) => live && setSettings(s),
      (e: unknown) => live && setStatus(parseError(e).message),
    );
    return () => {
      live = false;
    };
  }, []);
  return (
    <fieldset>
      <legend>AI assistants (MCP)</legend>
      <p className="muted">
        Hidden folders and tags, whether agents may write, and every change they made (with undo) are in <b>Agent activity</b> (command
        palette).
      </p>
      {settings ? <ClientSnippet settings={settings} onCopied={() => setStatus("Copied.")} /> : !status && <p className="muted">…</p>}
      {status && (
        <p className="muted" role="status">
          {status}
        </p>
      )}
    </fieldset>
  );
}
