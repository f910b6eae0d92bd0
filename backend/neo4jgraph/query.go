package neo4jgraph

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"secondbrain/backend"
	"secondbrain/backend/community"
)

// This file answers backend.Graph in Cypher. Walks go level by level (one
// statement per level, index lookups on (ns, id)), with the same frontier
// rules and tie-breaks as sqlgraph so both give the same answers; global
// views read every node and relationship once and share the computation.

// Limits of walks and views, as backend.Graph documents them.
const (
	maxDepth        = 5
	defaultLimit    = 500
	maxLimit        = 10_000
	maxPathDepth    = 10
	defaultOverview = 1000
	walkCap         = 20_000
	pathCap         = 100_000
	clusterMembers  = 20
)

// split sorts node ids by label: notes, tags, placeholders.
func split(ids []string) (notes, tags, placeholders []string) {
	notes, tags, placeholders = []string{}, []string{}, []string{}
	for _, id := range ids {
		switch {
		case strings.HasPrefix(id, tagPrefix):
			tags = append(tags, id)
		case strings.HasPrefix(id, placeholderPrefix):
			placeholders = append(placeholders, id)
		default:
			notes = append(notes, id)
		}
	}
	return notes, tags, placeholders
}

func isNote(id string) bool {
	return !strings.HasPrefix(id, tagPrefix) && !strings.HasPrefix(id, placeholderPrefix)
}

func notFound(op, id string) error {
	return &backend.Error{Code: backend.ENOTFOUND, Op: op, Message: fmt.Sprintf("no note %q in the graph", id)}
}

// liveNote returns id when it names a note in the graph, or ENOTFOUND.
func (g *Graph) liveNote(ctx context.Context, op, id string) (string, error) {
	if !isNote(id) {
		return "", notFound(op, id)
	}
	recs, err := g.query(ctx, op, `MATCH (n:Note {ns: $ns, id: $id}) RETURN n.id`, map[string]any{"id": id})
	if err != nil {
		return "", err
	}
	if len(recs) == 0 {
		return "", notFound(op, id)
	}
	return id, nil
}

// byLabel is a statement over the three kinds of node: %s is the label,
// $ids the ids of that kind.
func (g *Graph) byLabel(ctx context.Context, op, cypher string, ids []string, params map[string]any) ([][]any, error) {
	notes, tags, placeholders := split(ids)
	var out [][]any
	for _, part := range []struct {
		label string
		ids   []string
	}{{backend.LabelNote, notes}, {backend.LabelTag, tags}, {backend.LabelPlaceholder, placeholders}} {
		if len(part.ids) == 0 {
			continue
		}
		p := map[string]any{"ids": part.ids}
		for k, v := range params {
			p[k] = v
		}
		recs, err := g.query(ctx, op, fmt.Sprintf(cypher, part.label), p)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			out = append(out, r.Values)
		}
	}
	return out, nil
}

// nodes returns the nodes with the given ids; missing ones are left out.
func (g *Graph) nodes(ctx context.Context, op string, ids []string) (map[string]*backend.GraphNode, error) {
	rows, err := g.byLabel(ctx, op, `
		UNWIND $ids AS id
		MATCH (n:%s {ns: $ns, id: id})
		RETURN n.id, coalesce(n.title, ''), coalesce(n.type, ''), COUNT { (n)--() }`, ids, nil)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*backend.GraphNode, len(rows))
	for _, r := range rows {
		n := nodeOf(r[0], r[1], r[2])
		n.Degree = int(r[3].(int64))
		out[n.ID] = &n
	}
	return out, nil
}

// nodeOf builds a node from its id, title and note type.
func nodeOf(id, title, typ any) backend.GraphNode {
	s, _ := id.(string)
	t, _ := title.(string)
	ty, _ := typ.(string)
	n := backend.GraphNode{ID: s, Title: t}
	switch {
	case strings.HasPrefix(s, tagPrefix):
		n.Labels = []string{backend.LabelTag}
	case strings.HasPrefix(s, placeholderPrefix):
		n.Labels = []string{backend.LabelPlaceholder}
	default:
		n.Labels = backend.NoteLabels(ty)
	}
	return n
}

