import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../api")>()),
  getSettings: vi.fn(),
  saveSettings: vi.fn(),
  serverStatus: vi.fn(),
  testNeo4j: vi.fn(),
  testPostgres: vi.fn(),
  testQdrant: vi.fn(),
}));

import * as api from "../api";
import { SettingsDialog } from "./SettingsDialog";

beforeEach(() => {
  vi.resetAllMocks();
  vi.mocked(api.getSettings).mockResolvedValue({
    config_path: "/home/me/.config/secondbrain/config.json", data_dir: "/data", postgres_dsn: "", postgres_dsn_set: false,
    neo4j_uri: "bolt://db:7687", neo4j_user: "neo4j", neo4j_password: "", neo4j_password_set: true, neo4j_database: "",
    qdrant_addr: "", qdrant_api_key: "", qdrant_api_key_set: false,
    embed_api: "builtin", embed_url: "", embed_model: "", embed_dim: 0, embed_api_key: "", embed_api_key_set: false, from_env: [],
  });
  vi.mocked(api.serverStatus).mockResolvedValue({
    postgres: { ok: true, mode: "embedded", version: "15.18", owned: true },
    neo4j: { configured: true, ok: false, lag_events: 12, lag_seconds: 3, last_error: "connection refused" },
    embeddings: { model: "minilm-l6-m2v-256@2", indexed: 40, total: 50, failed: 1 },
    indexer: { running: true, paused: false, embedded: 40, last_error: "" },
  });
});

describe("SettingsDialog", () => {
  it("shows live status, tests a connection and saves", async () => {
    vi.mocked(api.testNeo4j).mockResolvedValue({ ok: false, version: "", message: "wrong user or password for Neo4j at db" });
    render(<SettingsDialog onClose={vi.fn()} />);
    expect(await screen.findByText(/down: connection refused \(12 events to catch up\)/)).toBeTruthy();
    expect(screen.getByText(/embedded, PostgreSQL 15.18/)).toBeTruthy();
    expect(screen.getByText("minilm-l6-m2v-256@2: 40/50 notes indexed, 1 failed")).toBeTruthy();
    expect((screen.getByLabelText("Neo4j password") as HTMLInputElement).placeholder).toBe("(saved)");
    fireEvent.change(screen.getByLabelText("Neo4j password"), { target: { value: "new" } });
    fireEvent.click(screen.getByRole("button", { name: "Test Neo4j connection" }));
    expect(await screen.findByText("wrong user or password for Neo4j at db")).toBeTruthy();
    expect(api.testNeo4j).toHaveBeenCalledWith("bolt://db:7687", "neo4j", "new", "");
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(api.saveSettings).toHaveBeenCalled());
    expect(vi.mocked(api.saveSettings).mock.calls[0][0]).toMatchObject({ neo4j_password: "new", neo4j_uri: "bolt://db:7687" });
    expect(await screen.findByText(/Restart the app/)).toBeTruthy();
  });
});
