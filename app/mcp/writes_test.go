package mcp_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"secondbrain/backend"
	"secondbrain/backend/agent"
)

// TestPrivateUnreachable calls every read tool, resource and list in ways
// that would reach the private notes (Diary in a private folder, Plans by a
// private tag) and checks that no answer names them, counts them or walks
// through them.
func TestPrivateUnreachable(t *testing.T) {
	b := openBrain(t, true)
	ctx := context.Background()
	// The private notes' titles may appear in the visible notes' own text
	// ([[Diary]] in Coffee); their ids, paths, bodies and tags never.
	secret := []string{b.ids["Diary"], b.ids["Plans"], "Plans", "confessions", "secret", "private/"}
	check := func(what string, v any) {
		t.Helper()
		raw, _ := json.Marshal(v)
		for _, s := range secret {
			if strings.Contains(strings.ToLower(string(raw)), strings.ToLower(s)) {
				t.Errorf("%s reveals %q: %s", what, s, raw)
			}
		}
	}
	calls := []struct {
		tool string
		args map[string]any
	}{
		{"search", map[string]any{"query": "coffee", "limit": 100}},
		{"search", map[string]any{"query": "confessions"}},
		{"search", map[string]any{"query": "", "folder": "private"}},
		{"search", map[string]any{"query": "plans", "tag": "secret"}},
		{"search", map[string]any{"query": "coffee", "mode": "hybrid"}},
		{"read_note", map[string]any{"title": "Coffee"}},
		{"read_note", map[string]any{"title": "Hub"}},
		{"read_note", map[string]any{"title": "Target"}},
		{"backlinks", map[string]any{"title": "Target"}},
		{"backlinks", map[string]any{"title": "Beans"}},
		{"related", map[string]any{"title": "Coffee", "limit": 50}},
		{"graph_neighbors", map[string]any{"title": "Hub", "depth": 3, "limit": 1000}},
		{"graph_neighbors", map[string]any{"title": "Coffee", "depth": 3}},
		{"graph_neighbors", map[string]any{"title": "Target", "depth": 3}},
		{"graph_path", map[string]any{"from": map[string]any{"title": "Hub"}, "to": map[string]any{"title": "Target"}, "max_depth": 5}},
		{"graph_path", map[string]any{"from": map[string]any{"title": "Coffee"}, "to": map[string]any{"title": "Target"}, "max_depth": 5}},
		{"list_notes", map[string]any{"limit": 500}},
		{"list_notes", map[string]any{"folder": "private"}},
		{"list_notes", map[string]any{"tag": "secret"}},
		{"list_tags", nil},
	}
	for _, c := range calls {
		res, err := b.cs.CallTool(ctx, &sdk.CallToolParams{Name: c.tool, Arguments: c.args})
		if err != nil {
			t.Fatalf("%s: %v", c.tool, err)
		}
		if res.IsError && c.tool != "related" { // related needs semantic search, which may be off
			t.Errorf("%s %v: %v", c.tool, c.args, res.Content)
		}
		check(c.tool, res)
	}
	// Target is reachable only through Diary: no path, no neighbour.
	var p agent.Path
	b.mustCall(t, "graph_path", map[string]any{"from": map[string]any{"title": "Hub"}, "to": map[string]any{"title": "Target"}, "max_depth": 5}, &p)
	if p.Found {
		t.Errorf("path Hub→Target found %+v; the only one runs through the private Diary", p.Nodes)
	}
	var g agent.Subgraph
	b.mustCall(t, "graph_neighbors", map[string]any{"title": "Target", "depth": 3}, &g)
	if len(g.Nodes) != 1 {
		t.Errorf("neighbours of Target %+v; want Target alone", g.Nodes)
	}
	// Named directly, the private notes do not exist.
	for _, args := range []map[string]any{{"id": b.ids["Diary"]}, {"path": "private/Diary.md"}, {"title": "Diary"}, {"title": "Plans"}, {"id": b.ids["Plans"]}} {
		for _, tool := range []string{"read_note", "backlinks", "graph_neighbors", "related"} {
			if msg := b.call(t, tool, args, nil); !strings.HasPrefix(msg, "not_found:") && !(tool == "related" && strings.HasPrefix(msg, "unavailable:")) {
				t.Errorf("%s %v: %q; want not_found", tool, args, msg)
			}
		}
		for tool, extra := range map[string]string{"append_to_note": "text", "add_tag": "tag"} {
			a := map[string]any{extra: "x"}
			for k, v := range args {
				a[k] = v
			}
			if msg := b.call(t, tool, a, nil); !strings.HasPrefix(msg, "not_found:") {
				t.Errorf("%s %v: %q; want not_found", tool, args, msg)
			}
		}
	}
	if msg := b.call(t, "graph_path", map[string]any{"from": map[string]any{"title": "Hub"}, "to": map[string]any{"id": b.ids["Diary"]}}, nil); !strings.HasPrefix(msg, "not_found:") {
		t.Errorf("graph_path to Diary: %q; want not_found", msg)
	}
	for _, uri := range []string{"note://" + b.ids["Diary"], "note:///private/Diary.md", "note://" + b.ids["Plans"]} {
		if _, err := b.cs.ReadResource(ctx, &sdk.ReadResourceParams{URI: uri}); err == nil {
			t.Errorf("resource %s read; want not found", uri)
		}
	}
	// Agents cannot write into private folders or add private tags.
	if msg := b.call(t, "create_note", map[string]any{"title": "Leak", "folder": "private/sub"}, nil); !strings.HasPrefix(msg, "invalid:") {
		t.Errorf("create in a private folder: %q; want invalid", msg)
	}
	if msg := b.call(t, "add_tag", map[string]any{"title": "Coffee", "tag": "secret/x"}, nil); !strings.HasPrefix(msg, "invalid:") {
		t.Errorf("add a private tag: %q; want invalid", msg)
	}
}

