package mcp_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"secondbrain/app/mcp"
)

// TestPolicyFollowsConfigFile changes the agents section of the config
// file under a running server: the next call obeys it.
func TestPolicyFollowsConfigFile(t *testing.T) {
	mcp.SetRecheck(0)
	b := openBrain(t, false)
	file := filepath.Join(t.TempDir(), "config.json")
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(file, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(`{"agents": {}}`)
	srv := mcp.NewServer(b.st, mcp.Options{Version: "test", ConfigFile: file})
	st, ct := sdk.NewInMemoryTransports()
	ss, err := srv.Connect(context.Background(), st, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ss.Close()
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "policy-test"}, nil).Connect(context.Background(), ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	fb := &brain{cs: cs}
	if msg := fb.call(t, "create_note", map[string]any{"title": "One"}, nil); !strings.Contains(msg, "writes are turned off") {
		t.Errorf("read-only: %q", msg)
	}
	// The private folder of openBrain's config is not in this file: Diary shows.
	fb.mustCall(t, "read_note", map[string]any{"path": "private/Diary.md"}, nil)

	write(`{"agents": {"allow_writes": true, "private_folders": ["private"]}}`)
	fb.mustCall(t, "create_note", map[string]any{"title": "One"}, nil)
	if msg := fb.call(t, "read_note", map[string]any{"path": "private/Diary.md"}, nil); !strings.HasPrefix(msg, "not_found:") {
		t.Errorf("after making private/ private: %q; want not_found", msg)
	}
	write(`not json`)
	fb.mustCall(t, "create_note", map[string]any{"title": "Two"}, nil) // a broken file keeps the last settings
	os.Remove(file)
	if msg := fb.call(t, "create_note", map[string]any{"title": "Three"}, nil); !strings.Contains(msg, "writes are turned off") {
		t.Errorf("without a config file: %q; want read-only", msg)
	}
}

// TestCanceledCall has a client give up on a call: the server answers the
// others and the same client's next calls.
func TestCanceledCall(t *testing.T) {
	b := openBrain(t, true)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := b.cs.CallTool(ctx, &sdk.CallToolParams{Name: "search", Arguments: map[string]any{"query": "coffee"}}); err == nil {
		t.Error("a canceled call returned no error")
	}
	if msg := b.call(t, "edit_note", map[string]any{"title": "Coffee", "expected_version": 1, "body": "Changed.\n"}, nil); msg != "" {
		t.Errorf("after a canceled call: %s", msg)
	}
	n, err := b.st.Notes.Find(context.Background(), "Coffee")
	if err != nil || n.Version != 2 || n.Body != "Changed.\n" {
		t.Errorf("Coffee: %+v, %v", n, err)
	}
}
