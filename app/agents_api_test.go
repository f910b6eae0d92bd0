package app

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"secondbrain/app/stack"
	"secondbrain/backend"
)

func TestAgentSettingsRoundTrip(t *testing.T) {
	a, _ := startApp(t)
	sa := &SettingsAPI{app: a, path: filepath.Join(t.TempDir(), "config.json")}
	got, err := sa.Agents()
	if err != nil {
		t.Fatal(err)
	}
	if got.AllowWrites || len(got.PrivateFolders) != 0 {
		t.Errorf("defaults %+v; want read-only, nothing private", got)
	}
	var snippet map[string]map[string]struct {
		Command string   `json:"command"`
		Args    []string `json:"args"`
	}
	if err := json.Unmarshal([]byte(got.ClientConfig), &snippet); err != nil {
		t.Fatalf("client config %q: %v", got.ClientConfig, err)
	}
	if s := snippet["mcpServers"]["secondbrain"]; s.Command == "" || s.Args[0] != "mcp" {
		t.Errorf("client config %+v", s)
	}
	if err := sa.SaveAgents(AgentSettings{PrivateFolders: []string{" journal/ ", ""}, PrivateTags: []string{"#secret"}, AllowWrites: true}); err != nil {
		t.Fatal(err)
	}
	got, err = sa.Agents()
	if err != nil {
		t.Fatal(err)
	}
	if !got.AllowWrites || strings.Join(got.PrivateFolders, ",") != "journal" || strings.Join(got.PrivateTags, ",") != "secret" {
		t.Errorf("after save %+v", got)
	}
	for _, bad := range []AgentSettings{{PrivateFolders: []string{"../up"}}, {PrivateTags: []string{"two words"}}} {
		if err := sa.SaveAgents(bad); backend.ErrorCode(err) != backend.EINVALID {
			t.Errorf("SaveAgents(%+v): %v; want invalid", bad, err)
		}
	}
}

func TestAgentActivityAndUndo(t *testing.T) {
	a, _ := startApp(t)
	sa := &SettingsAPI{app: a}
	var id string
	err := a.call(func(ctx context.Context, s *stack.Stack) error {
		n, err := s.Notes.Create(ctx, "Plan", "", "one\n")
		if err != nil {
			return err
		}
		id = n.ID.String()
		_, err = s.Notes.Save(backend.WithOrigin(ctx, "agent:claude"), id, 1, "one\ntwo\n")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	changes, err := sa.AgentActivity(10)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 1 || changes[0].Agent != "claude" || changes[0].Path != "Plan.md" || !strings.Contains(changes[0].Diff, "+two") {
		t.Fatalf("activity %+v; want the agent's one edit with its diff", changes)
	}
	n, err := sa.UndoAgentChange(changes[0].Event)
	if err != nil {
		t.Fatal(err)
	}
	if n.Body != "one\n" || n.Version != 3 {
		t.Errorf("after undo: %q v%d; want the text before the agent's edit as version 3", n.Body, n.Version)
	}
	if _, err := sa.UndoAgentChange(changes[0].Event); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("second undo: %v; want conflict (the note changed since)", err)
	}
}
