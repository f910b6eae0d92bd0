import { useEffect, useState } from "react";
import { getStatus, onEvent, parseError, serverStatus, setIndexingPaused, type ServerStatus, type Status } from "../api";

/** STATUS_POLL_MS is how often the bar asks for the indexing and projection status. */
export const STATUS_POLL_MS = 4000;

/** StatusBarProps: what a click on the indexing status opens. */
export interface StatusBarProps {
  /** onDetails opens the full status (the settings dialog). */
  onDetails?(): void;
}

/**
 * StatusBar shows how the backend runs: PostgreSQL's mode and version (or
 * why it is down), the embeddings indexed so far and whether the indexer
 * runs or is paused (with a button to pause it), and each projection's lag
 * and last error, polled every few seconds.
 */
export function StatusBar({ onDetails }: StatusBarProps) {
  const [status, setStatus] = useState<Status | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [server, setServer] = useState<ServerStatus | null>(null);
  const [toggling, setToggling] = useState(false);

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

  const ready = Boolean(status?.ready && !status.error);
  useEffect(() => {
    if (!ready) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // One request at a time: the next poll starts when this one answered.
    const poll = () =>
      serverStatus()
        .then(
          (s) => live && setServer(s),
          () => {},
        )
        .finally(() => {
          if (live) timer = setTimeout(poll, STATUS_POLL_MS);
        });
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [ready]);

  const togglePause = async () => {
    if (!server) return;
    setToggling(true);
    try {
      const indexer = await setIndexingPaused(!server.indexer.paused);
      setServer((s) => (s ? { ...s, indexer } : s));
    } catch (e) {
      setFailure(parseError(e).message);
    } finally {
      setToggling(false);
    }
  };

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
      {ready && server && (
        <span className="status-indexing">
          <button type="button" className="status-details" title="Indexing and projection details" onClick={onDetails}>
            <Embeddings s={server} />
            <Projection name="Neo4j" p={server.neo4j} />
            <Projection name="Qdrant" p={server.qdrant} />
          </button>
          <button
            type="button"
            className="status-pause"
            disabled={toggling}
            aria-label={server.indexer.paused ? "Resume indexing" : "Pause indexing"}
            title={server.indexer.paused ? "Resume indexing" : "Pause indexing"}
            onClick={() => void togglePause()}
          >
            {server.indexer.paused ? "▶" : "❚❚"}
          </button>
        </span>
      )}
      {status?.version && <span className="status-version">Second Brain {status.version}</span>}
    </footer>
  );
}

/** Embeddings says how many notes are embedded and what the indexer does. */
function Embeddings({ s }: { s: ServerStatus }) {
  const e = s.embeddings;
  const ix = s.indexer;
  const state = ix.paused ? "paused" : e.indexed < e.total ? (ix.running ? "indexing" : "waiting") : "indexed";
  const problem = e.error || ix.last_error;
  return (
    <span className={`status-item${problem ? " status-warn" : ""}`} aria-label="Embeddings status" title={problem || e.model}>
      Embeddings {e.indexed.toLocaleString()}/{e.total.toLocaleString()} {state}
      {e.failed > 0 && `, ${e.failed.toLocaleString()} failed`}
      {problem && " ⚠"}
    </span>
  );
}

/** Projection shows a projection's lag or its last error; nothing when it is not configured. */
function Projection({ name, p }: { name: string; p: ServerStatus["neo4j"] }) {
  if (!p.configured) return null;
  const text = p.ok && p.lag_events === 0 ? "in sync" : p.last_error ? `error, ${p.lag_events.toLocaleString()} behind` : `${p.lag_events.toLocaleString()} behind`;
  return (
    <span className={`status-item${p.last_error ? " status-warn" : ""}`} aria-label={`${name} status`} title={p.last_error || p.server || name}>
      {" · "}
      {name} {text}
    </span>
  );
}
