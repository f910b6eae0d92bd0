import { useEffect, useState, type ChangeEvent } from "react";
import {
  getSettings,
  parseError,
  saveSettings,
  serverStatus,
  setIndexingPaused,
  testEmbedder,
  testNeo4j,
  testPostgres,
  testQdrant,
  type AppError,
  type ConnectionTest,
  type EmbedAPI,
  type EmbedderTest,
  type ServerStatus,
  type Settings,
} from "../api";
import { Field } from "./Field";
import { AppearanceSettings, DailyNoteSettings } from "./SettingsPreferences";
import { TemplateSettingsSection } from "./TemplateSettings";
import { ErrorLine } from "./ErrorLine";
import { AgentConnectSettings } from "./AgentConnect";
import { SyncSettings } from "./SyncSettings";
import { VaultSettings } from "./VaultSettings";

/** SettingsDialogProps: called when the dialog closes. */
export interface SettingsDialogProps {
  onClose(): void;
}

const STATUS_MS = 3000;

/**
 * ONNX_MODELS are the transformers the onnx embedder runs (config
 * embedder.model), what each is for: the files come from
 * build/scripts/onnx-model.sh and e5-model.sh.
 */
const ONNX_MODELS = [
  { value: "", label: "all-MiniLM-L6-v2 (English, fastest)" },
  { value: "bge-small-en-v1.5", label: "bge-small-en-v1.5 (English, best)" },
  { value: "multilingual-e5-small", label: "multilingual-e5-small (100 languages)" },
];

/** TextSetting names the settings typed as text. */
type TextSetting = { [K in keyof Settings]: Settings[K] extends string ? K : never }[keyof Settings];