// hop is one adjacency found by a step.
type hop struct {
	from, to, noteType string
}

// step returns the adjacencies of a frontier, following only types when set.
func (g *Graph) step(ctx context.Context, op string, frontier, types []string) ([]hop, error) {
	if types == nil {
		types = []string{}
	}
	rows, err := g.byLabel(ctx, op, `
		UNWIND $ids AS id
		MATCH (a:%s {ns: $ns, id: id})-[r]-(b)
		WHERE size($types) = 0 OR type(r) IN $types
		RETURN DISTINCT a.id, b.id, coalesce(b.type, '')`, frontier, map[string]any{"types": types})
	if err != nil {
		return nil, err
	}
	out := make([]hop, len(rows))
	for i, r := range rows {
		out[i].from, _ = r[0].(string)
		out[i].to, _ = r[1].(string)
		out[i].noteType, _ = r[2].(string)
	}
	return out, nil
}

// edgesAmong returns the relationships whose two ends are in ids, of the
// given types (all when empty), ordered by source, target, type.
func (g *Graph) edgesAmong(ctx context.Context, op string, ids, types []string) ([]backend.GraphEdge, error) {
	notes, _, _ := split(ids)
	if len(notes) == 0 {
		return nil, nil
	}
	if types == nil {
		types = []string{}
	}
	recs, err := g.query(ctx, op, `
		UNWIND $notes AS id
		MATCH (a:Note {ns: $ns, id: id})-[r]->(b)
		WHERE b.id IN $all AND (size($types) = 0 OR type(r) IN $types)
		RETURN a.id, b.id, type(r), r.count`, map[string]any{"notes": notes, "all": ids, "types": types})
	if err != nil {
		return nil, err
	}
	out := make([]backend.GraphEdge, len(recs))
	for i, r := range recs {
		out[i] = edgeOf(r.Values)
	}
	sortEdges(out)
	return out, nil
}

func edgeOf(v []any) backend.GraphEdge {
	var e backend.GraphEdge
	e.Source, _ = v[0].(string)
	e.Target, _ = v[1].(string)
	e.Type, _ = v[2].(string)
	c, _ := v[3].(int64)
	e.Count = int(c)
	return e
}

// Neighbors returns the subgraph within opts.Depth hops of a note.
func (g *Graph) Neighbors(ctx context.Context, noteID string, opts backend.NeighborOptions) (*backend.Subgraph, error) {
	const op = "neo4jgraph.Neighbors"
	if opts.Depth < 1 || opts.Depth > maxDepth {
		return nil, &backend.Error{Code: backend.EINVALID, Op: op, Message: fmt.Sprintf("the depth must be between 1 and %d", maxDepth)}
	}
	if opts.Limit < 0 {
		return nil, &backend.Error{Code: backend.EINVALID, Op: op, Message: "the limit must not be negative"}
	}
	limit := opts.Limit
	if limit == 0 {
		limit = defaultLimit
	}
	limit = min(limit, maxLimit)
	start, err := g.liveNote(ctx, op, noteID)
	if err != nil {
		return nil, err
	}
	wanted := func(id, noteType string) bool {
		if len(opts.Labels) == 0 {
			return true
		}
		for _, l := range nodeOf(id, "", noteType).Labels {
			if slices.Contains(opts.Labels, l) {
				return true
			}
		}
		return false
	}
	seen := map[string]bool{start: true}
	result := []string{start}
	frontier := []string{start}
	truncated := false
	for d := 1; d <= opts.Depth && len(frontier) > 0 && len(result) <= limit; d++ {
		hops, err := g.step(ctx, op, frontier, opts.RelTypes)
		if err != nil {
			return nil, err
		}
		types := map[string]string{}
		for _, h := range hops {
			if !seen[h.to] {
				types[h.to] = h.noteType
			}
		}
		next := make([]string, 0, len(types))
		for id := range types {
			next = append(next, id)
		}
		slices.Sort(next)
		if room := walkCap - len(seen); len(next) > room {
			next, truncated = next[:room], true
		}
		for _, id := range next {
			seen[id] = true
			if wanted(id, types[id]) {
				result = append(result, id)
			}
		}
		frontier = next
		if truncated {
			break
		}
	}
	if len(result) > limit {
		result, truncated = result[:limit], true
	}
	nodes, err := g.nodes(ctx, op, result)
	if err != nil {
		return nil, err
	}
	edges, err := g.edgesAmong(ctx, op, result, opts.RelTypes)
	if err != nil {
		return nil, err
	}
	return &backend.Subgraph{Nodes: collect(result, nodes), Edges: edges, Truncated: truncated}, nil
}

