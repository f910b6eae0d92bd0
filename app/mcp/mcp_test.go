package mcp_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"secondbrain/app/cli"
	"secondbrain/app/mcp"
	"secondbrain/app/stack"
	"secondbrain/backend/agent"
	"secondbrain/backend/config"
	"secondbrain/backend/pgserver/pgtest"
)

// cliHelperEnv makes the test binary run the CLI with its arguments
// instead of the tests, so that a test can start `secondbrain mcp` as a
// separate process (see TestStdio).
const cliHelperEnv = "SECONDBRAIN_MCP_TEST_CLI"

func TestMain(m *testing.M) {
	if os.Getenv(cliHelperEnv) != "" {
		os.Exit(cli.Run(context.Background(), "dev", os.Args[1:], os.Stdout, os.Stderr))
	}
	pgtest.Main(m)
}

// brain is a stack with a small vault and a client connected to its MCP
// server over the in-memory transport.
type brain struct {
	st  *stack.Stack
	cs  *sdk.ClientSession
	ids map[string]string
}

// vault: Hub → Diary (private folder) → Target, so Target is reachable
// only through a private note; "Plans" is private by its tag.
var vault = []struct{ title, folder, body string }{
	{"Coffee", "", "# Coffee\n\nI brew pour-over coffee every morning.\n\nSee [[Beans]] and [[Diary]].\n"},
	{"Beans", "food", "---\ntags: [food]\n---\nEthiopian beans make bright coffee.\n"},
	{"Diary", "private", "My secret coffee confessions. See [[Target]].\n"},
	{"Target", "", "A note only the diary links to.\n"},
	{"Hub", "", "The hub links to [[Diary]] and #food.\n"},
	{"Plans", "", "#secret/work plans about coffee and [[Beans]].\n"},
}

func openBrain(t *testing.T, allowWrites bool) *brain {
	t.Helper()
	ctx := context.Background()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.PostgresDSN = pgtest.NewDatabase(t)
	cfg.Agents = config.Agents{PrivateFolders: []string{"Private"}, PrivateTags: []string{"#secret"}, AllowWrites: allowWrites}
	st, err := stack.Open(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close(context.Background()) })
	b := &brain{st: st, ids: map[string]string{}}
	for _, n := range vault {
		note, err := st.Notes.Create(ctx, n.title, n.folder, n.body)
		if err != nil {
			t.Fatal(err)
		}
		b.ids[n.title] = note.ID.String()
	}
	if _, err := st.Agents.ResolveLinks(ctx); err != nil {
		t.Fatal(err)
	}
	srv := mcp.NewServer(st, mcp.Options{Version: "test"})
	st1, ct := sdk.NewInMemoryTransports()
	ss, err := srv.Connect(ctx, st1, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ss.Close() })
	client := sdk.NewClient(&sdk.Implementation{Name: "test-agent", Version: "1"}, nil)
	cs, err := client.Connect(ctx, ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close() })
	b.cs = cs
	return b
}

// call calls a tool and decodes its structured content into out (when
// not nil). It returns the result's error text, "" on success.
func (b *brain) call(t *testing.T, tool string, args any, out any) string {
	t.Helper()
	res, err := b.cs.CallTool(context.Background(), &sdk.CallToolParams{Name: tool, Arguments: args})
	if err != nil {
		t.Fatalf("%s: protocol error %v", tool, err)
	}
	if res.IsError {
		var msg []string
		for _, c := range res.Content {
			if tc, ok := c.(*sdk.TextContent); ok {
				msg = append(msg, tc.Text)
			}
		}
		return strings.Join(msg, " ")
	}
	if len(res.Content) == 0 {
		t.Fatalf("%s: no readable content", tool)
	}
	if out != nil {
		raw, _ := json.Marshal(res.StructuredContent)
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s: decode %s: %v", tool, raw, err)
		}
	}
	return ""
}

func (b *brain) mustCall(t *testing.T, tool string, args any, out any) {
	t.Helper()
	if msg := b.call(t, tool, args, out); msg != "" {
		t.Fatalf("%s(%v): %s", tool, args, msg)
	}
}