/** SettingsDialog edits the PostgreSQL, Neo4j and Qdrant servers and the embedder, tests each connection and shows live status. */
export function SettingsDialog({ onClose }: SettingsDialogProps) {
  const [s, setS] = useState<Settings | null>(null);
  const [initial, setInitial] = useState<Settings | null>(null);
  const [embedTest, setEmbedTest] = useState<EmbedderTest | "testing" | null>(null);
  const [status, setStatus] = useState<ServerStatus | null>(null);
  const [tests, setTests] = useState<Record<string, ConnectionTest | "testing">>({});
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    getSettings().then(
      (got) => {
        setS(got);
        setInitial(got);
      },
      (e: unknown) => setError(parseError(e)),
    );
    let live = true;
    const poll = () => serverStatus().then((st) => live && setStatus(st), () => {});
    void poll();
    const t = setInterval(poll, STATUS_MS);
    return () => {
      live = false;
      clearInterval(t);
    };
  }, []);

  if (!s) return null;
  const set = (patch: Partial<Settings>) => {
    setS({ ...s, ...patch });
    setSaved(false);
  };
  // text binds an input to a text setting.
  const text = (key: TextSetting) => ({
    value: s[key],
    onChange: (e: ChangeEvent<HTMLInputElement>) => set({ [key]: e.target.value }),
  });
  const run = async (key: string, f: () => Promise<ConnectionTest>) => {
    setTests((t) => ({ ...t, [key]: "testing" }));
    try {
      const r = await f();
      setTests((t) => ({ ...t, [key]: r }));
    } catch (e) {
      setTests((t) => ({ ...t, [key]: { ok: false, version: "", message: parseError(e).message } }));
    }
  };
  const save = async () => {
    try {
      await saveSettings(s);
      setSaved(true);
      setError(null);
    } catch (e) {
      setError(parseError(e));
    }
  };
  const testEmbed = async () => {
    setEmbedTest("testing");
    try {
      setEmbedTest(await testEmbedder(s.embed_api, s.embed_url, s.embed_model, s.embed_api_key, s.embed_dim));
    } catch (e) {
      setEmbedTest({ ok: false, model: "", dim: 0, message: parseError(e).message });
    }
  };
  const togglePause = async () => {
    if (!status) return;
    try {
      const indexer = await setIndexingPaused(!status.indexer.paused);
      setStatus({ ...status, indexer });
    } catch (e) {
      setError(parseError(e));
    }
  };
  const remote = s.embed_api === "ollama" || s.embed_api === "openai";
  // Another kind of embedder starts from its saved model, or none: an
  // endpoint's model name is no ONNX model.
  const chooseAPI = (api: EmbedAPI) => set({ embed_api: api, embed_model: initial?.embed_api === api ? initial.embed_model : "" });
  // A different model means new vectors for every note.
  const modelChanged =
    initial !== null &&
    (s.embed_api !== initial.embed_api ||
      (s.embed_api === "onnx" && s.embed_model !== initial.embed_model) ||
      (remote && (s.embed_model.trim() !== initial.embed_model || s.embed_url.trim() !== initial.embed_url || s.embed_dim !== initial.embed_dim)));
  const pg = status?.postgres;
  const neo = status?.neo4j;
  const qd = status?.qdrant;

  return (
    <div className="overlay" role="presentation">
      <div className="dialog settings" role="dialog" aria-label="Settings">
        <h2>Settings</h2>
        <p className="muted">
          Saved in <code>{s.config_path}</code>; server changes apply when the app starts again. Data folder: <code>{s.data_dir}</code>
          {s.from_env.length > 0 && <> — set by the environment: {s.from_env.join(", ")}</>}
        </p>

        <VaultSettings />
        <SyncSettings />
        <AppearanceSettings />
        <DailyNoteSettings />
        <TemplateSettingsSection />

        <fieldset>
          <legend>PostgreSQL (notes)</legend>
          <p className="status-line" aria-label="PostgreSQL status">
            {pg ? (pg.ok ? `● ${pg.mode}, PostgreSQL ${pg.version ?? ""}` : `● down: ${pg.error ?? ""}`) : "…"}
          </p>
          <Field
            label="Server"
            aria-label="PostgreSQL connection string"
            type="password"
            placeholder={s.postgres_dsn_set ? "(saved; type to replace)" : "empty: the embedded cluster in the data folder"}
            {...text("postgres_dsn")}
          />
          <TestButton label="PostgreSQL" result={tests.pg} onTest={() => void run("pg", () => testPostgres(s.postgres_dsn))} />
        </fieldset>

        <fieldset>
          <legend>Neo4j (knowledge graph)</legend>
          <p className="status-line" aria-label="Neo4j status">
            {!neo || !neo.configured
              ? "Not configured: graph queries run in PostgreSQL."
              : neo.ok
                ? `● projecting to ${neo.server ?? ""}, ${neo.lag_events} events behind`
                : `● down: ${neo.last_error} (${neo.lag_events} events to catch up)`}
          </p>
          <Field label="URI" aria-label="Neo4j URI" placeholder="bolt://localhost:7687" {...text("neo4j_uri")} />
          <Field label="User" aria-label="Neo4j user" {...text("neo4j_user")} />
          <Field label="Password" aria-label="Neo4j password" type="password" placeholder={s.neo4j_password_set ? "(saved)" : ""} {...text("neo4j_password")} />
          <Field label="Database" aria-label="Neo4j database" placeholder="neo4j" {...text("neo4j_database")} />
          <TestButton
            label="Neo4j"
            result={tests.neo4j}
            onTest={() => void run("neo4j", () => testNeo4j(s.neo4j_uri, s.neo4j_user, s.neo4j_password, s.neo4j_database))}
          />
        </fieldset>

        <fieldset>
          <legend>Embeddings (search by meaning)</legend>
          <p className="status-line" aria-label="Embeddings status">
            {status
              ? `${status.embeddings.model}: ${status.embeddings.indexed.toLocaleString()}/${status.embeddings.total.toLocaleString()} notes indexed` +
                (status.embeddings.failed > 0 ? `, ${status.embeddings.failed} failed` : "") +
                (status.embeddings.error ? ` — ${status.embeddings.error}` : "")
              : "…"}
          </p>
          {status && status.embeddings.total > 0 && (
            <progress max={status.embeddings.total} value={status.embeddings.indexed} aria-label="Indexing progress" />
          )}
          {status && (
            <div className="row">
              <span className="muted" aria-label="Indexer state">
                {status.indexer.paused
                  ? "Indexing is paused."
                  : status.indexer.running
                    ? "Indexing in the background…"
                    : "The indexer is idle."}
                {status.indexer.last_error && ` Last error: ${status.indexer.last_error}`}
              </span>
              <button type="button" onClick={() => void togglePause()}>
                {status.indexer.paused ? "Resume indexing" : "Pause indexing"}
              </button>
            </div>
          )}
          <label>
            Model{" "}
            <select aria-label="Embedder" value={s.embed_api} onChange={(e) => chooseAPI(e.target.value as EmbedAPI)}>
              <option value="builtin">Built-in (offline, no setup)</option>
              <option value="onnx">ONNX transformer (offline)</option>
              <option value="ollama">Ollama</option>
              <option value="openai">OpenAI-compatible (OpenAI, LM Studio, llama.cpp, vLLM)</option>
            </select>
          </label>
          {s.embed_api === "onnx" && (
            <label>
              ONNX model{" "}
              <select aria-label="ONNX model" value={s.embed_model} onChange={(e) => set({ embed_model: e.target.value })}>
                {ONNX_MODELS.map((m) => (
                  <option key={m.value} value={m.value}>
                    {m.label}
                  </option>
                ))}
              </select>
            </label>
          )}
          {remote && (
            <>
              <Field
                label="URL"
                aria-label="Embedder URL"
                placeholder={s.embed_api === "ollama" ? "http://127.0.0.1:11434" : "https://api.openai.com"}
                {...text("embed_url")}
              />
              <Field
                label="Model name"
                aria-label="Embedder model"
                placeholder={s.embed_api === "ollama" ? "nomic-embed-text" : "text-embedding-3-small"}
                {...text("embed_model")}
              />
              <Field
                label="Dimension"
                aria-label="Embedder dimension"
                type="number"
                min={0}
                value={s.embed_dim || ""}
                placeholder="from the test"
                onChange={(e) => set({ embed_dim: Math.max(0, Number.parseInt(e.target.value, 10) || 0) })}
              />
              <Field label="API key" aria-label="Embedder API key" type="password" placeholder={s.embed_api_key_set ? "(saved)" : "none"} {...text("embed_api_key")} />
            </>
          )}
          <div className="row">
            <button type="button" onClick={() => void testEmbed()} disabled={embedTest === "testing"} aria-label="Test embedder connection">
              Test connection
            </button>
            {embedTest === "testing" && <span className="muted">Testing…</span>}
            {embedTest && embedTest !== "testing" && (
              <span className={embedTest.ok ? "ok" : "inline-error"} role="status">
                {embedTest.ok ? `Works: ${embedTest.model}, ${embedTest.dim} dimensions` : embedTest.message}
              </span>
            )}
            {embedTest && embedTest !== "testing" && embedTest.ok && remote && s.embed_dim !== embedTest.dim && (
              <button type="button" onClick={() => set({ embed_dim: embedTest.dim })}>
                Use {embedTest.dim} dimensions
              </button>
            )}
          </div>
          {modelChanged && (
            <p className="warn" role="note">
              A new model means new vectors: when the app starts again, every note is embedded again in the background. Until
              then search by meaning finds only the notes already embedded with the new model; search by words is unaffected.
            </p>
          )}
        </fieldset>

        <fieldset>
          <legend>Qdrant (semantic search)</legend>
          <p className="status-line" aria-label="Qdrant status">
            {!qd || !qd.configured
              ? s.qdrant_addr
                ? "Saved; used when the app starts again."
                : "Not configured: vectors are searched in the app."
              : qd.ok
                ? `● projecting to ${qd.server ?? "Qdrant"}, ${qd.lag_events} events behind`
                : `● down: ${qd.last_error} (${qd.lag_events} events to catch up)`}
          </p>
          <Field label="Address" aria-label="Qdrant address" placeholder="localhost:6334" {...text("qdrant_addr")} />
          <Field label="API key" aria-label="Qdrant API key" type="password" placeholder={s.qdrant_api_key_set ? "(saved)" : ""} {...text("qdrant_api_key")} />
          <TestButton label="Qdrant" result={tests.qdrant} onTest={() => void run("qdrant", () => testQdrant(s.qdrant_addr, s.qdrant_api_key))} />
        </fieldset>

        <AgentConnectSettings />

        <ErrorLine error={error} />
        <div className="row end">
          {saved && <span className="muted">Saved. Restart the app to use the new servers.</span>}
          <button type="button" className="primary" onClick={() => void save()}>
            Save
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}

function TestButton({ label, result, onTest }: { label: string; result?: ConnectionTest | "testing"; onTest(): void }) {
  return (
    <div className="row">
      <button type="button" onClick={onTest} disabled={result === "testing"} aria-label={`Test ${label} connection`}>
        Test connection
      </button>
      {result === "testing" && <span className="muted">Testing…</span>}
      {result && result !== "testing" && (
        <span className={result.ok ? "ok" : "inline-error"} role="status">
          {result.ok ? `Connected${result.version ? ` (version ${result.version})` : ""}` : result.message}
        </span>
      )}
    </div>
  );
}
