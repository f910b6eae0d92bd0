// Agents: what AI agents reach through `secondbrain mcp`, and the changes
// they made (with undo).
import * as SettingsBinding from "../../wailsjs/go/app/SettingsAPI";
import { app } from "../../wailsjs/go/models";
import { call } from "./core";
import { type Note, toNote } from "./notes";

/**
 * AgentSettings is what AI agents reach through `secondbrain mcp`: hidden folders and tags, whether they may write,
 * and how to connect a client (client_config is the JSON to paste into an MCP client's configuration).
 */
export type AgentSettings = app.AgentSettings;

/** AgentChange is a change an AI agent made to a note, with its unified diff. */
export type AgentChange = app.AgentChange;

/** agentSettings reads the agent settings from the config file. */
export async function agentSettings(): Promise<AgentSettings> {
  return await call(() => SettingsBinding.Agents());
}

/** saveAgentSettings writes the hidden folders and tags and the write permission ("invalid" for a folder outside the vault). */
export async function saveAgentSettings(s: Pick<AgentSettings, "private_folders" | "private_tags" | "allow_writes">): Promise<void> {
  await call(() => SettingsBinding.SaveAgents(app.AgentSettings.createFrom({ ...s, client_config: "", http_command: "", config_path: "" })));
}

/** agentActivity lists the latest changes agents made, newest first. */
export async function agentActivity(limit = 100): Promise<AgentChange[]> {
  return (await call(() => SettingsBinding.AgentActivity(limit))) ?? [];
}

/** undoAgentChange reverses an agent's change; "conflict" when the note changed since. */
export async function undoAgentChange(event: number): Promise<Note> {
  return toNote(await call(() => SettingsBinding.UndoAgentChange(event)));
}
