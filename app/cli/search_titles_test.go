package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSearchTitleFirst: `search` puts the note whose title is the query
// first, by words and by both, though a long note naming it all the time
// and linked from everywhere ranks first by BM25; `search --tag T` without
// words lists the tag's notes, newest first, nested tags included; `eval
// --titles` scores known-item search over the vault's titles.
func TestSearchTitleFirst(t *testing.T) {
	vault := t.TempDir()
	dd := []string{"--data-dir", filepath.Join(t.TempDir(), "data")}
	put := func(name, body string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(vault, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	put("Flancia.md", "A place. #place")
	put("Flancia journal.md", "#place/town\n"+strings.Repeat("Walked through flancia today; flancia was kind. ", 300))
	for i := range 20 {
		put(fmt.Sprintf("Day %d.md", i), "Read [[Flancia journal]] about flancia and flancia again.")
	}
	if _, stderr, code := run(t, append([]string{"import", vault, "--quiet"}, dd...)...); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	for _, mode := range []string{"lexical", "hybrid"} {
		for _, q := range []string{"flancia", "Flancia", "flanc", "flnacia"} {
			var res searchJSON
			if code := runJSON(t, &res, append([]string{"search", q, "--mode", mode, "--limit", "5"}, dd...)...); code != 0 {
				t.Fatalf("search %q --mode %s: exit %d", q, mode, code)
			}
			if len(res.Results) == 0 || res.Results[0].Title != "Flancia" {
				var got []string
				for _, r := range res.Results {
					got = append(got, r.Title)
				}
				t.Errorf("search %q --mode %s = %v; want Flancia first", q, mode, got)
			}
		}
	}

	var res searchJSON
	if code := runJSON(t, &res, append([]string{"search", "--tag", "place"}, dd...)...); code != 0 || len(res.Results) != 2 {
		t.Fatalf("search --tag place = %+v (exit %d); want the two tagged notes", res, code)
	}
	if _, stderr, code := run(t, append([]string{"search"}, dd...)...); code != 2 || !strings.Contains(stderr, "filter") {
		t.Errorf("search without words or filter: exit %d, %q; want a usage error naming the filters", code, stderr)
	}

	var rep struct {
		Mode   string `json:"mode"`
		Notes  int    `json:"notes"`
		Titles int    `json:"titles"`
		Exact  struct {
			Queries int     `json:"queries"`
			MRR10   float64 `json:"mrr_at_10"`
			Top1    float64 `json:"top1"`
		} `json:"exact"`
		Prefix *struct{} `json:"prefix"`
		Typo   *struct{} `json:"typo"`
		Misses []struct {
			Kind string `json:"kind"`
		} `json:"misses"`
	}
	if code := runJSON(t, &rep, append([]string{"eval", "--titles", vault, "--mode", "lexical"}, dd...)...); code != 0 {
		t.Fatalf("eval --titles: exit %d", code)
	}
	if rep.Mode != "lexical" || rep.Notes != 22 || rep.Titles != 22 || rep.Exact.Queries != 22 ||
		rep.Exact.MRR10 != 1 || rep.Exact.Top1 != 1 || rep.Prefix == nil || rep.Typo == nil || rep.Misses == nil {
		t.Errorf("eval --titles = %+v; want every exact title first", rep)
	}
}
