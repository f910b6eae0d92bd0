package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type searchJSON struct {
	Results []struct {
		ID      string   `json:"id"`
		Title   string   `json:"title"`
		Path    string   `json:"path"`
		Score   *float64 `json:"score"`
		Snippet *string  `json:"snippet"`
		Why     string   `json:"why"`
	} `json:"results"`
}

// TestSearchCommand checks the `search --json` contract.
func TestSearchCommand(t *testing.T) {
	dd := []string{"--data-dir", filepath.Join(t.TempDir(), "data")}
	bodyFile := filepath.Join(t.TempDir(), "body.md")
	for _, n := range []struct{ title, folder, body string }{
		{"Café notes", "", "Espresso <b>and</b> cake."},
		{"Gardening", "home", "Compost and espresso grounds."},
		{"Other", "", "Nothing to see."},
	} {
		os.WriteFile(bodyFile, []byte(n.body), 0o644)
		var created noteJSON
		args := append([]string{"note", "new", "--title", n.title, "--body-file", bodyFile}, dd...)
		if n.folder != "" {
			args = append(args, "--folder", n.folder)
		}
		if code := runJSON(t, &created, args...); code != 0 {
			t.Fatalf("note new %s: exit %d", n.title, code)
		}
	}
	var res searchJSON
	if code := runJSON(t, &res, append([]string{"search", "espresso", "cake", "--mode", "lexical", "--limit", "5"}, dd...)...); code != 0 {
		t.Fatalf("search exit %d", code)
	}
	if len(res.Results) != 2 || res.Results[0].Title != "Café notes" || res.Results[0].Path != "Café notes.md" || res.Results[0].ID == "" ||
		res.Results[0].Score == nil || res.Results[0].Snippet == nil || !strings.Contains(*res.Results[0].Snippet, "<mark>Espresso</mark>") ||
		!strings.Contains(*res.Results[0].Snippet, "&lt;b&gt;") {
		t.Fatalf("search = %+v", res)
	}
	res = searchJSON{}
	if code := runJSON(t, &res, append([]string{"search", "cafe", "--limit", "1"}, dd...)...); code != 0 || len(res.Results) != 1 || res.Results[0].Title != "Café notes" {
		t.Fatalf("unaccented search = %+v (exit %d)", res, code)
	}
	res = searchJSON{}
	if code := runJSON(t, &res, append([]string{"search", "espresso", "--folder", "home"}, dd...)...); code != 0 || len(res.Results) != 1 || res.Results[0].Title != "Gardening" {
		t.Fatalf("folder search = %+v (exit %d)", res, code)
	}
	res = searchJSON{}
	if code := runJSON(t, &res, append([]string{"search", "zzzzqqq"}, dd...)...); code != 0 || res.Results == nil || len(res.Results) != 0 {
		t.Fatalf("empty search = %+v (exit %d); want results: []", res, code)
	}
	var bad errorJSON
	if code := runJSON(t, &bad, append([]string{"search", "-x"}, dd...)...); code == 0 || bad.Error.Code != "invalid" {
		t.Fatalf("search with nothing to find = %+v (exit %d); want invalid", bad, code)
	}
	if code := runJSON(t, &bad, append([]string{"search", "x", "--limit", "0"}, dd...)...); code != 2 || bad.Error.Code != "invalid" {
		t.Fatalf("search --limit 0 = %+v (exit %d); want a usage error", bad, code)
	}
}

// TestEvalCommand runs `eval` on a tiny relevance set in the BEIR layout.
func TestEvalCommand(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "corpus.jsonl"), []byte(`{"_id": "1", "title": "Apples", "text": "Apples are red fruit."}
{"_id": "2", "title": "Bananas/Plantains", "text": "Bananas are yellow fruit."}
{"_id": "3", "title": "Apples", "text": "Cherries are small and red."}
`), 0o644)
	os.WriteFile(filepath.Join(dir, "queries.jsonl"), []byte(`{"_id": "a", "text": "red apples"}
{"_id": "b", "text": "yellow plantains"}
`), 0o644)
	os.MkdirAll(filepath.Join(dir, "qrels"), 0o755)
	os.WriteFile(filepath.Join(dir, "qrels", "test.tsv"), []byte("query-id\tcorpus-id\tscore\na\t1\t1\nb\t2\t1\n"), 0o644)
	var rep struct {
		Mode      string   `json:"mode"`
		Queries   int      `json:"queries"`
		NDCG10    *float64 `json:"ndcg_at_10"`
		Recall100 *float64 `json:"recall_at_100"`
		MRR10     *float64 `json:"mrr_at_10"`
		Baseline  struct {
			Name      string   `json:"name"`
			NDCG10    *float64 `json:"ndcg_at_10"`
			Recall100 *float64 `json:"recall_at_100"`
		} `json:"baseline"`
		DurationMS *int64 `json:"duration_ms"`
	}
	if code := runJSON(t, &rep, "eval", dir, "--mode", "lexical"); code != 0 {
		t.Fatalf("eval exit %d", code)
	}
	if rep.Mode != "lexical" || rep.Queries != 2 || rep.NDCG10 == nil || *rep.NDCG10 != 1 || rep.Recall100 == nil || *rep.Recall100 != 1 ||
		rep.MRR10 == nil || rep.Baseline.Name != "bm25" || rep.Baseline.NDCG10 == nil || rep.Baseline.Recall100 == nil || rep.DurationMS == nil {
		t.Fatalf("eval = %+v", rep)
	}
	var bad errorJSON
	if code := runJSON(t, &bad, "eval", t.TempDir()); code == 0 || bad.Error.Code != "invalid" {
		t.Fatalf("eval of an empty dir = %+v (exit %d); want invalid", bad, code)
	}
}