func TestResourcesAndPrompts(t *testing.T) {
	b := openBrain(t, false)
	ctx := context.Background()
	for _, uri := range []string{"note://" + b.ids["Coffee"], "note:///Coffee.md"} {
		res, err := b.cs.ReadResource(ctx, &sdk.ReadResourceParams{URI: uri})
		if err != nil {
			t.Fatalf("%s: %v", uri, err)
		}
		if len(res.Contents) != 1 || !strings.HasPrefix(res.Contents[0].Text, "# Coffee") || res.Contents[0].MIMEType != "text/markdown" {
			t.Errorf("%s: %+v", uri, res.Contents)
		}
	}
	if _, err := b.cs.ReadResource(ctx, &sdk.ReadResourceParams{URI: "note://not-an-id"}); err == nil {
		t.Error("note://not-an-id read; want an error")
	}
	tmpl, err := b.cs.ListResourceTemplates(ctx, nil)
	if err != nil || len(tmpl.ResourceTemplates) != 2 {
		t.Errorf("resource templates %v, %v; want 2", tmpl, err)
	}
	ps, err := b.cs.ListPrompts(ctx, nil)
	if err != nil || len(ps.Prompts) != 2 {
		t.Fatalf("prompts %v, %v; want 2", ps, err)
	}
	got, err := b.cs.GetPrompt(ctx, &sdk.GetPromptParams{Name: "summarise_notes", Arguments: map[string]string{"topic": "coffee"}})
	if err != nil {
		t.Fatal(err)
	}
	if txt := got.Messages[0].Content.(*sdk.TextContent).Text; !strings.Contains(txt, `"coffee"`) || !strings.Contains(txt, "cite") {
		t.Errorf("summarise prompt %q", txt)
	}
	if _, err := b.cs.GetPrompt(ctx, &sdk.GetPromptParams{Name: "this_week"}); err != nil {
		t.Error(err)
	}
}

