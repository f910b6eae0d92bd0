// Settings: the servers the app uses, testing a connection before saving it,
// and the live status of every store and projection.
import * as SettingsBinding from "../../wailsjs/go/app/SettingsAPI";
import { app, type stack } from "../../wailsjs/go/models";
import { call } from "./core";
import { type IndexerState, type PostgresStatus, postgresOrStopped } from "./system";

/** EmbedAPI names an embedder kind. */
export type EmbedAPI = "builtin" | "onnx" | "ollama" | "openai";

/**
 * Settings are the servers the app uses; secret fields are write-only (the *_set flags say whether one is saved).
 * embed_api is the embedder: the built-in model, the onnx transformer, or an Ollama / OpenAI-compatible endpoint;
 * embed_dim is the model's vector length, 0 lets the endpoint's first answer tell.
 */
export type Settings = Omit<app.Settings, "embed_api"> & { embed_api: EmbedAPI };

/** EmbedderTest is the outcome of an embedder's "test connection". */
export type EmbedderTest = app.EmbedderTest;

/** ConnectionTest is the outcome of a "test connection". */
export type ConnectionTest = app.ConnectionTest;

/** ProjectionStatus is a derived projection's health and lag. */
export type ProjectionStatus = stack.ProjectionStatus;

/** EmbeddingsStatus is how far the background indexer got. */
export type EmbeddingsStatus = stack.EmbeddingsStatus;

/** ServerStatus is the live status of every store and projection; qdrant's configured is false when vectors are searched in the app. */
export interface ServerStatus {
  postgres: PostgresStatus;
  neo4j: ProjectionStatus;
  qdrant: ProjectionStatus;
  embeddings: EmbeddingsStatus;
  indexer: IndexerState;
}

function toEmbedAPI(s: string | undefined): EmbedAPI {
  return s === "onnx" || s === "ollama" || s === "openai" ? s : "builtin";
}

/** getSettings returns the settings in force, without secrets. */
export async function getSettings(): Promise<Settings> {
  const s = await call(() => SettingsBinding.Get());
  return {
    ...s,
    // Secrets are write-only: never shown, even should the backend send one.
    postgres_dsn: "",
    neo4j_password: "",
    qdrant_api_key: "",
    embed_api_key: "",
    embed_api: toEmbedAPI(s?.embed_api),
    from_env: s?.from_env ?? [],
  };
}

/** saveSettings writes the settings to the config file; they apply at the next start. */
export async function saveSettings(s: Settings): Promise<void> {
  await call(() => SettingsBinding.Save(app.Settings.createFrom(s)));
}

/** testPostgres tries a PostgreSQL connection string ("" for the saved one). */
export async function testPostgres(dsn: string): Promise<ConnectionTest> {
  return await call(() => SettingsBinding.TestPostgres(dsn));
}

/** testNeo4j tries a Neo4j server ("" password for the saved one). */
export async function testNeo4j(uri: string, user: string, password: string, database: string): Promise<ConnectionTest> {
  return await call(() => SettingsBinding.TestNeo4j(uri, user, password, database));
}

/** testQdrant tries a Qdrant server ("" key for the saved one). */
export async function testQdrant(addr: string, apiKey: string): Promise<ConnectionTest> {
  return await call(() => SettingsBinding.TestQdrant(addr, apiKey));
}

/** testEmbedder embeds one short text with an embedder ("" key for the saved one; dim 0 for the saved or learned one). */
export async function testEmbedder(api: EmbedAPI, url: string, model: string, apiKey: string, dim: number): Promise<EmbedderTest> {
  return await call(() => SettingsBinding.TestEmbedder(api, url, model, apiKey, dim));
}

/** serverStatus reports every store and projection now. */
export async function serverStatus(): Promise<ServerStatus> {
  const s = await call(() => SettingsBinding.Status());
  return { ...s, postgres: postgresOrStopped(s.postgres) };
}
