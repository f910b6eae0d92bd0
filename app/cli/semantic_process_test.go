//go:build linux

package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestSemanticSeesOtherProcesses: every command is its own process, as in
// a script. Semantic and hybrid search and `related` answer from the index
// file a command wrote, and must still see what other processes changed
// since: a note edited to another topic, a note trashed.
func TestSemanticSeesOtherProcesses(t *testing.T) {
	dd := []string{"--data-dir", filepath.Join(t.TempDir(), "data"), "--json"}
	cli := func(v any, args ...string) {
		t.Helper()
		cmd := cliProcess(t, append(args, dd...)...)
		var errOut strings.Builder
		cmd.Stderr = &errOut
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%v: %v\n%s", args, err, errOut.String())
		}
		if err := json.Unmarshal(out, v); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	bodyFile := filepath.Join(t.TempDir(), "body.md")
	ids := map[string]noteJSON{}
	for _, n := range []struct{ title, body string }{
		{"Baking bread", "A sourdough starter of flour and water ferments before the loaf rises in the oven. See [[Stock market]]."},
		{"Stock market", "Shares fell sharply as investors worried about interest rates."},
		{"Hiking", "The trail climbs through pine forest to a mountain lake."},
	} {
		os.WriteFile(bodyFile, []byte(n.body), 0o644)
		var created noteJSON
		cli(&created, "note", "new", "--title", n.title, "--body-file", bodyFile)
		ids[n.title] = created
	}
	titles := func(mode, query string) []string {
		t.Helper()
		var res searchJSON
		cli(&res, "search", query, "--mode", mode, "--limit", "3")
		var out []string
		for _, r := range res.Results {
			out = append(out, r.Title)
		}
		return out
	}
	// The first semantic command embeds the notes and writes the file.
	if got := titles("semantic", "climbing a mountain path"); len(got) == 0 || got[0] != "Hiking" {
		t.Fatalf("semantic search = %v; want Hiking first", got)
	}
	// Other processes edit a note to another topic and trash one.
	os.WriteFile(bodyFile, []byte("A violin concerto in three movements for a full orchestra."), 0o644)
	var edited noteJSON
	cli(&edited, "note", "edit", ids["Stock market"].ID, "--body-file", bodyFile, "--expect-version", fmt.Sprint(ids["Stock market"].Version))
	var trashed noteJSON
	cli(&trashed, "note", "trash", ids["Hiking"].ID)
	for _, mode := range []string{"semantic", "hybrid"} {
		if got := titles(mode, "orchestra music with violins"); len(got) == 0 || got[0] != "Stock market" {
			t.Errorf("%s search after the edit = %v; want Stock market (now about music) first", mode, got)
		}
		if got := titles(mode, "climbing a mountain path"); slices.Contains(got, "Hiking") {
			t.Errorf("%s search after the trash = %v; want no Hiking", mode, got)
		}
	}
	var rel struct {
		Related []struct {
			Title string  `json:"title"`
			Sim   float64 `json:"similarity"`
		} `json:"related"`
	}
	cli(&rel, "related", "Baking bread")
	for _, r := range rel.Related {
		if r.Title == "Hiking" {
			t.Errorf("related = %+v; want no trashed Hiking", rel.Related)
		}
	}
}