func TestReadOnly(t *testing.T) {
	b := openBrain(t, false)
	for _, c := range []struct {
		tool string
		args map[string]any
	}{
		{"create_note", map[string]any{"title": "New"}},
		{"create_note", map[string]any{"title": "New", "dry_run": true}},
		{"append_to_note", map[string]any{"title": "Coffee", "text": "more"}},
		{"edit_note", map[string]any{"title": "Coffee", "expected_version": 1, "body": "x"}},
		{"rename_note", map[string]any{"title": "Coffee", "expected_version": 1, "new_title": "Tea"}},
		{"add_tag", map[string]any{"title": "Coffee", "tag": "drinks"}},
		{"daily_note", map[string]any{"create": true}},
	} {
		if msg := b.call(t, c.tool, c.args, nil); !strings.Contains(msg, "writes are turned off") {
			t.Errorf("%s in read-only mode: %q; want refused", c.tool, msg)
		}
	}
	n, err := b.st.Notes.Find(context.Background(), "Coffee")
	if err != nil || n.Version != 1 {
		t.Errorf("Coffee after refused writes: %v, %v; want version 1", n, err)
	}
}

func TestWrites(t *testing.T) {
	b := openBrain(t, true)
	ctx := context.Background()
	get := func(title string) *backend.Note {
		t.Helper()
		n, err := b.st.Notes.Find(ctx, title)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	var w agent.WriteResult
	b.mustCall(t, "create_note", map[string]any{"title": "Tea", "folder": "drinks", "body": "Green tea.\n", "dry_run": true}, &w)
	if !w.DryRun || w.Path != "drinks/Tea.md" || !strings.Contains(w.Diff, "+Green tea.") {
		t.Errorf("dry run %+v", w)
	}
	if _, err := b.st.Notes.Find(ctx, "Tea"); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Fatalf("a dry run created the note: %v", err)
	}
	b.mustCall(t, "create_note", map[string]any{"title": "Tea", "folder": "drinks", "body": "Green tea.\n"}, &w)
	if w.DryRun || w.Version != 1 || w.Event == 0 {
		t.Errorf("create %+v", w)
	}
	if msg := b.call(t, "create_note", map[string]any{"title": "Tea", "folder": "drinks"}, nil); !strings.HasPrefix(msg, "conflict:") {
		t.Errorf("create twice: %q; want conflict", msg)
	}
	for _, title := range []string{"../escape", "a/b", "..", ""} {
		if msg := b.call(t, "create_note", map[string]any{"title": title}, nil); !strings.HasPrefix(msg, "invalid:") {
			t.Errorf("title %q: %q; want invalid", title, msg)
		}
	}
	if msg := b.call(t, "create_note", map[string]any{"title": "x", "folder": "../out"}, nil); !strings.HasPrefix(msg, "invalid:") {
		t.Errorf("folder ../out: %q; want invalid", msg)
	}

	// Typed notes are found by their front-matter type.
	b.mustCall(t, "create_note", map[string]any{"title": "Ada", "body": "---\ntype: person\n---\nAda wrote about engines.\n"}, &w)
	for typ, want := range map[string]int{"person": 1, "Person": 1, "project": 0} {
		var res agent.SearchResult
		b.mustCall(t, "search", map[string]any{"query": "engines", "type": typ}, &res)
		var l agent.NoteList
		b.mustCall(t, "list_notes", map[string]any{"type": typ}, &l)
		if len(res.Hits) != want || l.Total != want {
			t.Errorf("type %q: %d hits, %d listed; want %d", typ, len(res.Hits), l.Total, want)
		}
	}

	// Append, then edit by patch against the version read.
	b.mustCall(t, "append_to_note", map[string]any{"title": "Tea", "text": "Sencha is grassy."}, &w)
	if got := get("Tea").Body; got != "Green tea.\nSencha is grassy.\n" || w.Version != 2 {
		t.Errorf("after append: %q (v%d)", got, w.Version)
	}
	patch := "--- a/drinks/Tea.md\n+++ b/drinks/Tea.md\n@@ -1,2 +1,2 @@\n-Green tea.\n+Green tea, steeped at 75 °C.\n Sencha is grassy.\n"
	b.mustCall(t, "edit_note", map[string]any{"title": "Tea", "expected_version": 2, "patch": patch, "dry_run": true}, &w)
	if !w.DryRun || !strings.Contains(w.Diff, "+Green tea, steeped at 75 °C.") || get("Tea").Version != 2 {
		t.Errorf("patch dry run %+v", w)
	}
	if msg := b.call(t, "edit_note", map[string]any{"title": "Tea", "expected_version": 1, "patch": patch}, nil); !strings.HasPrefix(msg, "conflict:") {
		t.Errorf("stale version: %q; want conflict", msg)
	}
	bad := "@@ -1,1 +1,1 @@\n-Black tea.\n+Oolong.\n"
	if msg := b.call(t, "edit_note", map[string]any{"title": "Tea", "expected_version": 2, "patch": bad}, nil); !strings.HasPrefix(msg, "invalid:") || !strings.Contains(msg, "does not apply") {
		t.Errorf("patch that does not apply: %q; want invalid", msg)
	}
	if msg := b.call(t, "edit_note", map[string]any{"title": "Tea", "expected_version": 2}, nil); !strings.HasPrefix(msg, "invalid:") {
		t.Errorf("neither body nor patch: %q; want invalid", msg)
	}
	if get("Tea").Version != 2 {
		t.Fatal("a failed edit wrote")
	}
	b.mustCall(t, "edit_note", map[string]any{"title": "Tea", "expected_version": 2, "patch": patch}, &w)
	if got := get("Tea").Body; got != "Green tea, steeped at 75 °C.\nSencha is grassy.\n" || w.Version != 3 {
		t.Errorf("after patch: %q (v%d)", got, w.Version)
	}
	editEvent := w.Event

	b.mustCall(t, "add_tag", map[string]any{"title": "Tea", "tag": "drinks"}, &w)
	if got := get("Tea").Body; !strings.HasPrefix(got, "---\ntags:\n  - drinks\n---\nGreen tea") {
		t.Errorf("after add_tag: %q", got)
	}
	b.mustCall(t, "add_tag", map[string]any{"title": "Beans", "tag": "shopping"}, &w)
	if got := get("Beans").Body; !strings.HasPrefix(got, "---\ntags: [food, shopping]\n---\n") && !strings.HasPrefix(got, "---\ntags:\n  - food\n  - shopping\n---\n") {
		t.Errorf("add_tag to an existing list: %q", got)
	}

	// Rename: links follow.
	b.mustCall(t, "rename_note", map[string]any{"title": "Beans", "new_title": "Coffee beans", "expected_version": 2}, &w)
	if w.Path != "food/Coffee beans.md" || !strings.Contains(get("Coffee").Body, "[[Coffee beans]]") {
		t.Errorf("rename %+v; Coffee: %q", w, get("Coffee").Body)
	}
	renameEvent := w.Event

	// Every write is the agent's, and every call is logged with the caller.
	log, err := agent.Log(ctx, b.st.Agents, true, 1000)
	if err != nil {
		t.Fatal(err)
	}
	writes, calls := 0, 0
	for _, e := range log {
		if e.Agent != "test-agent" {
			t.Errorf("event %d by %q; want test-agent", e.Seq, e.Agent)
		}
		if e.Call != nil {
			calls++
			if _, ok := e.Call["result_bytes"]; !ok || e.Call["tool"] == "" {
				t.Errorf("call record %v", e.Call)
			}
		} else {
			writes++
		}
	}
	if writes < 6 || calls < 15 {
		t.Errorf("%d writes, %d calls logged; want ≥ 6 and ≥ 15", writes, calls)
	}
	hist, _ := b.st.Notes.History(ctx, get("Tea").ID.String())
	for _, h := range hist {
		if h.Origin != "agent:test-agent" {
			t.Errorf("Tea version %d by %q; want the agent", h.Version, h.Origin)
		}
	}

	// Undo: the edit was followed by add_tag, so undoing it is a conflict;
	// the add_tag itself undoes.
	if _, err := agent.Undo(ctx, b.st.Notes, b.st.Agents, editEvent); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("undo of an overtaken edit: %v; want conflict", err)
	}
	if _, err := agent.Undo(ctx, b.st.Notes, b.st.Agents, renameEvent); err != nil {
		t.Fatalf("undo rename: %v", err)
	}
	if n := get("Beans"); n.Path != "food/Beans.md" {
		t.Errorf("after undoing the rename: %s", n.Path)
	}
	b.mustCall(t, "append_to_note", map[string]any{"title": "Coffee", "text": "Agent line."}, &w)
	before := get("Coffee")
	n, err := agent.Undo(ctx, b.st.Notes, b.st.Agents, w.Event)
	if err != nil {
		t.Fatalf("undo append: %v", err)
	}
	if n.Body == before.Body || strings.Contains(n.Body, "Agent line.") {
		t.Errorf("after undo: %q", n.Body)
	}
	// The user edits after the agent: undo refuses.
	b.mustCall(t, "append_to_note", map[string]any{"title": "Coffee", "text": "Agent again."}, &w)
	cur := get("Coffee")
	if _, err := b.st.Notes.Save(ctx, cur.ID.String(), cur.Version, cur.Body+"User line.\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := agent.Undo(ctx, b.st.Notes, b.st.Agents, w.Event); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("undo after a user edit: %v; want conflict", err)
	}
	if !strings.Contains(get("Coffee").Body, "User line.") {
		t.Error("undo overwrote the user's edit")
	}
	// A user's own event is not the agent's to undo.
	userEvent := b.lastSeq(t, cur.ID.String())
	if _, err := agent.Undo(ctx, b.st.Notes, b.st.Agents, userEvent); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("undo of a user's edit: %v; want invalid", err)
	}
	// Undo of a created note moves it to the trash.
	b.mustCall(t, "create_note", map[string]any{"title": "Scratch"}, &w)
	if n, err := agent.Undo(ctx, b.st.Notes, b.st.Agents, w.Event); err != nil || n.TrashedAt == nil {
		t.Errorf("undo create: %v, %v; want trashed", n, err)
	}
}