// Backlinks returns the notes with a LINKS_TO, EMBEDS or typed relationship into a note.
func (g *Graph) Backlinks(ctx context.Context, noteID string) ([]backend.GraphNode, error) {
	const op = "neo4jgraph.Backlinks"
	id, err := g.liveNote(ctx, op, noteID)
	if err != nil {
		return nil, err
	}
	recs, err := g.query(ctx, op, `
		MATCH (t:Note {ns: $ns, id: $id})
		MATCH (s)-[r]->(t) WHERE type(r) <> 'TAGGED'
		RETURN DISTINCT s.id`, map[string]any{"id": id})
	if err != nil {
		return nil, err
	}
	ids := strs(recs)
	m, err := g.nodes(ctx, op, ids)
	if err != nil {
		return nil, err
	}
	out := collect(ids, m)
	byTitle(out)
	return out, nil
}

// ShortestPath returns the nodes of a shortest path between two notes,
// searching from both ends a level at a time like sqlgraph, so that ties
// break the same way.
func (g *Graph) ShortestPath(ctx context.Context, fromID, toID string, depth int) ([]backend.GraphNode, error) {
	const op = "neo4jgraph.ShortestPath"
	if depth < 1 || depth > maxPathDepth {
		return nil, &backend.Error{Code: backend.EINVALID, Op: op, Message: fmt.Sprintf("the path depth must be between 1 and %d", maxPathDepth)}
	}
	from, err := g.liveNote(ctx, op, fromID)
	if err != nil {
		return nil, err
	}
	to, err := g.liveNote(ctx, op, toID)
	if err != nil {
		return nil, err
	}
	var ids []string
	if from == to {
		ids = []string{from}
	} else if ids, err = g.search(ctx, op, from, to, depth); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return []backend.GraphNode{}, nil
	}
	m, err := g.nodes(ctx, op, ids)
	if err != nil {
		return nil, err
	}
	return collect(ids, m), nil
}

// side is one end of a bidirectional search.
type side struct {
	parent   map[string]string
	dist     map[string]int
	frontier []string
	depth    int
}

func newSide(root string) *side {
	return &side{parent: map[string]string{root: ""}, dist: map[string]int{root: 0}, frontier: []string{root}}
}

func (s *side) chain(n string) []string {
	var out []string
	for ; n != ""; n = s.parent[n] {
		out = append(out, n)
	}
	return out
}

func (g *Graph) search(ctx context.Context, op, from, to string, depth int) ([]string, error) {
	a, b := newSide(from), newSide(to)
	for a.depth+b.depth < depth {
		grow, other := a, b
		if len(b.frontier) < len(a.frontier) {
			grow, other = b, a
		}
		hops, err := g.step(ctx, op, grow.frontier, nil)
		if err != nil {
			return nil, err
		}
		slices.SortFunc(hops, func(x, y hop) int {
			if c := strings.Compare(x.to, y.to); c != 0 {
				return c
			}
			return strings.Compare(x.from, y.from)
		})
		grow.depth++
		var next []string
		for _, h := range hops {
			if _, ok := grow.parent[h.to]; ok {
				continue
			}
			grow.parent[h.to] = h.from
			grow.dist[h.to] = grow.depth
			next = append(next, h.to)
		}
		meet, best := "", -1
		for _, n := range next {
			if d, ok := other.dist[n]; ok && (best < 0 || d < best) {
				meet, best = n, d
			}
		}
		if meet != "" {
			path := a.chain(meet)
			slices.Reverse(path)
			return append(path, b.chain(meet)[1:]...), nil
		}
		grow.frontier = next
		if len(next) == 0 || len(grow.parent) > pathCap {
			return nil, nil
		}
	}
	return nil, nil
}

