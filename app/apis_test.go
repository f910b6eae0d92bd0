package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"secondbrain/app/dto"
	"secondbrain/app/stack"
	"secondbrain/backend"
	"secondbrain/backend/importer"
)

// payloads is an Events seam that keeps every event with its data.
type payloads struct {
	mu   sync.Mutex
	got  []emitted
	done chan emitted
}

type emitted struct {
	name string
	data map[string]any
}

func (p *payloads) Emit(name string, data any) {
	m, _ := data.(map[string]any)
	p.mu.Lock()
	p.got = append(p.got, emitted{name, m})
	p.mu.Unlock()
	if name == EventImportDone {
		p.done <- emitted{name, m}
	}
}

func TestSearchAPI(t *testing.T) {
	a, _ := startApp(t)
	notes := &NotesAPI{app: a}
	for _, n := range []struct{ title, body string }{
		{"Ada Lovelace", "---\ntype: person\n---\nwrote the first program #math"},
		{"Analytical Engine", "a machine by [[Charles Babbage]]"},
		{"Cooking", "pasta and <script>alert(1)</script> sauce"},
	} {
		if _, err := notes.Create(n.title, "", n.body); err != nil {
			t.Fatal(err)
		}
	}
	api := &SearchAPI{app: a}
	hits, err := api.Search(dto.SearchRequest{Text: "program"})
	if err != nil || len(hits) != 1 || hits[0].Title != "Ada Lovelace" || !strings.Contains(hits[0].Snippet, "<mark>program</mark>") {
		t.Fatalf("search program = %+v, %v; want Ada Lovelace with program marked", hits, err)
	}
	adaID := hits[0].ID
	hits, err = api.Search(dto.SearchRequest{Text: "sauce"})
	if err != nil || len(hits) != 1 || strings.Contains(hits[0].Snippet, "<script") {
		t.Fatalf("search sauce = %+v, %v; want one hit whose snippet escapes the script tag", hits, err)
	}
	if hits, err = api.Search(dto.SearchRequest{Text: "wrote", Type: "person"}); err != nil || len(hits) != 1 {
		t.Fatalf("type filter = %+v, %v; want Ada", hits, err)
	}
	if hits, err = api.Search(dto.SearchRequest{Text: "wrote", Tags: []string{"cooking"}}); err != nil || len(hits) != 0 {
		t.Fatalf("tag filter = %+v, %v; want none", hits, err)
	}
	if _, err = api.Search(dto.SearchRequest{Text: "wrote", After: "yesterday"}); backend.ErrorCode(err) != backend.EINVALID {
		t.Fatalf("bad date: got %v; want invalid", err)
	}
	if _, err = api.Search(dto.SearchRequest{Text: "  "}); backend.ErrorCode(err) != backend.EINVALID {
		t.Fatalf("empty query: got %v; want invalid", err)
	}
	related, err := notes.Related(adaID)
	if err != nil {
		t.Fatalf("related: %v", err)
	}
	for _, r := range related {
		if r.ID == adaID || r.Why == "" || len(r.Reasons) == 0 {
			t.Errorf("related = %+v; want other notes, each with a reason", related)
		}
	}
	if _, err := notes.Related("nope"); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("related of a malformed id: got %v; want invalid", err)
	}
	titles, err := api.Titles("anal", 5)
	if err != nil || len(titles) == 0 || titles[0].Title != "Analytical Engine" {
		t.Fatalf("titles anal = %+v, %v; want Analytical Engine first", titles, err)
	}
}