func (b *brain) lastSeq(t *testing.T, id string) int64 {
	t.Helper()
	h, err := b.st.Notes.History(context.Background(), id)
	if err != nil || len(h) == 0 {
		t.Fatal(err)
	}
	return h[0].Seq
}

func TestBadInput(t *testing.T) {
	b := openBrain(t, true)
	ctx := context.Background()
	if _, err := b.cs.CallTool(ctx, &sdk.CallToolParams{Name: "no_such_tool", Arguments: map[string]any{}}); err == nil {
		t.Error("unknown tool: no error")
	}
	if msg := b.call(t, "search", map[string]any{"query": "coffee", "limit": "ten"}, nil); msg == "" {
		t.Error("limit as a string: no error")
	}
	if msg := b.call(t, "read_note", map[string]any{"title": 42}, nil); msg == "" {
		t.Error("title as a number: no error")
	}
	if msg := b.call(t, "search", map[string]any{"query": "x", "mode": "psychic"}, nil); !strings.HasPrefix(msg, "invalid:") {
		t.Errorf("unknown mode: %q; want invalid", msg)
	}
	huge := strings.Repeat("a", 1<<20+10)
	if msg := b.call(t, "append_to_note", map[string]any{"title": "Coffee", "text": huge}, nil); !strings.Contains(msg, "limit is 1048576") {
		t.Errorf("1 MB argument: %q; want refused", msg)
	}
	if n, _ := b.st.Notes.Find(ctx, "Coffee"); n.Version != 1 {
		t.Error("the huge append was written")
	}
	// The server keeps serving.
	var n agent.NoteText
	b.mustCall(t, "read_note", map[string]any{"title": "Coffee"}, &n)
	if n.Version != 1 {
		t.Errorf("Coffee at version %d; want 1", n.Version)
	}
}