func invalidLimit(op string) error {
	return &backend.Error{Code: backend.EINVALID, Op: op, Message: "the limit must be at least 1"}
}

// Orphans returns notes with no relationship at all, by title.
func (g *Graph) Orphans(ctx context.Context, limit int) ([]backend.GraphNode, error) {
	const op = "neo4jgraph.Orphans"
	if limit < 1 {
		return nil, invalidLimit(op)
	}
	recs, err := g.query(ctx, op, `
		MATCH (n:Note {ns: $ns}) WHERE NOT EXISTS { (n)--() }
		RETURN n.id, coalesce(n.title, ''), coalesce(n.type, '')`, nil)
	if err != nil {
		return nil, err
	}
	out := make([]backend.GraphNode, len(recs))
	for i, r := range recs {
		out[i] = nodeOf(r.Values[0], r.Values[1], r.Values[2])
	}
	byTitle(out)
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Hubs returns the notes with the most distinct other notes linking in.
func (g *Graph) Hubs(ctx context.Context, limit int) ([]backend.GraphNode, error) {
	const op = "neo4jgraph.Hubs"
	if limit < 1 {
		return nil, invalidLimit(op)
	}
	recs, err := g.query(ctx, op, `
		MATCH (s:Note {ns: $ns})-[r]->(t:Note {ns: $ns})
		WHERE s <> t AND type(r) <> 'TAGGED'
		WITH t.id AS id, count(DISTINCT s) AS c
		RETURN id, c`, nil)
	if err != nil {
		return nil, err
	}
	type hub struct {
		id string
		c  int64
	}
	hubs := make([]hub, len(recs))
	for i, r := range recs {
		hubs[i].id, _ = r.Values[0].(string)
		hubs[i].c, _ = r.Values[1].(int64)
	}
	slices.SortFunc(hubs, func(a, b hub) int {
		if a.c != b.c {
			if a.c > b.c {
				return -1
			}
			return 1
		}
		return strings.Compare(a.id, b.id)
	})
	if len(hubs) > limit {
		hubs = hubs[:limit]
	}
	ids := make([]string, len(hubs))
	for i, h := range hubs {
		ids[i] = h.id
	}
	m, err := g.nodes(ctx, op, ids)
	if err != nil {
		return nil, err
	}
	return collect(ids, m), nil
}

// world is the whole graph in memory, for the global views.
type world struct {
	nodes []backend.GraphNode // in id order
	index map[string]int
	edges []backend.GraphEdge
}

// load reads every node and relationship of the namespace and computes degrees.
func (g *Graph) load(ctx context.Context, op string) (*world, error) {
	w := &world{index: map[string]int{}}
	for _, label := range []string{backend.LabelNote, backend.LabelTag, backend.LabelPlaceholder} {
		recs, err := g.query(ctx, op, `MATCH (n:`+label+` {ns: $ns}) RETURN n.id, coalesce(n.title, ''), coalesce(n.type, '')`, nil)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			w.nodes = append(w.nodes, nodeOf(r.Values[0], r.Values[1], r.Values[2]))
		}
	}
	slices.SortFunc(w.nodes, func(a, b backend.GraphNode) int { return strings.Compare(a.ID, b.ID) })
	for i, n := range w.nodes {
		w.index[n.ID] = i
	}
	recs, err := g.query(ctx, op, `MATCH (a:Note {ns: $ns})-[r]->(b) RETURN a.id, b.id, type(r), r.count`, nil)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		e := edgeOf(r.Values)
		s, okS := w.index[e.Source]
		t, okT := w.index[e.Target]
		if !okS || !okT {
			continue
		}
		w.nodes[s].Degree++
		if t != s {
			w.nodes[t].Degree++
		}
		w.edges = append(w.edges, e)
	}
	return w, nil
}