func TestGraphAPI(t *testing.T) {
	a, _ := startApp(t)
	notes := &NotesAPI{app: a}
	ids := map[string]string{}
	for _, n := range []struct{ title, body string }{
		{"A", "[[B]] [[C]]"}, {"B", "[[A]] [[C]]"}, {"C", "[[A]]"},
		{"X", "[[Y]] [[Z]]"}, {"Y", "[[X]] [[Z]]"}, {"Z", "[[X]] [[Ghost]]"},
	} {
		created, err := notes.Create(n.title, "", n.body)
		if err != nil {
			t.Fatal(err)
		}
		ids[n.title] = created.ID
	}
	api := &GraphAPI{app: a}
	local, err := api.Local(ids["Z"], 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The notes linked with Z, and any of Z's semantic neighbours once the
	// indexer (woken by the notes' events) has embedded them, each by a
	// SIMILAR edge from Z.
	title := map[string]string{}
	for _, n := range local.Nodes {
		title[n.ID] = n.Title
	}
	linked, similar := map[string]bool{"Z": true}, map[string]bool{}
	for _, e := range local.Edges {
		if e.Type == RelSimilar {
			if e.Source == ids["Z"] {
				similar[title[e.Target]] = true
			}
			continue
		}
		linked[title[e.Source]], linked[title[e.Target]] = true, true
	}
	var titles []string
	for _, n := range local.Nodes {
		titles = append(titles, n.Title)
		if !linked[n.Title] && !similar[n.Title] {
			t.Errorf("local graph of Z holds %s, neither linked nor similar to Z", n.Title)
		}
	}
	if len(linked) != 4 || !linked["X"] || !linked["Y"] || !linked["Ghost"] {
		t.Fatalf("local graph of Z = %v (linked %v); want Z, X, Y and the Ghost placeholder", titles, linked)
	}
	global, err := api.Global(0)
	if err != nil {
		t.Fatal(err)
	}
	cluster := map[string]int{}
	for _, n := range global.Nodes {
		cluster[n.Title] = n.Cluster
	}
	if cluster["A"] == 0 || cluster["A"] != cluster["B"] || cluster["A"] != cluster["C"] ||
		cluster["X"] == 0 || cluster["X"] != cluster["Y"] || cluster["X"] == cluster["A"] || cluster["Ghost"] != 0 {
		t.Fatalf("clusters = %v; want {A,B,C} and {X,Y,Z} apart, the placeholder in none", cluster)
	}
	path, err := api.Path(ids["A"], ids["C"])
	if err != nil || len(path) != 2 {
		t.Fatalf("path A→C = %+v, %v; want two nodes", path, err)
	}
	if _, err := api.Local("not-an-id", 1, nil); backend.ErrorCode(err) != backend.ENOTFOUND && backend.ErrorCode(err) != backend.EINVALID {
		t.Fatalf("unknown id: got %v; want not_found or invalid", err)
	}
}

// TestLocalGraphSimilar checks the local graph joins a note to an unlinked
// note close in meaning by a SIMILAR edge, and leaves it out on request.
func TestLocalGraphSimilar(t *testing.T) {
	a, _ := startApp(t)
	notes := &NotesAPI{app: a}
	bread, err := notes.Create("Bread", "", "sourdough bread: a starter of flour and water, a long slow fermentation, then baking")
	if err != nil {
		t.Fatal(err)
	}
	loaf, err := notes.Create("Loaf", "", "baking a sourdough loaf from flour, water and a starter after fermentation")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := notes.Create("Tax", "", "quarterly tax return forms and the accountant's invoice"); err != nil {
		t.Fatal(err)
	}
	if err := a.call(func(ctx context.Context, s *stack.Stack) error { return s.CatchUpEmbeddings(ctx) }); err != nil {
		t.Fatal(err)
	}
	api := &GraphAPI{app: a}
	local, err := api.Local(bread.ID, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	var similar []string
	for _, e := range local.Edges {
		if e.Type == RelSimilar {
			similar = append(similar, e.Target)
		}
	}
	if len(similar) != 1 || similar[0] != loaf.ID {
		t.Fatalf("SIMILAR edges of Bread = %v; want one, to Loaf (%s): %+v", similar, loaf.ID, local)
	}
	only, err := api.Local(bread.ID, 1, []string{"LINKS_TO"})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range only.Edges {
		if e.Type == RelSimilar {
			t.Fatalf("relTypes LINKS_TO still drew %+v", e)
		}
	}
	sim, err := api.Local(bread.ID, 1, []string{RelSimilar})
	if err != nil || len(sim.Edges) != 1 || len(sim.Nodes) != 2 {
		t.Fatalf("relTypes SIMILAR = %+v, %v; want Bread and Loaf joined", sim, err)
	}
}

func TestImportAPI(t *testing.T) {
	a, _ := startApp(t)
	ev := &payloads{done: make(chan emitted, 4)}
	a.events = ev
	dir := t.TempDir()
	for name, body := range map[string]string{
		"Alpha.md":         "links to [[Beta]] and [[Missing]]",
		"sub/Beta.md":      "back to [[Alpha]]",
		".obsidian/x.md":   "hidden",
		"binary.md":        "\x00\x01\x02",
		"notes/Gamma.md":   "#tag",
		"notes/Delta.md":   "![[Gamma]]",
		"notes/Epsilon.md": "",
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	api := &ImportAPI{app: a}
	if _, err := api.Start("", ""); backend.ErrorCode(err) != backend.EINVALID {
		t.Fatalf("empty path: got %v; want invalid", err)
	}
	if _, err := api.Start(dir, "merge"); backend.ErrorCode(err) != backend.EINVALID {
		t.Fatalf("onExisting merge: got %v; want invalid", err)
	}
	job, err := api.Start(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	var done emitted
	select {
	case done = <-ev.done:
	case <-time.After(2 * time.Minute):
		t.Fatal("no import:done event")
	}
	rep, ok := done.data["report"].(*importer.Report)
	if done.data["job"] != job || !ok {
		t.Fatalf("done = %+v; want job %s with a report", done.data, job)
	}
	if rep.Notes != 5 || len(rep.Skipped) != 1 || rep.UnresolvedLinks != 1 || rep.Canceled {
		t.Fatalf("report = %+v; want 5 notes, the binary file skipped, one unresolved link", rep)
	}
	ev.mu.Lock()
	var progress int
	for _, e := range ev.got {
		if e.name == EventImportProgress && e.data["job"] == job {
			progress++
		}
	}
	ev.mu.Unlock()
	if progress == 0 {
		t.Error("no import:progress events")
	}
	// Keep both: a changed file comes in beside the note it would replace.
	if err := os.WriteFile(filepath.Join(dir, "Alpha.md"), []byte("changed"), 0o644); err != nil {
		t.Fatal(err)
	}
	job, err = api.Start(dir, importer.KeepBoth)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case done = <-ev.done:
	case <-time.After(2 * time.Minute):
		t.Fatal("no import:done event for keep-both")
	}
	rep, ok = done.data["report"].(*importer.Report)
	if !ok || done.data["job"] != job || rep.Created != 1 || rep.Updated != 0 || len(rep.Renamed) != 1 || rep.Renamed[0].NewPath != "Alpha (2).md" {
		t.Fatalf("keep-both report = %+v; want Alpha.md imported as Alpha (2).md, nothing updated", done.data)
	}
	// A job canceled before it runs reports canceled (or the error), never hangs.
	job2, err := api.Start(dir, importer.KeepBoth)
	if err != nil {
		t.Fatal(err)
	}
	api.Cancel(job2)
	select {
	case done = <-ev.done:
	case <-time.After(2 * time.Minute):
		t.Fatal("no import:done event after cancel")
	}
	if rep, ok := done.data["report"].(*importer.Report); ok && !rep.Canceled && rep.Unchanged != 5 {
		t.Fatalf("canceled re-import = %+v; want canceled or all unchanged", rep)
	}
	if err := api.Cancel("no-such-job"); err != nil {
		t.Fatalf("cancel unknown job: %v", err)
	}
}
