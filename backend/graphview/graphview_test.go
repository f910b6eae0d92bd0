package graphview

import (
	"testing"

	"secondbrain/backend"
)

func TestNeighborLimit(t *testing.T) {
	for _, c := range []struct {
		opts backend.NeighborOptions
		want int
		code string
	}{
		{backend.NeighborOptions{Depth: 1}, DefaultLimit, ""},
		{backend.NeighborOptions{Depth: MaxDepth, Limit: 7}, 7, ""},
		{backend.NeighborOptions{Depth: 2, Limit: MaxLimit + 1}, MaxLimit, ""},
		{backend.NeighborOptions{Depth: 0}, 0, backend.EINVALID},
		{backend.NeighborOptions{Depth: MaxDepth + 1}, 0, backend.EINVALID},
		{backend.NeighborOptions{Depth: 1, Limit: -1}, 0, backend.EINVALID},
	} {
		got, err := NeighborLimit("op", c.opts)
		if got != c.want || backend.ErrorCode(err) != c.code {
			t.Errorf("NeighborLimit(%+v) = %d, %v; want %d, code %q", c.opts, got, err, c.want, c.code)
		}
	}
}

func TestWorld(t *testing.T) {
	w := NewWorld([]backend.GraphNode{{ID: "b", Title: "B"}, {ID: "a", Title: "A"}, {ID: "c", Title: "C"}, {ID: TagPrefix + "x"}},
		map[string]string{"a": "a.md", "b": "b.md", "c": "c.md"})
	w.AddEdge(backend.GraphEdge{Source: "b", Target: "a", Type: backend.RelLinksTo, Count: 1})
	w.AddEdge(backend.GraphEdge{Source: "a", Target: "a", Type: backend.RelLinksTo, Count: 1})
	w.AddEdge(backend.GraphEdge{Source: "a", Target: "gone", Type: backend.RelLinksTo, Count: 1})
	w.AddEdge(backend.GraphEdge{Source: "b", Target: TagPrefix + "x", Type: backend.RelTagged, Count: 1})
	st := w.Stats()
	if st != (backend.GraphStats{Nodes: 4, Edges: 3, Orphans: 1, Clusters: 1}) {
		t.Errorf("Stats = %+v", st)
	}
	sg := w.Overview(2)
	if !sg.Truncated || len(sg.Nodes) != 2 || sg.Nodes[0].ID != "a" || sg.Nodes[1].ID != "b" {
		t.Fatalf("Overview(2) nodes = %+v, truncated %v", sg.Nodes, sg.Truncated)
	}
	if len(sg.Edges) != 2 || sg.Edges[0].Source != "a" || sg.Edges[1].Source != "b" {
		t.Errorf("Overview(2) edges = %+v", sg.Edges)
	}
	cs := w.Clusters(5)
	if len(cs) != 1 || cs[0].Size != 2 || cs[0].Nodes[0].ID != "a" {
		t.Errorf("Clusters = %+v", cs)
	}
	if got := FirstByTitle([]backend.GraphNode{{ID: "2", Title: "b"}, {ID: "1", Title: "B"}, {ID: "3", Title: "a"}}, 2); len(got) != 2 || got[0].ID != "3" || got[1].ID != "1" {
		t.Errorf("FirstByTitle = %+v", got)
	}
}
