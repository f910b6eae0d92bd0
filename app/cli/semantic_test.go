package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSemanticCommands checks `search --mode semantic|hybrid --json` (the
// lexical result shape), `related --json` and the embeddings in `doctor --json`.
func TestSemanticCommands(t *testing.T) {
	dd := []string{"--data-dir", filepath.Join(t.TempDir(), "data")}
	bodyFile := filepath.Join(t.TempDir(), "body.md")
	for _, n := range []struct{ title, body string }{
		{"Baking bread", "# Sourdough\n\nA starter of flour and water ferments for days before the loaf rises in the oven. See [[Ovens]]."},
		{"Ovens", "Wood-fired ovens reach very high temperatures for pizza and loaves."},
		{"Stock market", "Shares fell sharply as investors worried about interest rates."},
		{"Empty", ""},
		{"Emoji", "🎉🚀✨"},
		{"Multilingual", "中文文本 한국어 텍스트 النص العربي"},
	} {
		os.WriteFile(bodyFile, []byte(n.body), 0o644)
		var created noteJSON
		if code := runJSON(t, &created, append([]string{"note", "new", "--title", n.title, "--body-file", bodyFile}, dd...)...); code != 0 {
			t.Fatalf("note new %s: exit %d", n.title, code)
		}
	}
	for _, mode := range []string{"semantic", "hybrid"} {
		var res searchJSON
		if code := runJSON(t, &res, append([]string{"search", "how to make homemade bread", "--mode", mode, "--limit", "3"}, dd...)...); code != 0 {
			t.Fatalf("search --mode %s: exit %d", mode, code)
		}
		if len(res.Results) == 0 || res.Results[0].Title != "Baking bread" || res.Results[0].ID == "" || res.Results[0].Score == nil ||
			res.Results[0].Snippet == nil || !strings.Contains(res.Results[0].Why, "meaning") {
			t.Fatalf("search --mode %s = %+v", mode, res)
		}
		if len(res.Results) > 3 {
			t.Errorf("search --mode %s --limit 3 gave %d hits", mode, len(res.Results))
		}
	}
	var res searchJSON
	if code := runJSON(t, &res, append([]string{"search", "🎉", "--mode", "semantic"}, dd...)...); code != 0 || res.Results == nil || len(res.Results) != 0 {
		t.Errorf("emoji-only semantic search = %+v (exit %d); want results: []", res, code)
	}
	var rel struct {
		Related []struct {
			Title   string  `json:"title"`
			LinksTo bool    `json:"links_to"`
			Sim     float64 `json:"similarity"`
			Why     string  `json:"why"`
		} `json:"related"`
	}
	if code := runJSON(t, &rel, append([]string{"related", "Baking bread", "--limit", "3"}, dd...)...); code != 0 {
		t.Fatalf("related: exit %d", code)
	}
	if len(rel.Related) == 0 || rel.Related[0].Title != "Ovens" || !rel.Related[0].LinksTo ||
		!strings.Contains(rel.Related[0].Why, "links to it") || !strings.Contains(rel.Related[0].Why, "similar") {
		t.Fatalf("related = %+v", rel)
	}
	var doc struct {
		Embeddings *struct {
			Model   string `json:"model"`
			Indexed int    `json:"indexed"`
			Total   int    `json:"total"`
			Failed  int    `json:"failed"`
		} `json:"embeddings"`
	}
	if code := runJSON(t, &doc, append([]string{"doctor"}, dd...)...); code != 0 || doc.Embeddings == nil ||
		doc.Embeddings.Model == "" || doc.Embeddings.Total != 6 || doc.Embeddings.Indexed != 6 || doc.Embeddings.Failed != 0 {
		t.Fatalf("doctor embeddings = %+v (exit %d)", doc.Embeddings, code)
	}
	if _, _, code := run(t, append([]string{"search", "x", "--mode", "semantic", "--property", "a=b"}, dd...)...); code == 0 {
		t.Errorf("semantic search with a property filter succeeded; want an error")
	}
}
