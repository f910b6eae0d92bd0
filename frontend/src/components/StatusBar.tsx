import { useEffect, useState, type ReactNode } from "react";
import {
  getStartup,
  getStatus,
  onEvent,
  parseError,
  serverStatus,
  setIndexingPaused,
  type ServerStatus,
  type StartupProgress,
  type Status,
  type VaultStatus,
} from "../api";
import { SyncStatusItem } from "./SyncStatusItem";
import { VaultStatusItem } from "./VaultStatusItem";

/** STATUS_POLL_MS is how often the bar asks for the indexing and projection status. */
export const STATUS_POLL_MS = 4000;

/** StatusBarProps: what a click on the indexing status opens. */
export interface StatusBarProps {
  /** onDetails opens the full status (the settings dialog). */
  onDetails?(): void;
  /** start shows before the status text (the sidebar's toggle). */
  start?: ReactNode;
  /** end shows at the far end (the theme and right panel toggles). */
  end?: ReactNode;
  /** vault is the vault folder's status (null: none known, nothing shown). */
  vault?: VaultStatus | null;
  /** onConflicts opens the vault's Conflicts view. */
  onConflicts?(): void;
  /** onDeletions brings the held mass deletion's question forward. */
  onDeletions?(): void;
}

/**
 * StatusBar shows how the backend runs: while it starts, the step under way
 * with a progress bar (creating the database on a first start takes a
 * moment); then PostgreSQL's mode and version (or why it is down), the embeddings indexed so far and whether the indexer
 * runs or is paused (with a button to pause it), and each projection's lag
 * and last error, polled every few seconds; and the vault folder's mirror
 * (see VaultStatusItem).
 */
export function StatusBar({ onDetails, start, end, vault = null, onConflicts = () => {}, onDeletions }: StatusBarProps) {
  const [status, setStatus] = useState<Status | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [server, setServer] = useState<ServerStatus | null>(null);
  const [toggling, setToggling] = useState(false);
  const [popover, setPopover] = useState(false);
  const [startup, setStartup] = useState<StartupProgress | null>(null);

  useEffect(() => {
    let live = true;
    // The steps so far, then each as it begins; an answer older than an event is dropped.
    getStartup().then(
      (p) => live && setStartup((prev) => (prev && prev.fraction > p.fraction ? prev : p)),
      () => {},
    );
    const off = onEvent("backend:progress", (p) => setStartup(p));
    return () => {
      live = false;
      off();
    };
  }, []);

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
    text = startup?.message && !startup.done ? startup.message : "Connecting…";
  } else if (status.error) {
    text = status.error.code === "unavailable" ? `Starting… ${status.error.message}` : `Backend error: ${status.error.message}`;
    bad = status.error.code !== "unavailable";
  } else if (!status.ready) {
    text = "Starting…";
  } else {
    text = postgresText(status.postgres);
    bad = !status.postgres.ok;
  }

  return (
    <footer className={`status-bar${bad ? " status-bad" : ""}`} role="contentinfo">
      <span className="status-start">
        {start}
        {status?.ready && !status.error && !failure ? (
          <button
            type="button"
            className="status-pg"
            aria-expanded={popover}
            aria-haspopup="dialog"
            title="Which PostgreSQL runs, and where the data lives"
            onClick={() => setPopover((p) => !p)}
          >
            {text}
          </button>
        ) : (
          <span>{text}</span>
        )}
        {!status && startup?.message && !startup.done && !failure && (
          <progress className="status-progress" aria-label="Start-up progress" max={1} value={startup.fraction} />
        )}
      </span>
      <VaultStatusItem status={vault} onConflicts={onConflicts} onDetails={onDetails} onDeletions={onDeletions} />
      <SyncStatusItem onDetails={onDetails} onConflicts={onConflicts} />
      {popover && status && <ServerPopover status={status} onClose={() => setPopover(false)} onDetails={onDetails} />}
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
      {end}
    </footer>
  );
}

/** postgresText is the status bar's short word on PostgreSQL: "PostgreSQL · embedded" (or "· external"), or why it is down. */
export function postgresText(pg: Status["postgres"]): string {
  return pg.ok ? `PostgreSQL · ${pg.mode}` : `PostgreSQL ${pg.mode}: ${pg.error ?? "not reachable"}`;
}

/** ServerPopover shows in full which PostgreSQL runs and where the data lives; Escape or a click outside closes it. */
function ServerPopover({ status, onClose, onDetails }: { status: Status; onClose(): void; onDetails?(): void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    const onDown = (e: MouseEvent) => {
      const t = e.target as Element | null;
      if (!t?.closest?.(".status-popover, .status-pg")) onClose();
    };
    window.addEventListener("keydown", onKey);
    window.addEventListener("mousedown", onDown);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("mousedown", onDown);
    };
  }, [onClose]);
  const pg = status.postgres;
  return (
    <div className="status-popover" role="dialog" aria-label="PostgreSQL details">
      <dl>
        <dt>Server</dt>
        <dd aria-label="PostgreSQL server">{status.server || `PostgreSQL ${pg.version ?? ""}, ${pg.mode}`}</dd>
        <dt>Mode</dt>
        <dd>{pg.mode === "embedded" ? "embedded: a private cluster in the data folder, started and stopped with the app" : pg.mode}</dd>
        {pg.version && (
          <>
            <dt>Version</dt>
            <dd>{pg.version}</dd>
          </>
        )}
        {pg.data_dir && (
          <>
            <dt>Data folder</dt>
            <dd>{pg.data_dir}</dd>
          </>
        )}
      </dl>
      {onDetails && (
        <button
          type="button"
          onClick={() => {
            onClose();
            onDetails();
          }}
        >
          Servers and status…
        </button>
      )}
    </div>
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
