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
  testEmbedder: vi.fn(),
  setIndexingPaused: vi.fn(),
  agentSettings: vi.fn(),
}));

import * as api from "../api";
import { SettingsDialog } from "./SettingsDialog";

/** settings are the saved settings the dialog opens with. */
const settings = (): api.Settings => ({
  config_path: "/home/me/.config/secondbrain/config.json", data_dir: "/data", postgres_dsn: "", postgres_dsn_set: false,
  neo4j_uri: "bolt://db:7687", neo4j_user: "neo4j", neo4j_password: "", neo4j_password_set: true, neo4j_database: "",
  qdrant_addr: "", qdrant_api_key: "", qdrant_api_key_set: false,
  embed_api: "builtin", embed_url: "", embed_model: "", embed_dim: 0, embed_api_key: "", embed_api_key_set: false, from_env: [],
});

beforeEach(() => {
  vi.resetAllMocks();
  vi.mocked(api.getSettings).mockResolvedValue(settings());
  vi.mocked(api.serverStatus).mockResolvedValue({
    postgres: { ok: true, mode: "embedded", version: "15.18", owned: true },
    neo4j: { configured: true, ok: false, lag_events: 12, lag_seconds: 3, last_error: "connection refused" },
    qdrant: { configured: true, ok: true, lag_events: 0, lag_seconds: 0, last_error: "", server: "Qdrant at db:6334, collection notes" },
    embeddings: { model: "minilm-l6-m2v-256@2", indexed: 40, total: 50, failed: 1 },
    indexer: { running: true, paused: false, embedded: 40, last_error: "" },
  });
  vi.mocked(api.agentSettings).mockResolvedValue({
    private_folders: ["journal"], private_tags: [], allow_writes: false,
    client_config: '{"mcpServers": {"secondbrain": {"command": "/usr/bin/secondbrain", "args": ["mcp"]}}}',
    http_command: "secondbrain mcp --http 127.0.0.1:8765", config_path: "/home/me/.config/secondbrain/config.json",
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

  it("shows the Qdrant projection's status", async () => {
    render(<SettingsDialog onClose={vi.fn()} />);
    expect((await screen.findByLabelText("Qdrant status")).textContent).toBe("● projecting to Qdrant at db:6334, collection notes, 0 events behind");
  });

  it("edits the embedder, tests it, warns of a re-embed and saves the key write-only", async () => {
    vi.mocked(api.testEmbedder).mockResolvedValue({ ok: true, model: "ollama:nomic-embed-text", dim: 768, message: "embedded" });
    render(<SettingsDialog onClose={vi.fn()} />);
    const kind = await screen.findByLabelText("Embedder");
    expect(screen.queryByLabelText("Embedder URL")).toBeNull(); // the built-in model needs nothing
    expect(screen.queryByRole("note")).toBeNull();
    fireEvent.change(kind, { target: { value: "ollama" } });
    fireEvent.change(screen.getByLabelText("Embedder URL"), { target: { value: "http://127.0.0.1:11434" } });
    fireEvent.change(screen.getByLabelText("Embedder model"), { target: { value: "nomic-embed-text" } });
    fireEvent.change(screen.getByLabelText("Embedder API key"), { target: { value: "k" } });
    expect(screen.getByRole("note").textContent).toMatch(/every note is embedded again in the background/);

    fireEvent.click(screen.getByRole("button", { name: "Test embedder connection" }));
    expect(await screen.findByText("Works: ollama:nomic-embed-text, 768 dimensions")).toBeTruthy();
    expect(api.testEmbedder).toHaveBeenCalledWith("ollama", "http://127.0.0.1:11434", "nomic-embed-text", "k", 0);
    fireEvent.click(screen.getByRole("button", { name: "Use 768 dimensions" }));
    expect((screen.getByLabelText("Embedder dimension") as HTMLInputElement).value).toBe("768");

    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(api.saveSettings).toHaveBeenCalled());
    expect(vi.mocked(api.saveSettings).mock.calls[0][0]).toMatchObject({
      embed_api: "ollama",
      embed_url: "http://127.0.0.1:11434",
      embed_model: "nomic-embed-text",
      embed_dim: 768,
      embed_api_key: "k",
    });
  });

  it("picks the ONNX model, which means new vectors, and never sends an endpoint's model name as one", async () => {
    render(<SettingsDialog onClose={vi.fn()} />);
    const kind = await screen.findByLabelText("Embedder");
    expect(screen.queryByLabelText("ONNX model")).toBeNull();
    fireEvent.change(kind, { target: { value: "ollama" } });
    fireEvent.change(screen.getByLabelText("Embedder model"), { target: { value: "nomic-embed-text" } });
    fireEvent.change(kind, { target: { value: "onnx" } });
    const model = screen.getByLabelText("ONNX model") as HTMLSelectElement;
    expect(model.value).toBe(""); // all-MiniLM-L6-v2, not nomic-embed-text
    expect([...model.options].map((o) => o.value)).toEqual(["", "bge-small-en-v1.5", "multilingual-e5-small"]);
    fireEvent.change(model, { target: { value: "bge-small-en-v1.5" } });
    expect(screen.getByRole("note").textContent).toMatch(/every note is embedded again/);
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(api.saveSettings).toHaveBeenCalled());
    expect(vi.mocked(api.saveSettings).mock.calls[0][0]).toMatchObject({ embed_api: "onnx", embed_model: "bge-small-en-v1.5" });
  });

  it("keeps the saved ONNX model, and says nothing of new vectors until it changes", async () => {
    vi.mocked(api.getSettings).mockResolvedValue({ ...settings(), embed_api: "onnx", embed_model: "multilingual-e5-small" });
    render(<SettingsDialog onClose={vi.fn()} />);
    const model = (await screen.findByLabelText("ONNX model")) as HTMLSelectElement;
    expect(model.value).toBe("multilingual-e5-small");
    expect(screen.queryByRole("note")).toBeNull();
    fireEvent.change(model, { target: { value: "" } });
    expect(screen.getByRole("note").textContent).toMatch(/every note is embedded again/);
  });

  it("shows a failed embedder test and pauses the indexer", async () => {
    vi.mocked(api.testEmbedder).mockResolvedValue({ ok: false, model: "", dim: 0, message: "the embedding endpoint does not answer" });
    vi.mocked(api.setIndexingPaused).mockResolvedValue({ running: false, paused: true, embedded: 40, last_error: "" });
    render(<SettingsDialog onClose={vi.fn()} />);
    fireEvent.click(await screen.findByRole("button", { name: "Test embedder connection" }));
    expect(await screen.findByText("the embedding endpoint does not answer")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Pause indexing" }));
    expect(await screen.findByText("Indexing is paused.")).toBeTruthy();
    expect(api.setIndexingPaused).toHaveBeenCalledWith(true);
  });

  it("shows the snippet that connects an MCP client", async () => {
    render(<SettingsDialog onClose={vi.fn()} />);
    const snippet = await screen.findByLabelText("Client configuration");
    expect(JSON.parse(snippet.textContent ?? "")).toEqual({ mcpServers: { secondbrain: { command: "/usr/bin/secondbrain", args: ["mcp"] } } });
    expect(screen.getByText("secondbrain mcp --http 127.0.0.1:8765")).toBeTruthy();
  });

  it("says why when the agent settings cannot be read", async () => {
    vi.mocked(api.agentSettings).mockRejectedValue(new Error('{"code":"unavailable","message":"the database is still starting"}'));
    render(<SettingsDialog onClose={vi.fn()} />);
    expect(await screen.findByText("the database is still starting")).toBeTruthy();
    expect(screen.queryByLabelText("Client configuration")).toBeNull();
  });
});
