import { act, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../api")>()),
  getStatus: vi.fn(),
  getStartup: vi.fn(),
  serverStatus: vi.fn(),
  setIndexingPaused: vi.fn(),
  onEvent: vi.fn(() => () => {}),
}));

import * as api from "../api";
import { postgresText, STATUS_POLL_MS, StatusBar } from "./StatusBar";

const server = (over: Partial<api.ServerStatus> = {}): api.ServerStatus => ({
  postgres: { ok: true, mode: "embedded", version: "15.18", owned: true },
  neo4j: { configured: true, ok: true, lag_events: 0, lag_seconds: 0, last_error: "" },
  qdrant: { configured: false, ok: false, lag_events: 0, lag_seconds: 0, last_error: "" },
  embeddings: { model: "builtin@2", indexed: 40, total: 50, failed: 2 },
  indexer: { running: true, paused: false, embedded: 40, last_error: "" },
  ...over,
});

beforeEach(() => {
  vi.resetAllMocks();
  vi.mocked(api.onEvent).mockReturnValue(() => {});
  vi.mocked(api.getStartup).mockResolvedValue({ phase: "ready", fraction: 1, message: "Ready", done: true });
  vi.mocked(api.getStatus).mockResolvedValue({
    ready: true,
    error: null,
    postgres: { ok: true, mode: "embedded", version: "15.18", owned: true },
    version: "1.2.3",
  });
});
afterEach(() => vi.useRealTimers());

