package app

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"

	"secondbrain/app/dto"
	"secondbrain/app/stack"
	"secondbrain/backend"
	"secondbrain/backend/agent"
	"secondbrain/backend/config"
	"secondbrain/backend/service"
)

// AgentSettings is what AI agents may reach through `secondbrain mcp`, as
// the Agent activity view shows and edits it.
type AgentSettings struct {
	PrivateFolders []string `json:"private_folders"`
	PrivateTags    []string `json:"private_tags"`
	AllowWrites    bool     `json:"allow_writes"`
	// ClientConfig is the JSON to paste into an MCP client's configuration
	// (Claude Desktop, Cursor, VS Code…) to launch the server.
	ClientConfig string `json:"client_config"`
	// HTTPCommand serves agents over HTTP instead; the bearer token is in
	// the config file (agents.http_token), never shown here.
	HTTPCommand string `json:"http_command"`
	ConfigPath  string `json:"config_path"`
}

// AgentChange is one change an agent made, with its diff.
type AgentChange struct {
	Event   int64  `json:"event"`
	Time    string `json:"time"`
	Kind    string `json:"kind"`
	Agent   string `json:"agent"`
	NoteID  string `json:"note_id"`
	Title   string `json:"title"`
	Path    string `json:"path"`
	Version int    `json:"version"`
	Diff    string `json:"diff"`
}

// Agents returns the agent settings in the config file. Errors:
// unavailable or invalid when the file cannot be read.
func (sa *SettingsAPI) Agents() (AgentSettings, error) {
	c, err := sa.loadFile()
	if err != nil {
		return AgentSettings{}, err
	}
	exe, err := os.Executable()
	if err != nil {
		exe = "secondbrain"
	}
	args := []string{"mcp"}
	if sa.app.cfg.DataDir != "" && sa.app.cfg.DataDir != config.DefaultDataDir() {
		args = append(args, "--data-dir", sa.app.cfg.DataDir)
	}
	type server struct {
		Command string   `json:"command"`
		Args    []string `json:"args"`
	}
	snippet, _ := json.MarshalIndent(map[string]any{"mcpServers": map[string]server{"secondbrain": {Command: exe, Args: args}}}, "", "  ")
	out := AgentSettings{PrivateFolders: c.Agents.PrivateFolders, PrivateTags: c.Agents.PrivateTags, AllowWrites: c.Agents.AllowWrites,
		ClientConfig: string(snippet), HTTPCommand: strings.Join(append([]string{exe}, append(args, "--http", "127.0.0.1:8765")...), " "),
		ConfigPath: sa.file()}
	if out.PrivateFolders == nil {
		out.PrivateFolders = []string{}
	}
	if out.PrivateTags == nil {
		out.PrivateTags = []string{}
	}
	return out, nil
}

// SaveAgents writes the agent settings to the config file; a running
// `secondbrain mcp` applies them to its next call. Errors: invalid for a
// folder that cannot be in the vault, unavailable when the file cannot be
// written.
func (sa *SettingsAPI) SaveAgents(s AgentSettings) error {
	c, err := sa.loadFile()
	if err != nil {
		return err
	}
	folders := []string{}
	for _, f := range s.PrivateFolders {
		cf, err := service.CleanFolder(f)
		if err != nil {
			return err
		}
		if cf != "" {
			folders = append(folders, cf)
		}
	}
	tags := []string{}
	for _, t := range s.PrivateTags {
		if t = strings.Trim(strings.TrimSpace(t), "#/"); t != "" {
			if strings.ContainsAny(t, " \t,") {
				return backend.Errorf(backend.EINVALID, "the tag %q has a space or comma in it", t)
			}
			tags = append(tags, t)
		}
	}
	c.Agents.PrivateFolders, c.Agents.PrivateTags, c.Agents.AllowWrites = folders, tags, s.AllowWrites
	if err := config.Save(sa.file(), c); err != nil {
		return backend.Errorf(backend.EUNAVAILABLE, "cannot write the config file %s: %v", sa.file(), errors.Unwrap(err))
	}
	return nil
}

// AgentActivity returns the latest changes AI agents made, newest first,
// each with its diff.
func (sa *SettingsAPI) AgentActivity(limit int) ([]AgentChange, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	return callTo(sa.app, func(ctx context.Context, s *stack.Stack) ([]agent.AgentEvent, error) {
		return agent.Log(ctx, s.Agents, false, limit)
	}, agentChanges)
}

// agentChanges converts agents' changes.
func agentChanges(evs []agent.AgentEvent) []AgentChange {
	out := make([]AgentChange, len(evs))
	for i, e := range evs {
		out[i] = AgentChange{Event: e.Seq, Time: e.Time, Kind: string(e.Kind), Agent: e.Agent, NoteID: e.NoteID, Title: e.Title, Path: e.Path, Version: e.Version, Diff: e.Diff}
	}
	return out
}

// UndoAgentChange reverses an agent's change (see agent.Undo) and returns
// the note as it is now. Errors: conflict when the note changed since,
// invalid for an event that is not an agent's change, not_found.
func (sa *SettingsAPI) UndoAgentChange(event int64) (dto.Note, error) {
	return callTo(sa.app, func(ctx context.Context, s *stack.Stack) (*backend.Note, error) {
		return agent.Undo(ctx, s.Notes, s.Agents, event)
	}, dto.FromNote)
}