// communities groups the notes of w into clusters of two notes or more,
// largest first, then by smallest member id.
func (w *world) communities() [][]int {
	var ids []string
	var edges []community.Edge
	for _, e := range w.edges {
		if e.Type == backend.RelTagged || e.Source == e.Target || !isNote(e.Target) {
			continue
		}
		edges = append(edges, community.Edge{A: e.Source, B: e.Target, Weight: float64(e.Count)})
	}
	var members []int
	for i, n := range w.nodes {
		if isNote(n.ID) {
			ids = append(ids, n.ID)
			members = append(members, i)
		}
	}
	labels := community.Detect(ids, edges)
	groups := map[int][]int{}
	for i, l := range labels {
		groups[l] = append(groups[l], members[i])
	}
	var out [][]int
	for _, grp := range groups {
		if len(grp) >= 2 {
			out = append(out, grp)
		}
	}
	slices.SortFunc(out, func(a, b []int) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return a[0] - b[0]
	})
	return out
}

// Clusters returns the communities of notes, largest first.
func (g *Graph) Clusters(ctx context.Context, limit int) ([]backend.Cluster, error) {
	const op = "neo4jgraph.Clusters"
	if limit < 1 {
		return nil, invalidLimit(op)
	}
	w, err := g.load(ctx, op)
	if err != nil {
		return nil, err
	}
	out := []backend.Cluster{}
	for i, grp := range w.communities() {
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

// Overview returns every node, or the maxNodes highest-degree ones, with
// the relationships among them.
func (g *Graph) Overview(ctx context.Context, maxNodes int) (*backend.Subgraph, error) {
	const op = "neo4jgraph.Overview"
	if maxNodes <= 0 {
		maxNodes = defaultOverview
	}
	w, err := g.load(ctx, op)
	if err != nil {
		return nil, err
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

// Stats counts nodes, relationships, orphans and clusters.
func (g *Graph) Stats(ctx context.Context) (backend.GraphStats, error) {
	const op = "neo4jgraph.Stats"
	w, err := g.load(ctx, op)
	if err != nil {
		return backend.GraphStats{}, err
	}
	st := backend.GraphStats{Nodes: len(w.nodes), Edges: len(w.edges), Clusters: len(w.communities())}
	for _, n := range w.nodes {
		if n.Degree == 0 && isNote(n.ID) {
			st.Orphans++
		}
	}
	return st, nil
}

// sortEdges orders edges by source, target, type.
func sortEdges(es []backend.GraphEdge) {
	slices.SortFunc(es, func(a, b backend.GraphEdge) int {
		if c := strings.Compare(a.Source, b.Source); c != 0 {
			return c
		}
		if c := strings.Compare(a.Target, b.Target); c != 0 {
			return c
		}
		return strings.Compare(a.Type, b.Type)
	})
}

// byTitle orders nodes by lower-case title, then id.
func byTitle(ns []backend.GraphNode) {
	slices.SortFunc(ns, func(a, b backend.GraphNode) int {
		if c := strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
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

// collect returns the nodes of ids in order, skipping missing ones.
func collect(ids []string, m map[string]*backend.GraphNode) []backend.GraphNode {
	out := make([]backend.GraphNode, 0, len(ids))
	for _, id := range ids {
		if n, ok := m[id]; ok {
			out = append(out, *n)
		}
	}
	return out
}

// strs returns the first column of records as strings.
func strs(recs []*neo4jRecord) []string {
	out := make([]string, 0, len(recs))
	for _, r := range recs {
		if s, ok := r.Values[0].(string); ok {
			out = append(out, s)
		}
	}
	return out
}
