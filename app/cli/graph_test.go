package cli_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/service"
)

type graphNodeJSON struct {
	ID     string   `json:"id"`
	Title  string   `json:"title"`
	Labels []string `json:"labels"`
	Degree int      `json:"degree"`
}

type graphEdgeJSON struct {
	Source string `json:"source"`
	Target string `json:"target"`
	Type   string `json:"type"`
	Count  int    `json:"count"`
}

// graphVault writes a small vault into a fresh database and returns the
// flags that point the CLI at it.
func graphVault(t *testing.T) []string {
	t.Helper()
	dsn := pgtest.NewDatabase(t)
	st, err := pgstore.Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	notes := service.NewNotes(st, nil)
	for _, n := range []struct{ title, body string }{
		{"Ada", "---\ntype: person\n---\n[[Engine]] #math"},
		{"Engine", "[[Babbage]] and [[Nowhere]]"},
		{"Babbage", "#math, met [[Ada]]"},
		{"Book", "---\nauthor: \"[[Ada]]\"\n---\n"},
		{"Lonely", "nothing"},
	} {
		if _, err := notes.Create(context.Background(), n.title, "", n.body); err != nil {
			t.Fatal(err)
		}
	}
	return []string{"--postgres", dsn, "--data-dir", t.TempDir()}
}

// TestGraphCommands covers the JSON contract of `graph`.
func TestGraphCommands(t *testing.T) {
	dd := graphVault(t)
	cmd := func(args ...string) []string { return append(args, dd...) }

	var nb struct {
		Nodes     []graphNodeJSON `json:"nodes"`
		Edges     []graphEdgeJSON `json:"edges"`
		Truncated bool            `json:"truncated"`
	}
	if code := runJSON(t, &nb, cmd("graph", "neighbors", "Ada", "--depth", "1", "--graph", "sql")...); code != 0 {
		t.Fatalf("graph neighbors exit %d", code)
	}
	var titles []string
	for _, n := range nb.Nodes {
		titles = append(titles, n.Title)
	}
	if titles[0] != "Ada" || !slices.Equal(nb.Nodes[0].Labels, []string{"Note", "Person"}) {
		t.Errorf("first node = %+v; want Ada, labels Note, Person", nb.Nodes[0])
	}
	slices.Sort(titles)
	if want := []string{"#math", "Ada", "Babbage", "Book", "Engine"}; !slices.Equal(titles, want) || len(nb.Edges) != 6 || nb.Truncated {
		t.Errorf("neighbors = %q, %d edges, truncated %v; want %q, 6 edges", titles, len(nb.Edges), nb.Truncated, want)
	}

	if code := runJSON(t, &nb, cmd("graph", "neighbors", "Ada", "--depth", "2", "--types", "AUTHOR, LINKS_TO", "--labels", "Note")...); code != 0 {
		t.Fatalf("graph neighbors with filters exit %d", code)
	}
	titles = titles[:0]
	for _, n := range nb.Nodes {
		titles = append(titles, n.Title)
	}
	slices.Sort(titles)
	if want := []string{"Ada", "Babbage", "Book", "Engine"}; !slices.Equal(titles, want) {
		t.Errorf("filtered neighbors = %q; want %q", titles, want)
	}
	for _, e := range nb.Edges {
		if e.Type != "AUTHOR" && e.Type != "LINKS_TO" {
			t.Errorf("edge of type %s; want AUTHOR or LINKS_TO only", e.Type)
		}
	}

	var path struct {
		Path []string `json:"path"`
	}
	if code := runJSON(t, &path, cmd("graph", "path", "Book", "Babbage")...); code != 0 ||
		!slices.Equal(path.Path, []string{"Book", "Ada", "Babbage"}) {
		t.Errorf("graph path = %q (exit %d); want Book, Ada, Babbage", path.Path, code)
	}
	out, _, code := run(t, cmd("graph", "path", "Lonely", "Ada", "--json")...)
	if code != 0 || !strings.Contains(out, `"path": []`) {
		t.Errorf("graph path without one = %s (exit %d); want an empty array", out, code)
	}

	var stats struct {
		Nodes    int `json:"nodes"`
		Edges    int `json:"edges"`
		Orphans  int `json:"orphans"`
		Clusters int `json:"clusters"`
	}
	// 5 notes, #math, [Nowhere]; Ada→Engine, Ada→#math, Engine→Babbage,
	// Engine→[Nowhere], Babbage→#math, Babbage→Ada, Book→Ada.
	if code := runJSON(t, &stats, cmd("graph", "stats")...); code != 0 || stats.Nodes != 7 || stats.Edges != 7 || stats.Orphans != 1 || stats.Clusters != 1 {
		t.Errorf("graph stats = %+v (exit %d); want 7 nodes, 7 edges, 1 orphan, 1 cluster", stats, code)
	}

	var orphans struct {
		Orphans []graphNodeJSON `json:"orphans"`
	}
	if code := runJSON(t, &orphans, cmd("graph", "orphans")...); code != 0 || len(orphans.Orphans) != 1 || orphans.Orphans[0].Title != "Lonely" {
		t.Errorf("graph orphans = %+v (exit %d); want Lonely", orphans, code)
	}
	var hubs struct {
		Hubs []graphNodeJSON `json:"hubs"`
	}
	if code := runJSON(t, &hubs, cmd("graph", "hubs", "--limit", "1")...); code != 0 || len(hubs.Hubs) != 1 {
		t.Errorf("graph hubs = %+v (exit %d); want one hub", hubs, code)
	}
	var clusters struct {
		Clusters []struct {
			ID    int             `json:"id"`
			Size  int             `json:"size"`
			Nodes []graphNodeJSON `json:"nodes"`
		} `json:"clusters"`
	}
	if code := runJSON(t, &clusters, cmd("graph", "clusters")...); code != 0 || len(clusters.Clusters) != 1 || clusters.Clusters[0].Size != 4 || clusters.Clusters[0].ID != 1 {
		t.Errorf("graph clusters = %+v (exit %d); want one cluster of 4", clusters, code)
	}

	// Plain output.
	out, _, code = run(t, cmd("graph", "path", "Ada", "Engine")...)
	if code != 0 || strings.TrimSpace(out) != "Ada → Engine" {
		t.Errorf("plain graph path = %q (exit %d)", out, code)
	}
}

