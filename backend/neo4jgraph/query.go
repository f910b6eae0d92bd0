package neo4jgraph

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/graphview"
)

// This file answers backend.Graph in Cypher. A neighbourhood is one
// statement that walks level by level with the same frontier rules and
// tie-breaks as sqlgraph, so both give the same answers; a shortest path is
// one statement over Cypher's shortestPath. Global views read every node
// and relationship once and share the computation.

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

func notFound(op, id string) error {
	return &backend.Error{Code: backend.ENOTFOUND, Op: op, Message: fmt.Sprintf("no note %q in the graph", id)}
}

// checkNote returns EINVALID for an id that names no node at all (neither a
// note's UUID nor a tag or placeholder id), ENOTFOUND for a tag or a
// placeholder, and nil for an id that may name a note.
func checkNote(op, id string) error {
	if !graphview.IsNote(id) {
		return notFound(op, id)
	}
	if _, err := uuid.Parse(id); err != nil {
		return &backend.Error{Code: backend.EINVALID, Op: op, Message: fmt.Sprintf("%q is not a note id", id)}
	}
	return nil
}

// liveNote returns id when it names a note in the graph, or ENOTFOUND
// (EINVALID when it is no node id at all).
func (g *Graph) liveNote(ctx context.Context, op, id string) (string, error) {
	if err := checkNote(op, id); err != nil {
		return "", err
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

func edgeOf(v []any) backend.GraphEdge {
	var e backend.GraphEdge
	e.Source, _ = v[0].(string)
	e.Target, _ = v[1].(string)
	e.Type, _ = v[2].(string)
	c, _ := v[3].(int64)
	e.Count = int(c)
	return e
}

// Neighbors returns the subgraph within opts.Depth hops of a note, in one
// statement (see neighborsStatement).
func (g *Graph) Neighbors(ctx context.Context, noteID string, opts backend.NeighborOptions) (*backend.Subgraph, error) {
	const op = "neo4jgraph.Neighbors"
	limit, err := graphview.NeighborLimit(op, opts)
	if err != nil {
		return nil, err
	}
	if err := checkNote(op, noteID); err != nil {
		return nil, err
	}
	params := map[string]any{"id": noteID, "limit": int64(limit), "walkCap": int64(graphview.WalkCap)}
	if len(opts.RelTypes) > 0 {
		params["types"] = opts.RelTypes
	}
	if len(opts.Labels) > 0 {
		params["labels"] = opts.Labels
	}
	recs, err := g.query(ctx, op, neighborsStatement(opts.Depth, len(opts.RelTypes) > 0, len(opts.Labels) > 0), params)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, notFound(op, noteID)
	}
	v := recs[0].Values
	rows, _ := v[0].([]any)
	sg := &backend.Subgraph{Nodes: make([]backend.GraphNode, 0, len(rows))}
	pos := make(map[int64]int, len(rows)) // a node's internal id → its index in sg.Nodes
	for _, r := range rows {
		f, _ := r.([]any)
		n := nodeOf(f[0], f[1], f[2])
		d, _ := f[3].(int64)
		n.Degree = int(d)
		key, _ := f[4].(int64)
		pos[key] = len(sg.Nodes)
		sg.Nodes = append(sg.Nodes, n)
	}
	es, _ := v[1].([]any)
	edges := make([]indexedEdge, len(es))
	for k, e := range es {
		f, _ := e.([]any)
		src, _ := f[0].(int64)
		key, _ := f[1].(int64)
		dst, ok := pos[key]
		if !ok || src < 0 || int(src) >= len(sg.Nodes) {
			return nil, &backend.Error{Code: backend.EINTERNAL, Op: op, Message: "Neo4j answered a relationship outside the neighbourhood"}
		}
		typ, _ := f[2].(string)
		c, _ := f[3].(int64)
		edges[k] = indexedEdge{src: int32(src), dst: int32(dst), typ: typ, count: int(c)}
	}
	sg.Edges = sortedEdges(sg.Nodes, edges)
	sg.Truncated, _ = v[2].(bool)
	return sg, nil
}

// indexedEdge is a relationship of a neighbourhood whose ends are indexes
// into its nodes.
type indexedEdge struct {
	src, dst int32
	typ      string
	count    int
}

// sortedEdges returns the edges in graphview.SortEdges order (source id,
// target id, type), comparing the ids once per node rather than once per
// comparison of edges: it sorts the nodes by id, then the edges by their
// ends' ranks. Nil for no edges.
func sortedEdges(nodes []backend.GraphNode, edges []indexedEdge) []backend.GraphEdge {
	if len(edges) == 0 {
		return nil
	}
	byID := make([]int32, len(nodes))
	for i := range byID {
		byID[i] = int32(i)
	}
	slices.SortFunc(byID, func(a, b int32) int { return strings.Compare(nodes[a].ID, nodes[b].ID) })
	rank := make([]int32, len(nodes))
	for r, i := range byID {
		rank[i] = int32(r)
	}
	slices.SortFunc(edges, func(a, b indexedEdge) int {
		if c := cmp.Compare(rank[a.src], rank[b.src]); c != 0 {
			return c
		}
		if c := cmp.Compare(rank[a.dst], rank[b.dst]); c != 0 {
			return c
		}
		return strings.Compare(a.typ, b.typ)
	})
	out := make([]backend.GraphEdge, len(edges))
	for k, e := range edges {
		out[k] = backend.GraphEdge{Source: nodes[e.src].ID, Target: nodes[e.dst].ID, Type: e.typ, Count: e.count}
	}
	return out
}

// neighborsStatement returns the Neighbors statement of a depth, with or
// without the relationship type filter ($types) and the label filter
// ($labels): a filter that is not asked for is left out of the text rather
// than tested on every relationship and node.
func neighborsStatement(depth int, types, labels bool) string {
	return neighborsCypher[depth*4+neighborsIndex(types, labels)]
}

// neighborsCypher holds the Neighbors statements, by depth and filters
// (see neighborsStatement). The walk goes level by level as backend.Graph
// specifies: each level's new nodes (DISTINCT, not seen before) ordered by
// id, cut to what the walk cap leaves, the wanted ones (label filter)
// appended to the result; a level runs only while the result holds at most
// $limit nodes. Then the first $limit nodes with their degrees (COUNT,
// which Neo4j answers from the node's relationship counts) and the
// followed relationships among them. One statement, so a neighbourhood
// costs one round trip.
//
// The answer is compact, since reading the ends of a relationship as id
// properties and sending them as strings took about a sixth of the time
// of a garden neighbourhood: a node row is [id, title, type, degree, key], where key is
// the node's internal id, valid within the statement; a relationship is
// [source's index among the nodes, target's key, type, count], so neither
// end is read or sent as a string. id() is deprecated in favour of
// elementId() because an internal id can be reused after a delete; within
// one statement it names one node, which is all this needs. elementId()
// would do as well, but its strings are longer than the ids they stand
// for (p50 about 5% slower).
//
// The relationships among the nodes take about half of a neighbourhood's
// time: each node's outgoing relationships are expanded (ten to fifteen a
// node on average, in the garden and at 100k notes) and kept when their end
// is among the nodes. Any two nodes of the last level may be linked, and
// Neo4j has no index from two nodes to the relationships between them, so
// each node's relationship chain (its outgoing group for a dense node) is
// read once, close to the least any statement reads. Shapes measured against
// this one, none faster beyond the noise: Expand(Into) between the pairs of
// nodes (hundreds of times the db hits); incoming relationships instead
// (the hubs' chains); the membership test inlined in a quantified or
// variable-length pattern (fewer db hits, no faster); id(b) IN a list of
// ids; the nodes as a plain list; nodes and relationships in one pass;
// relationships as parallel lists or grouped by type; ORDER BY … LIMIT on
// the last level; CYPHER expressionEngine=compiled or runtime=interpreted.
// Listing the kept relationships with type(r) and r.count is about a fifth
// of the time, and all of it is part of the answer.
//
// Ids order in Cypher (by UTF-16 code unit), which matches Go's byte order
// except for a tag or placeholder name mixing characters above U+FFFF with
// ones in U+E000..U+FFFF; only the cut at the limit can tell.
var neighborsCypher = func() []string {
	out := make([]string, (graphview.MaxDepth+1)*4)
	for depth := 1; depth <= graphview.MaxDepth; depth++ {
		for _, types := range []bool{false, true} {
			for _, labels := range []bool{false, true} {
				out[depth*4+neighborsIndex(types, labels)] = neighborsText(depth, types, labels)
			}
		}
	}
	return out
}()

// neighborsIndex numbers the four filter combinations of a depth.
func neighborsIndex(types, labels bool) int {
	i := 0
	if types {
		i += 2
	}
	if labels {
		i++
	}
	return i
}

// neighborsText writes one Neighbors statement (see neighborsCypher).
func neighborsText(depth int, types, labels bool) string {
	typeFilter, edgeFilter := "", ""
	if types {
		typeFilter = "\n\t\t\tWHERE type(r) IN $types"
		edgeFilter = " AND type(r) IN $types"
	}
	wanted := "next"
	if labels {
		wanted = "[x IN next WHERE any(l IN labels(x) WHERE l IN $labels)]"
	}
	var b strings.Builder
	b.WriteString(`
		MATCH (s:Note {ns: $ns, id: $id})
		WITH s, [s] AS seen, [s] AS frontier, [s] AS result, false AS truncated`)
	for range depth {
		b.WriteString(`
		CALL (seen, frontier, result, truncated) {
			WITH seen, frontier, result, truncated WHERE size(frontier) > 0 AND size(result) <= $limit AND NOT truncated
			UNWIND frontier AS a
			MATCH (a)-[r]-(b)` + typeFilter + `
			WITH DISTINCT b WHERE NOT b IN seen
			WITH b ORDER BY b.id
			RETURN collect(b) AS next
		}
		WITH seen, result, truncated, next, $walkCap - size(seen) AS room
		WITH seen, result, truncated OR size(next) > room AS truncated, next[..room] AS next
		WITH seen + next AS seen, next AS frontier, truncated, result + ` + wanted + ` AS result`)
	}
	b.WriteString(`
		WITH result[..$limit] AS nodes, truncated OR size(result) > $limit AS truncated
		CALL (nodes) {
			UNWIND nodes AS n
			RETURN collect([n.id, n.title, n.type, COUNT { (n)--() }, id(n)]) AS ns
		}
		CALL (nodes) {
			UNWIND range(0, size(nodes) - 1) AS i
			WITH i, nodes[i] AS a
			MATCH (a)-[r]->(b)
			WHERE b IN nodes` + edgeFilter + `
			RETURN collect([i, id(b), type(r), r.count]) AS es
		}
		RETURN ns, es, truncated`)
	return b.String()
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
	out := graphview.Collect(ids, m)
	graphview.ByTitle(out)
	return out, nil
}

// ShortestPath returns the nodes of a shortest path between two notes:
// one statement, Cypher's shortestPath (a bidirectional breadth-first
// search in the server) bounded by depth.
func (g *Graph) ShortestPath(ctx context.Context, fromID, toID string, depth int) ([]backend.GraphNode, error) {
	const op = "neo4jgraph.ShortestPath"
	if err := graphview.CheckPathDepth(op, depth); err != nil {
		return nil, err
	}
	for _, id := range []string{fromID, toID} {
		if err := checkNote(op, id); err != nil {
			return nil, err
		}
	}
	// The depth is part of the text: a variable-length bound cannot be a parameter.
	recs, err := g.query(ctx, op, fmt.Sprintf(`
		OPTIONAL MATCH (a:Note {ns: $ns, id: $from})
		OPTIONAL MATCH (b:Note {ns: $ns, id: $to})
		CALL (a, b) {
			WITH a, b WHERE a IS NOT NULL AND b IS NOT NULL AND a <> b
			MATCH p = shortestPath((a)-[*..%d]-(b))
			RETURN collect(nodes(p)) AS paths
		}
		WITH a IS NOT NULL AS fromOK, b IS NOT NULL AS toOK, CASE WHEN a = b THEN [a] ELSE paths[0] END AS path
		RETURN fromOK, toOK,
			[n IN coalesce(path, []) | [n.id, coalesce(n.title, ''), coalesce(n.type, ''), COUNT { (n)--() }]]`, depth),
		map[string]any{"from": fromID, "to": toID})
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, notFound(op, fromID)
	}
	v := recs[0].Values
	if ok, _ := v[0].(bool); !ok {
		return nil, notFound(op, fromID)
	}
	if ok, _ := v[1].(bool); !ok {
		return nil, notFound(op, toID)
	}
	rows, _ := v[2].([]any)
	out := make([]backend.GraphNode, 0, len(rows))
	for _, r := range rows {
		f, _ := r.([]any)
		n := nodeOf(f[0], f[1], f[2])
		d, _ := f[3].(int64)
		n.Degree = int(d)
		out = append(out, n)
	}
	return out, nil
}

