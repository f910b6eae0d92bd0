package cli_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"secondbrain/app/stack"
	"secondbrain/backend"
	"secondbrain/backend/config"
	"secondbrain/backend/pgserver/pgtest"
)

func TestMCPLogAndUndo(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	dd := []string{"--postgres", dsn, "--data-dir", t.TempDir()}
	cfg := config.Default()
	cfg.DataDir, cfg.PostgresDSN = t.TempDir(), dsn
	ctx := context.Background()
	st, err := stack.Open(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	n, err := st.Notes.Create(ctx, "Plan", "", "one\n")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Notes.Save(backend.WithOrigin(ctx, "agent:claude"), n.ID.String(), 1, "one\ntwo\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Agents.AppendEvent(backend.WithOrigin(ctx, "agent:claude"), backend.EventAgentCall, map[string]any{"tool": "search"}); err != nil {
		t.Fatal(err)
	}
	st.Close(ctx)

	var log struct {
		Events []struct {
			Event int64          `json:"event"`
			Agent string         `json:"agent"`
			Kind  string         `json:"kind"`
			Path  string         `json:"path"`
			Diff  string         `json:"diff"`
			Call  map[string]any `json:"call"`
		} `json:"events"`
	}
	if code := runJSON(t, &log, append([]string{"mcp", "log"}, dd...)...); code != 0 || len(log.Events) != 1 {
		t.Fatalf("mcp log: exit %d, %+v; want the one write", code, log)
	}
	e := log.Events[0]
	if e.Agent != "claude" || e.Kind != string(backend.EventNoteUpdated) || e.Path != "Plan.md" || !strings.Contains(e.Diff, "+two") {
		t.Errorf("mcp log entry %+v", e)
	}
	if code := runJSON(t, &log, append([]string{"mcp", "log", "--calls"}, dd...)...); code != 0 || len(log.Events) != 2 || log.Events[0].Call["tool"] != "search" {
		t.Errorf("mcp log --calls: exit %d, %+v; want the call and the write", code, log)
	}
	var undone struct {
		Version int `json:"version"`
	}
	if code := runJSON(t, &undone, append([]string{"mcp", "undo", strconv.FormatInt(e.Event, 10)}, dd...)...); code != 0 || undone.Version != 3 {
		t.Errorf("mcp undo: exit %d, %+v; want version 3", code, undone)
	}
	var fail errorJSON
	if code := runJSON(t, &fail, append([]string{"mcp", "undo", strconv.FormatInt(e.Event, 10)}, dd...)...); code != 1 || fail.Error.Code != backend.ECONFLICT {
		t.Errorf("second undo: exit %d, %+v; want a conflict", code, fail)
	}
	if code := runJSON(t, &fail, append([]string{"mcp", "undo", "abc"}, dd...)...); code != 2 {
		t.Errorf("mcp undo abc: exit %d; want 2", code)
	}
}

func TestMCPHTTPLoopbackOnly(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	var fail errorJSON
	if code := runJSON(t, &fail, "mcp", "--http", "0.0.0.0:0", "--data-dir", t.TempDir()); code != 1 || fail.Error.Code != backend.EINVALID {
		t.Errorf("mcp --http 0.0.0.0:0: exit %d, %+v; want invalid", code, fail)
	}
	if _, err := os.Stat(config.FilePath()); !os.IsNotExist(err) {
		t.Errorf("a refused address still wrote a token to %s (%v)", config.FilePath(), err)
	}
}