// TestGraphErrors: bad input is a usage or invalid error, unknown notes are not_found.
func TestGraphErrors(t *testing.T) {
	dd := graphVault(t)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no subcommand", []string{"graph"}, 2, "invalid"},
		{"unknown subcommand", []string{"graph", "walk"}, 2, "invalid"},
		{"missing title", []string{"graph", "neighbors"}, 2, "invalid"},
		{"bad depth", []string{"graph", "neighbors", "Ada", "--depth", "9"}, 1, "invalid"},
		{"bad graph", []string{"graph", "stats", "--graph", "cypher"}, 2, "invalid"},
		{"neo4j not configured", []string{"graph", "stats", "--graph", "neo4j"}, 1, "invalid"},
		{"unknown note", []string{"graph", "neighbors", "Nobody"}, 1, "not_found"},
		{"path to unknown note", []string{"graph", "path", "Ada", "Nobody"}, 1, "not_found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "neo4j not configured" {
				t.Setenv("SECONDBRAIN_NEO4J_URI", "")
			}
			var e errorJSON
			args := append(slices.Clone(tc.args), dd...)
			if code := runJSON(t, &e, args...); code != tc.code || e.Error.Code != tc.want || e.Error.Message == "" {
				t.Errorf("%v = %+v (exit %d); want %s, exit %d", tc.args, e, code, tc.want, tc.code)
			}
		})
	}
}
