package sqlgraph

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"secondbrain/backend"
	"secondbrain/backend/community"
)

// invalidLimit is the error of a limit below 1.
func invalidLimit(op string) error {
	return &backend.Error{Code: backend.EINVALID, Op: op, Message: "the limit must be at least 1"}
}

// orphans returns notes with no relation at all, by title.
func (g *Graph) orphans(ctx context.Context, limit int) ([]backend.GraphNode, error) {
	const op = "sqlgraph.Orphans"
	if limit < 1 {
		return nil, invalidLimit(op)
	}
	rows, err := g.db.QueryContext(ctx, q(`
		SELECT n.id::text, n.title, n.note_type FROM notes n
		WHERE n.trashed_at IS NULL
		  AND NOT EXISTS (SELECT 1 FROM note_tags nt WHERE nt.note_id = n.id)
		  AND NOT EXISTS (SELECT 1 FROM links l LEFT JOIN notes t ON t.id = l.target_id
		                  WHERE l.source_id = n.id AND {REL} AND (l.target_id IS NOT NULL AND t.trashed_at IS NULL OR {OPEN}))
		  AND NOT EXISTS (SELECT 1 FROM links l JOIN notes s ON s.id = l.source_id AND s.trashed_at IS NULL
		                  WHERE l.target_id = n.id AND {REL})`))
	if err != nil {
		return nil, translate(op, err)
	}
	defer rows.Close()
	var out []backend.GraphNode
	for rows.Next() {
		var n backend.GraphNode
		var typ string
		if err := rows.Scan(&n.ID, &n.Title, &typ); err != nil {
			return nil, translate(op, err)
		}
		n.Labels = backend.NoteLabels(typ)
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, translate(op, err)
	}
	byTitle(out)
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// hubs returns the notes with the most distinct linking notes, most first.
func (g *Graph) hubs(ctx context.Context, limit int) ([]backend.GraphNode, error) {
	const op = "sqlgraph.Hubs"
	if limit < 1 {
		return nil, invalidLimit(op)
	}
	rows, err := g.db.QueryContext(ctx, q(`
		SELECT l.target_id::text FROM links l
		JOIN notes s ON s.id = l.source_id AND s.trashed_at IS NULL
		JOIN notes t ON t.id = l.target_id AND t.trashed_at IS NULL
		WHERE l.source_id <> l.target_id AND {REL}
		GROUP BY l.target_id ORDER BY count(DISTINCT l.source_id) DESC, l.target_id LIMIT $1`), limit)
	if err != nil {
		return nil, translate(op, err)
	}
	ids, err := scanStrings(rows)
	if err != nil {
		return nil, translate(op, err)
	}
	m, err := g.nodes(ctx, ids)
	if err != nil {
		return nil, translate(op, err)
	}
	return collect(ids, m), nil
}

// world is the whole graph in memory, for the global views.
type world struct {
	nodes []backend.GraphNode // in id order
	index map[string]int
	edges []backend.GraphEdge
	// paths holds each note's path by id: the notes' order in community
	// detection, the same in two imports of a vault (the ids are not).
	paths map[string]string
}

// load reads every node and edge, and computes degrees.
func (g *Graph) load(ctx context.Context) (*world, error) {
	w := &world{index: map[string]int{}, paths: map[string]string{}}
	add := func(id, title string, labels []string) {
		w.nodes = append(w.nodes, backend.GraphNode{ID: id, Title: title, Labels: labels})
	}
	err := each(ctx, g.db, `SELECT id::text, title, note_type, path FROM notes WHERE trashed_at IS NULL`, func(r *sql.Rows) error {
		var id, title, typ, path string
		if err := r.Scan(&id, &title, &typ, &path); err != nil {
			return err
		}
		add(id, title, backend.NoteLabels(typ))
		w.paths[id] = path
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = each(ctx, g.db, `
		SELECT DISTINCT tg.name FROM tags tg JOIN note_tags nt ON nt.tag_id = tg.id
		JOIN notes n ON n.id = nt.note_id AND n.trashed_at IS NULL`, func(r *sql.Rows) error {
		var name string
		if err := r.Scan(&name); err != nil {
			return err
		}
		add(tagPrefix+name, "#"+name, []string{backend.LabelTag})
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = each(ctx, g.db, q(`
		SELECT l.target_key, min(l.target COLLATE "C") FROM links l
		JOIN notes s ON s.id = l.source_id AND s.trashed_at IS NULL
		WHERE {OPEN} AND {REL} GROUP BY l.target_key`), func(r *sql.Rows) error {
		var key, title string
		if err := r.Scan(&key, &title); err != nil {
			return err
		}
		add(placeholderPrefix+key, title, []string{backend.LabelPlaceholder})
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(w.nodes, func(a, b backend.GraphNode) int { return strings.Compare(a.ID, b.ID) })
	for i, n := range w.nodes {
		w.index[n.ID] = i
	}
	err = each(ctx, g.db, q(`
		SELECT l.source_id::text, {TARGET}, {TYPE}, count(*) FROM links l
		JOIN notes s ON s.id = l.source_id AND s.trashed_at IS NULL
		LEFT JOIN notes t ON t.id = l.target_id
		WHERE {REL} AND (l.target_id IS NOT NULL AND t.trashed_at IS NULL OR {OPEN})
		GROUP BY 1, 2, 3
		UNION ALL
		SELECT nt.note_id::text, 'tag:' || tg.name, 'TAGGED', 1 FROM note_tags nt
		JOIN notes n ON n.id = nt.note_id AND n.trashed_at IS NULL JOIN tags tg ON tg.id = nt.tag_id`), func(r *sql.Rows) error {
		var e backend.GraphEdge
		if err := r.Scan(&e.Source, &e.Target, &e.Type, &e.Count); err != nil {
			return err
		}
		s, okS := w.index[e.Source]
		t, okT := w.index[e.Target]
		if !okS || !okT {
			return nil // a row written between the statements
		}
		w.nodes[s].Degree++
		if t != s {
			w.nodes[t].Degree++
		}
		w.edges = append(w.edges, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return w, nil
}

// each runs a query and calls fn for every row.
func each(ctx context.Context, db querier, query string, fn func(*sql.Rows) error, args ...any) error {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// communities groups the notes of w into clusters of two notes or more,
// largest first, then by smallest member path. Notes are keyed by path, so
// the same vault imported twice (other ids) gives the same clusters.
func (w *world) communities() [][]int {
	var nodes []community.Node
	var edges []community.Edge
	for _, e := range w.edges {
		if e.Type == backend.RelTagged || e.Source == e.Target || kindOf(e.Target) != kindNote {
			continue
		}
		edges = append(edges, community.Edge{A: e.Source, B: e.Target, Weight: float64(e.Count)})
	}
	var members []int // indexes into w.nodes of the notes
	for i, n := range w.nodes {
		if kindOf(n.ID) == kindNote {
			nodes = append(nodes, community.Node{ID: n.ID, Key: w.paths[n.ID]})
			members = append(members, i)
		}
	}
	out := community.Clusters(nodes, edges)
	for _, c := range out {
		for k, i := range c {
			c[k] = members[i]
		}
	}
	return out
}

// clusters returns the communities of notes, largest first.
func (g *Graph) clusters(ctx context.Context, limit int) ([]backend.Cluster, error) {
	const op = "sqlgraph.Clusters"
	if limit < 1 {
		return nil, invalidLimit(op)
	}
	w, err := g.load(ctx)
	if err != nil {
		return nil, translate(op, err)
	}
	groups := w.communities()
	out := []backend.Cluster{}
	for i, grp := range groups {
		if i == limit {
			break
		}
		nodes := make([]backend.GraphNode, len(grp))
		for k, idx := range grp {
			nodes[k] = w.nodes[idx]
		}
		byDegree(nodes)
		if len(nodes) > clusterMembers {
			nodes = nodes[:clusterMembers]
		}
		out = append(out, backend.Cluster{ID: i + 1, Size: len(grp), Nodes: nodes})
	}
	return out, nil
}

// byDegree orders nodes by degree, most first, then id.
func byDegree(ns []backend.GraphNode) {
	slices.SortStableFunc(ns, func(a, b backend.GraphNode) int {
		if a.Degree != b.Degree {
			return b.Degree - a.Degree
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// overview returns every node, or the maxNodes highest-degree ones, with the
// edges among them.
func (g *Graph) overview(ctx context.Context, maxNodes int) (*backend.Subgraph, error) {
	const op = "sqlgraph.Overview"
	if maxNodes <= 0 {
		maxNodes = DefaultOverview
	}
	w, err := g.load(ctx)
	if err != nil {
		return nil, translate(op, err)
	}
	nodes := slices.Clone(w.nodes)
	byDegree(nodes)
	sg := &backend.Subgraph{Nodes: nodes, Edges: w.edges}
	if len(nodes) > maxNodes {
		sg.Nodes, sg.Truncated = nodes[:maxNodes], true
		keep := make(map[string]bool, maxNodes)
		for _, n := range sg.Nodes {
			keep[n.ID] = true
		}
		sg.Edges = nil
		for _, e := range w.edges {
			if keep[e.Source] && keep[e.Target] {
				sg.Edges = append(sg.Edges, e)
			}
		}
	}
	sortEdges(sg.Edges)
	return sg, nil
}

// stats counts nodes, edges, orphans and clusters.
func (g *Graph) stats(ctx context.Context) (backend.GraphStats, error) {
	const op = "sqlgraph.Stats"
	w, err := g.load(ctx)
	if err != nil {
		return backend.GraphStats{}, translate(op, err)
	}
	st := backend.GraphStats{Nodes: len(w.nodes), Edges: len(w.edges), Clusters: len(w.communities())}
	for _, n := range w.nodes {
		if n.Degree == 0 && kindOf(n.ID) == kindNote {
			st.Orphans++
		}
	}
	return st, nil
}