// Orphans returns notes with no relationship at all, by title.
func (g *Graph) Orphans(ctx context.Context, limit int) ([]backend.GraphNode, error) {
	const op = "neo4jgraph.Orphans"
	if err := graphview.CheckLimit(op, limit); err != nil {
		return nil, err
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
	return graphview.FirstByTitle(out, limit), nil
}

// Hubs returns the notes with the most distinct other notes linking in.
func (g *Graph) Hubs(ctx context.Context, limit int) ([]backend.GraphNode, error) {
	const op = "neo4jgraph.Hubs"
	if err := graphview.CheckLimit(op, limit); err != nil {
		return nil, err
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
	return graphview.Collect(ids, m), nil
}

// load reads every node and relationship of the namespace and computes degrees.
func (g *Graph) load(ctx context.Context, op string) (*graphview.World, error) {
	var nodes []backend.GraphNode
	paths := map[string]string{}
	for _, label := range []string{backend.LabelNote, backend.LabelTag, backend.LabelPlaceholder} {
		recs, err := g.query(ctx, op, `MATCH (n:`+label+` {ns: $ns}) RETURN n.id, coalesce(n.title, ''), coalesce(n.type, ''), coalesce(n.path, '')`, nil)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			n := nodeOf(r.Values[0], r.Values[1], r.Values[2])
			if label == backend.LabelNote {
				paths[n.ID], _ = r.Values[3].(string)
			}
			nodes = append(nodes, n)
		}
	}
	w := graphview.NewWorld(nodes, paths)
	recs, err := g.query(ctx, op, `MATCH (a:Note {ns: $ns})-[r]->(b) RETURN a.id, b.id, type(r), r.count`, nil)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		w.AddEdge(edgeOf(r.Values))
	}
	return w, nil
}

// Clusters returns the communities of notes, largest first.
func (g *Graph) Clusters(ctx context.Context, limit int) ([]backend.Cluster, error) {
	const op = "neo4jgraph.Clusters"
	if err := graphview.CheckLimit(op, limit); err != nil {
		return nil, err
	}
	w, err := g.load(ctx, op)
	if err != nil {
		return nil, err
	}
	return w.Clusters(limit), nil
}

// Overview returns every node, or the maxNodes highest-degree ones, with
// the relationships among them.
func (g *Graph) Overview(ctx context.Context, maxNodes int) (*backend.Subgraph, error) {
	const op = "neo4jgraph.Overview"
	w, err := g.load(ctx, op)
	if err != nil {
		return nil, err
	}
	return w.Overview(maxNodes), nil
}

// Stats counts nodes, relationships, orphans and clusters.
func (g *Graph) Stats(ctx context.Context) (backend.GraphStats, error) {
	const op = "neo4jgraph.Stats"
	w, err := g.load(ctx, op)
	if err != nil {
		return backend.GraphStats{}, err
	}
	return w.Stats(), nil
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