func TestTools(t *testing.T) {
	b := openBrain(t, true)
	ctx := context.Background()
	tools, err := b.cs.ListTools(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, tl := range tools.Tools {
		have[tl.Name] = true
		if tl.Description == "" || tl.InputSchema == nil {
			t.Errorf("tool %s has no description or input schema", tl.Name)
		}
	}
	for _, name := range []string{"search", "read_note", "related", "backlinks", "graph_neighbors", "graph_path", "list_notes", "list_tags", "daily_note",
		"create_note", "append_to_note", "edit_note", "rename_note", "add_tag"} {
		if !have[name] {
			t.Errorf("tool %s missing", name)
		}
	}

	t.Run("search cites the passage", func(t *testing.T) {
		var res agent.SearchResult
		b.mustCall(t, "search", map[string]any{"query": "pour-over", "mode": "lexical"}, &res)
		if len(res.Hits) != 1 || res.Hits[0].Title != "Coffee" {
			t.Fatalf("got %+v; want Coffee", res.Hits)
		}
		c := res.Hits[0].Citation
		if c.NoteID != b.ids["Coffee"] || c.Version != 1 || c.Path != "Coffee.md" || c.LineStart != 3 || c.LineEnd != 3 {
			t.Errorf("citation %+v; want Coffee.md v1 lines 3-3", c)
		}
		if !strings.Contains(res.Hits[0].Snippet, "«") {
			t.Errorf("snippet %q has no marked match", res.Hits[0].Snippet)
		}
	})
	t.Run("search filters", func(t *testing.T) {
		var res agent.SearchResult
		b.mustCall(t, "search", map[string]any{"query": "coffee", "folder": "food"}, &res)
		if len(res.Hits) != 1 || res.Hits[0].Title != "Beans" {
			t.Errorf("folder filter: got %+v; want Beans", res.Hits)
		}
		b.mustCall(t, "search", map[string]any{"query": "coffee", "tag": "food", "since": "2000-01-01"}, &res)
		if len(res.Hits) != 1 || res.Hits[0].Title != "Beans" {
			t.Errorf("tag filter: got %+v; want Beans", res.Hits)
		}
	})
	t.Run("read_note", func(t *testing.T) {
		var n agent.NoteText
		b.mustCall(t, "read_note", map[string]any{"title": "coffee"}, &n)
		if n.Version != 1 || n.Path != "Coffee.md" || n.TotalLines != 5 || !strings.HasPrefix(n.Markdown, "# Coffee") {
			t.Errorf("got %+v", n)
		}
		if len(n.Links) != 2 || !n.Links[0].Resolved || n.Links[0].Title != "Beans" || n.Links[1].Resolved || n.Links[1].ID != "" {
			t.Errorf("links %+v; want Beans resolved, Diary (private) unresolved", n.Links)
		}
		b.mustCall(t, "read_note", map[string]any{"path": "food/Beans.md", "line_start": 4, "line_end": 4}, &n)
		if n.Markdown != "Ethiopian beans make bright coffee." || n.Backlinks != 1 || len(n.Tags) != 1 {
			t.Errorf("lines 4-4 of Beans: %+v; want the one line, 1 visible backlink (Coffee; Plans is private), tag food", n)
		}
		if msg := b.call(t, "read_note", map[string]any{"id": b.ids["Beans"], "title": "Beans"}, nil); !strings.HasPrefix(msg, "invalid:") {
			t.Errorf("id and title: %q; want invalid", msg)
		}
		if msg := b.call(t, "read_note", map[string]any{"title": "../Coffee"}, nil); !strings.HasPrefix(msg, "not_found:") {
			t.Errorf("title ../Coffee: %q; want not_found", msg)
		}
	})
	t.Run("graph", func(t *testing.T) {
		var bl mcp.BacklinksOutput
		b.mustCall(t, "backlinks", map[string]any{"title": "Beans"}, &bl)
		if len(bl.Backlinks) != 1 || bl.Backlinks[0].Title != "Coffee" {
			t.Errorf("backlinks of Beans %+v; want Coffee only", bl.Backlinks)
		}
		var g agent.Subgraph
		b.mustCall(t, "graph_neighbors", map[string]any{"title": "Coffee", "depth": 1}, &g)
		if len(g.Nodes) != 2 {
			t.Errorf("neighbours of Coffee %+v; want Coffee and Beans", g.Nodes)
		}
		var p agent.Path
		b.mustCall(t, "graph_path", map[string]any{"from": map[string]any{"title": "Coffee"}, "to": map[string]any{"title": "Hub"}}, &p)
		if !p.Found || len(p.Nodes) != 4 { // Coffee → Beans → tag:food → Hub, not through Diary
			t.Errorf("path Coffee→Hub %+v; want 4 nodes avoiding Diary", p)
		}
	})
	t.Run("lists", func(t *testing.T) {
		var l agent.NoteList
		b.mustCall(t, "list_notes", map[string]any{"limit": 2}, &l)
		if l.Total != 4 || len(l.Notes) != 2 || l.NextOffset != 2 {
			t.Errorf("list_notes %+v; want 4 visible notes, a page of 2, next 2", l)
		}
		var food agent.NoteList
		b.mustCall(t, "list_notes", map[string]any{"tag": "food"}, &food)
		if food.Total != 2 || food.NextOffset != 0 { // Beans and Hub; Plans is private
			t.Errorf("list_notes tag food %+v; want Beans and Hub", food)
		}
		var tags mcp.TagsOutput
		b.mustCall(t, "list_tags", nil, &tags)
		if len(tags.Tags) != 1 || tags.Tags[0].Name != "food" || tags.Tags[0].Count != 2 {
			t.Errorf("list_tags %+v; want food: 2 (secret/work and Plans hidden)", tags.Tags)
		}
	})
	t.Run("daily_note", func(t *testing.T) {
		if msg := b.call(t, "daily_note", map[string]any{"date": "2026-01-02"}, nil); !strings.HasPrefix(msg, "not_found:") {
			t.Errorf("missing daily note: %q; want not_found", msg)
		}
		var n agent.NoteText
		b.mustCall(t, "daily_note", map[string]any{"date": "2026-01-02", "create": true}, &n)
		if n.Path != "journal/2026-01-02.md" {
			t.Errorf("daily note %+v", n)
		}
		if msg := b.call(t, "daily_note", map[string]any{"date": "Jan 2"}, nil); !strings.HasPrefix(msg, "invalid:") {
			t.Errorf("bad date: %q; want invalid", msg)
		}
	})
}