describe("StatusBar", () => {
  it("shows indexing progress and projection lag, and polls", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.mocked(api.serverStatus)
      .mockResolvedValueOnce(server())
      .mockResolvedValue(
        server({
          embeddings: { model: "builtin@2", indexed: 50, total: 50, failed: 0 },
          indexer: { running: false, paused: false, embedded: 50, last_error: "" },
          neo4j: { configured: true, ok: false, lag_events: 12, lag_seconds: 3, last_error: "connection refused" },
          qdrant: { configured: true, ok: true, lag_events: 3, lag_seconds: 1, last_error: "" },
        }),
      );
    const onDetails = vi.fn();
    render(<StatusBar onDetails={onDetails} />);
    expect((await screen.findByLabelText("Embeddings status")).textContent).toBe("Embeddings 40/50 indexing, 2 failed");
    expect(screen.getByLabelText("Neo4j status").textContent).toContain("Neo4j in sync");
    expect(screen.queryByLabelText("Qdrant status")).toBeNull();
    expect(screen.getByText("PostgreSQL · embedded")).toBeTruthy();

    await act(async () => {
      await vi.advanceTimersByTimeAsync(STATUS_POLL_MS + 10);
    });
    expect(screen.getByLabelText("Embeddings status").textContent).toBe("Embeddings 50/50 indexed");
    const neo = screen.getByLabelText("Neo4j status");
    expect(neo.textContent).toContain("Neo4j error, 12 behind");
    expect(neo.getAttribute("title")).toBe("connection refused");
    expect(screen.getByLabelText("Qdrant status").textContent).toContain("Qdrant 3 behind");

    fireEvent.click(screen.getByTitle("Indexing and projection details"));
    expect(onDetails).toHaveBeenCalled();
  });

  it("pauses and resumes the indexer", async () => {
    vi.mocked(api.serverStatus).mockResolvedValue(server({ neo4j: { configured: false, ok: false, lag_events: 0, lag_seconds: 0, last_error: "" } }));
    vi.mocked(api.setIndexingPaused).mockImplementation(async (paused) => ({ running: false, paused, embedded: 40, last_error: "" }));
    render(<StatusBar />);
    const pause = await screen.findByRole("button", { name: "Pause indexing" });
    expect(screen.queryByLabelText("Neo4j status")).toBeNull();
    await act(async () => {
      fireEvent.click(pause);
    });
    expect(api.setIndexingPaused).toHaveBeenCalledWith(true);
    expect(screen.getByLabelText("Embeddings status").textContent).toContain("paused");
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Resume indexing" }));
    });
    expect(api.setIndexingPaused).toHaveBeenLastCalledWith(false);
  });

  it("says PostgreSQL · external and shows the full server string in its details", async () => {
    vi.mocked(api.serverStatus).mockResolvedValue(server());
    vi.mocked(api.getStatus).mockResolvedValue({
      ready: true,
      error: null,
      postgres: { ok: true, mode: "external", version: "16.2", owned: false, data_dir: "/home/ann/.local/share/secondbrain" },
      server: "PostgreSQL 16.2, external, at db.example:5432/brain",
      version: "1.2.3",
    });
    const onDetails = vi.fn();
    render(<StatusBar onDetails={onDetails} start={<button type="button">left</button>} end={<button type="button">right</button>} />);
    const pg = await screen.findByRole("button", { name: "PostgreSQL · external" });
    expect(screen.getByRole("button", { name: "left" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "right" })).toBeTruthy();
    expect(screen.queryByRole("dialog", { name: "PostgreSQL details" })).toBeNull();
    fireEvent.click(pg);
    const details = screen.getByRole("dialog", { name: "PostgreSQL details" });
    expect(screen.getByLabelText("PostgreSQL server").textContent).toBe("PostgreSQL 16.2, external, at db.example:5432/brain");
    expect(details.textContent).toContain("/home/ann/.local/share/secondbrain");
    fireEvent.keyDown(window, { key: "Escape" });
    expect(screen.queryByRole("dialog", { name: "PostgreSQL details" })).toBeNull();
    fireEvent.click(pg);
    fireEvent.click(screen.getByRole("button", { name: "Servers and status…" }));
    expect(onDetails).toHaveBeenCalled();
    expect(screen.queryByRole("dialog", { name: "PostgreSQL details" })).toBeNull();
  });

  it("says why PostgreSQL is down", () => {
    expect(postgresText({ ok: false, mode: "external", owned: false, error: "connection refused" })).toBe("PostgreSQL external: connection refused");
    expect(postgresText({ ok: true, mode: "embedded", version: "15.18", owned: true })).toBe("PostgreSQL · embedded");
  });

  it("says why the backend is not there and does not poll", async () => {
    vi.mocked(api.getStatus).mockResolvedValue({
      ready: false,
      error: new api.AppError("unavailable", "PostgreSQL is starting"),
      postgres: { ok: false, mode: "embedded", owned: true },
      version: "1.2.3",
    });
    render(<StatusBar />);
    expect(await screen.findByText("Starting… PostgreSQL is starting")).toBeTruthy();
    expect(api.serverStatus).not.toHaveBeenCalled();
  });

  it("shows the start-up steps with a progress bar until the backend is ready", async () => {
    const handlers: Record<string, (p: unknown) => void> = {};
    vi.mocked(api.onEvent).mockImplementation(((name: string, cb: (p: unknown) => void) => {
      handlers[name] = cb;
      return () => {};
    }) as typeof api.onEvent);
    let resolveStatus: (s: api.Status) => void = () => {};
    vi.mocked(api.getStatus)
      .mockReturnValueOnce(new Promise((r) => (resolveStatus = r)))
      .mockResolvedValue({ ready: true, error: null, postgres: { ok: true, mode: "embedded", version: "15.18", owned: true }, version: "1.2.3" });
    vi.mocked(api.getStartup).mockResolvedValue({ phase: "create", fraction: 0, message: "Creating the database (first start)…", done: false });
    vi.mocked(api.serverStatus).mockResolvedValue(server());
    render(<StatusBar />);
    expect(await screen.findByText("Creating the database (first start)…")).toBeTruthy();
    const bar = screen.getByRole("progressbar", { name: "Start-up progress" }) as HTMLProgressElement;
    expect(bar.value).toBe(0);

    act(() => handlers["backend:progress"]({ phase: "start", fraction: 0.56, message: "Starting the database server…", done: false }));
    expect(screen.getByText("Starting the database server…")).toBeTruthy();
    expect(bar.value).toBeCloseTo(0.56);

    await act(async () => {
      handlers["backend:ready"]({ ok: true });
      resolveStatus({ ready: true, error: null, postgres: { ok: true, mode: "embedded", version: "15.18", owned: true }, version: "1.2.3" });
    });
    expect(await screen.findByText("PostgreSQL · embedded")).toBeTruthy();
    expect(screen.queryByRole("progressbar", { name: "Start-up progress" })).toBeNull();
    expect(screen.queryByText("Starting the database server…")).toBeNull();
  });

  it("shows the vault folder's state, its conflicts opening the Conflicts view", async () => {
    vi.mocked(api.serverStatus).mockResolvedValue(server());
    const onConflicts = vi.fn();
    const vault: api.VaultStatus = { ...api.DETACHED, path: "/home/ann/Garden", attached: true, polling: true, conflicts: 2 };
    render(<StatusBar vault={vault} onConflicts={onConflicts} />);
    expect((await screen.findByRole("button", { name: "Vault folder status" })).textContent).toBe("Vault Garden · polling");
    fireEvent.click(screen.getByRole("button", { name: "2 conflicts" }));
    expect(onConflicts).toHaveBeenCalledTimes(1);
  });
});
