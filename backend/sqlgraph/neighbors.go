package sqlgraph

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"strings"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/graphview"
)

// neighbors returns the subgraph within opts.Depth hops of a note, walked
// in the walk index when it is built, else in SQL (walk).
func (g *Graph) neighbors(ctx context.Context, noteID string, opts backend.NeighborOptions) (*backend.Subgraph, error) {
	const op = "sqlgraph.Neighbors"
	limit, err := graphview.NeighborLimit(op, opts)
	if err != nil {
		return nil, err
	}
	var sg *backend.Subgraph
	indexed, err := g.withIndex(ctx, func(ix *index) error {
		start, ok := ix.liveNote(noteID)
		if !ok {
			return notFound(op, noteID)
		}
		sg = ix.neighbors(start, opts.Depth, limit, ix.typeSet(opts.RelTypes), opts.Labels)
		return nil
	})
	if err != nil {
		return nil, translate(op, err)
	}
	if indexed {
		return sg, nil
	}
	return g.walk(ctx, noteID, opts, limit)
}

// stepSQL returns the neighbours of a frontier: $1 note ids, $2 tag names,
// $3 placeholder keys, $4 relation types to follow (all when empty). One
// row per (frontier node, neighbour) with the neighbour's note type (empty for
// tags and placeholders). Each branch is an index lookup.
var stepSQL = q(`
	WITH ns AS (SELECT DISTINCT unnest($1::text[])::uuid AS id),
	e AS (
		SELECT l.source_id::text AS a, {TARGET} AS b, l.target_id AS b_note, {TYPE} AS type
		FROM ns JOIN links l ON l.source_id = ns.id
		WHERE {EDGE}
		UNION ALL
		SELECT l.target_id::text, l.source_id::text, l.source_id, {TYPE}
		FROM ns JOIN links l ON l.target_id = ns.id
		WHERE {REL} AND {LIVE_SOURCE}
		UNION ALL
		SELECT 'placeholder:' || l.target_key, l.source_id::text, l.source_id, {TYPE}
		FROM links l
		WHERE l.target_key = ANY($3::text[]) AND {OPEN} AND {REL} AND {LIVE_SOURCE}
		UNION ALL
		SELECT nt.note_id::text, 'tag:' || tg.name, NULL::uuid, 'TAGGED'
		FROM ns JOIN note_tags nt ON nt.note_id = ns.id JOIN tags tg ON tg.id = nt.tag_id
		UNION ALL
		SELECT 'tag:' || tg.name, nt.note_id::text, nt.note_id, 'TAGGED'
		FROM tags tg JOIN note_tags nt ON nt.tag_id = tg.id
		WHERE tg.name = ANY($2::text[]) AND {LIVE_TAGGED}
	), d AS (
		SELECT DISTINCT e.a, e.b, e.b_note FROM e
		WHERE cardinality($4::text[]) = 0 OR e.type = ANY($4::text[])
	)
	SELECT d.a, d.b, coalesce((SELECT n.note_type FROM notes n WHERE n.id = d.b_note), '') FROM d`)

// walkStepSQL is stepSQL for a walk that keeps every node it reaches (no
// label filter): it returns only the first $6 (need) new neighbours of the
// frontier in walk order (node id text order), with their note types. $5
// holds the ids seen so far, which are not new. Each branch fetches per
// frontier node at most need unseen neighbours in that same order (uuid
// order is the text order of a note id; tags and placeholders are ordered
// by their ids in the C collation, as Go compares strings), so a tag or a
// hub note costs need index entries, not all its notes. See walk for why
// the cut cannot change the answer.
var walkStepSQL = q(`
	WITH ns AS (SELECT DISTINCT unnest($1::text[])::uuid AS id),
	seen AS (SELECT unnest($5::text[]) AS id),
	e AS (
		SELECT x.b, x.b_note FROM ns CROSS JOIN LATERAL (
			SELECT DISTINCT {TARGET} COLLATE "C" AS b, l.target_id AS b_note
			FROM links l
			WHERE l.source_id = ns.id AND {EDGE}
				AND (cardinality($4::text[]) = 0 OR {TYPE} = ANY($4::text[]))
				AND {TARGET} NOT IN (SELECT id FROM seen)
			ORDER BY 1 LIMIT $6) x
		UNION ALL
		SELECT x.b::text, x.b FROM ns CROSS JOIN LATERAL (
			SELECT DISTINCT l.source_id AS b
			FROM links l
			WHERE l.target_id = ns.id AND {REL} AND {LIVE_SOURCE}
				AND (cardinality($4::text[]) = 0 OR {TYPE} = ANY($4::text[]))
				AND l.source_id::text NOT IN (SELECT id FROM seen)
			ORDER BY 1 LIMIT $6) x
		UNION ALL
		SELECT x.b::text, x.b FROM unnest($3::text[]) k(key) CROSS JOIN LATERAL (
			SELECT DISTINCT l.source_id AS b
			FROM links l
			WHERE l.target_key = k.key AND {OPEN} AND {REL} AND {LIVE_SOURCE}
				AND (cardinality($4::text[]) = 0 OR {TYPE} = ANY($4::text[]))
				AND l.source_id::text NOT IN (SELECT id FROM seen)
			ORDER BY 1 LIMIT $6) x
		UNION ALL
		SELECT x.b, NULL::uuid FROM ns CROSS JOIN LATERAL (
			SELECT DISTINCT ('tag:' || tg.name) COLLATE "C" AS b
			FROM note_tags nt JOIN tags tg ON tg.id = nt.tag_id
			WHERE nt.note_id = ns.id AND (cardinality($4::text[]) = 0 OR 'TAGGED' = ANY($4::text[]))
				AND 'tag:' || tg.name NOT IN (SELECT id FROM seen)
			ORDER BY 1 LIMIT $6) x
		UNION ALL
		SELECT x.b::text, x.b FROM tags tg CROSS JOIN LATERAL (
			SELECT nt.note_id AS b
			FROM note_tags nt
			WHERE nt.tag_id = tg.id AND {LIVE_TAGGED}
				AND (cardinality($4::text[]) = 0 OR 'TAGGED' = ANY($4::text[]))
				AND nt.note_id::text NOT IN (SELECT id FROM seen)
			ORDER BY 1 LIMIT $6) x
		WHERE tg.name = ANY($2::text[])
	), d AS (
		SELECT e.b, e.b_note FROM e GROUP BY e.b, e.b_note ORDER BY e.b COLLATE "C" LIMIT $6
	)
	SELECT d.b, coalesce((SELECT n.note_type FROM notes n WHERE n.id = d.b_note), '') FROM d ORDER BY d.b COLLATE "C"`)

// walkStep returns the first need neighbours of the frontier in id order
// that are not in seen (walkStepSQL), following only types when set. The
// hops carry no from: the capped walk only needs where it got to.
func (g *Graph) walkStep(ctx context.Context, frontier, types, seen []string, need int) ([]hop, error) {
	notes, tags, keys := split(frontier)
	return g.queryHops(ctx, false, walkStepSQL, notes, tags, keys, orEmpty(types), seen, need)
}

// hop is one adjacency found by a step.
type hop struct {
	from, to, noteType string
}

// step returns the adjacencies of the frontier, following only types when set.
func (g *Graph) step(ctx context.Context, frontier, types []string) ([]hop, error) {
	notes, tags, keys := split(frontier)
	return g.queryHops(ctx, true, stepSQL, notes, tags, keys, orEmpty(types))
}

// queryHops runs a step query whose rows are (from, to, note type), or
// (to, note type) without from.
func (g *Graph) queryHops(ctx context.Context, withFrom bool, query string, args ...any) ([]hop, error) {
	rows, err := g.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hop
	for rows.Next() {
		var h hop
		dst := []any{&h.to, &h.noteType}
		if withFrom {
			dst = append([]any{&h.from}, dst...)
		}
		if err := rows.Scan(dst...); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// orEmpty is types, or an empty list (all types) for nil.
func orEmpty(types []string) []string {
	if types == nil {
		return []string{}
	}
	return types
}

// walk is neighbors in SQL: level by level, one step statement each, then
// the nodes with their degrees and the edges among them in one statement.
func (g *Graph) walk(ctx context.Context, noteID string, opts backend.NeighborOptions, limit int) (*backend.Subgraph, error) {
	const op = "sqlgraph.Neighbors"
	start, err := g.walkStart(ctx, op, noteID)
	if err != nil {
		return nil, err
	}
	// Each level's new nodes with their note types (for the label filter).
	seen := map[string]string{start: ""}
	result, truncated, err := walkLevels(start, opts.Depth, limit, strings.Compare,
		func(frontier []string) ([]string, error) {
			var hops []hop
			var err error
			if len(opts.Labels) == 0 && !g.shared.uncapped {
				// Without a label filter every node seen so far is in
				// the result (a level cut by WalkCap ends the walk), so
				// need = limit+1-len(seen) >= 1 new nodes are enough:
				// walkStep returns exactly the first need of the level's
				// new nodes in walkLevels' order (each is among the
				// first need unseen neighbours of a frontier node that
				// reaches it), or the whole level when it has fewer.
				// A level of need or more ends the walk in both cases
				// (the result exceeds limit, or WalkCap cuts it), keeps
				// the same first need-1 nodes and sets truncated; a
				// smaller level is the same set. So the answer is the
				// uncapped walk's (TestWalkFanOutCap).
				hops, err = g.walkStep(ctx, frontier, opts.RelTypes, slices.Collect(maps.Keys(seen)), limit+1-len(seen))
			} else {
				hops, err = g.step(ctx, frontier, opts.RelTypes)
			}
			if err != nil {
				return nil, err
			}
			var next []string
			for _, h := range hops {
				if _, ok := seen[h.to]; !ok {
					seen[h.to] = h.noteType
					next = append(next, h.to)
				}
			}
			return next, nil
		},
		func(id string) bool { return hasLabel(opts.Labels, id, seen[id]) })
	if err != nil {
		return nil, translate(op, err)
	}
	nodes, edges, err := g.subgraph(ctx, result, opts.RelTypes)
	if err != nil {
		return nil, translate(op, err)
	}
	return &backend.Subgraph{Nodes: graphview.Collect(result, nodes), Edges: edges, Truncated: truncated}, nil
}

// walkStart returns the node of a live note, as liveNote does, and makes
// the rest of the transaction run its statements on generic plans. The
// walk's statements are prepared (pgx caches them per connection), and
// their shape, not the arrays they are given, decides their plans: each
// branch is an index lookup per frontier node. Planning them anew on every
// call (custom plans for their parameters) costs a millisecond or more a
// statement, as much as running them.
func (g *Graph) walkStart(ctx context.Context, op, id string) (string, error) {
	uid, err := uuid.Parse(id)
	if err != nil || kindOf(id) != kindNote {
		return "", notFound(op, id)
	}
	var live bool
	err = g.db.QueryRowContext(ctx, `SELECT set_config('plan_cache_mode', 'force_generic_plan', true) <> '',
		EXISTS (SELECT 1 FROM notes WHERE id = $1 AND trashed_at IS NULL)`, uid).Scan(new(bool), &live)
	if err != nil {
		return "", translate(op, err)
	}
	if !live {
		return "", notFound(op, id)
	}
	return uid.String(), nil
}

// liveNote returns the node of a live note.
func (ix *index) liveNote(id string) (int32, bool) {
	uid, err := uuid.Parse(id)
	if err != nil || kindOf(id) != kindNote {
		return 0, false
	}
	n, ok := ix.ids[uid.String()]
	return n, ok && ix.nodes[n].live
}

// typeSet returns the numbers of the relation types to follow, nil for all.
// A type the index has never seen matches no edge.
func (ix *index) typeSet(types []string) map[uint16]bool {
	if len(types) == 0 {
		return nil
	}
	set := map[uint16]bool{}
	for _, t := range types {
		if n, ok := ix.typeN[t]; ok {
			set[n] = true
		}
	}
	return set
}

// follows says an edge of type t is followed.
func follows(types map[uint16]bool, t uint16) bool { return types == nil || types[t] }

// neighbors walks level by level from start, as backend.Graph specifies:
// each level's new nodes in id order, cut to what graphview.WalkCap leaves; the
// wanted ones (labels) kept in that order, the first limit of them
// returned, with the followed edges among them.
func (ix *index) neighbors(start int32, depth, limit int, types map[uint16]bool, labels []string) *backend.Subgraph {
	seen := ix.next()
	ix.mark[start] = seen
	result, truncated, _ := walkLevels(start, depth, limit,
		func(a, b int32) int { return strings.Compare(ix.nodes[a].id, ix.nodes[b].id) },
		func(frontier []int32) ([]int32, error) {
			var next []int32
			visit := func(m int32) {
				if ix.mark[m] != seen {
					ix.mark[m] = seen
					next = append(next, m)
				}
			}
			for _, n := range frontier {
				for _, e := range ix.nodes[n].out {
					if follows(types, e.typ) {
						visit(e.to)
					}
				}
				for _, e := range ix.nodes[n].in {
					if follows(types, e.typ) {
						visit(e.from)
					}
				}
			}
			return next, nil
		},
		func(n int32) bool { return hasLabel(labels, ix.nodes[n].id, ix.nodes[n].typ) })
	sg := &backend.Subgraph{Nodes: make([]backend.GraphNode, len(result)), Truncated: truncated}
	in := ix.next()
	for i, n := range result {
		sg.Nodes[i] = ix.graphNode(n)
		ix.mark[n] = in
	}
	for _, n := range result {
		for _, e := range ix.nodes[n].out {
			if ix.mark[e.to] == in && follows(types, e.typ) {
				sg.Edges = append(sg.Edges, backend.GraphEdge{Source: ix.nodes[n].id, Target: ix.nodes[e.to].id, Type: ix.types[e.typ], Count: int(e.count)})
			}
		}
	}
	graphview.SortEdges(sg.Edges)
	return sg
}

// backlinks returns the live notes with a LINKS_TO, EMBEDS or typed edge into a note.
func (g *Graph) backlinks(ctx context.Context, noteID string) ([]backend.GraphNode, error) {
	const op = "sqlgraph.Backlinks"
	id, err := g.liveNote(ctx, op, noteID)
	if err != nil {
		return nil, err
	}
	out, err := g.nodesBy(ctx, q(`
		SELECT DISTINCT l.source_id::text FROM links l JOIN notes s ON s.id = l.source_id AND s.trashed_at IS NULL
		WHERE l.target_id = $1 AND {REL}`), id)
	if err != nil {
		return nil, translate(op, err)
	}
	graphview.ByTitle(out)
	return out, nil
}

// nodesBy runs a query that returns a column of node ids and returns
// those nodes in that order, leaving out the ones gone since.
func (g *Graph) nodesBy(ctx context.Context, query string, args ...any) ([]backend.GraphNode, error) {
	rows, err := g.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	ids, err := scanStrings(rows)
	if err != nil {
		return nil, err
	}
	return g.ordered(ctx, ids)
}

// ordered returns the nodes of ids in order, leaving out missing ones.
func (g *Graph) ordered(ctx context.Context, ids []string) ([]backend.GraphNode, error) {
	m, err := g.nodes(ctx, ids)
	if err != nil {
		return nil, err
	}
	return graphview.Collect(ids, m), nil
}

// scanStrings reads one text column and closes rows.
func scanStrings(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// walkLevels walks breadth first from start, as backend.Graph specifies,
// for both walks (in SQL and in the index): expand returns the nodes a
// frontier reaches that no earlier level did (and records them as seen);
// each level's are taken in cmp order, cut to what graphview.WalkCap leaves, and
// the wanted ones kept; levels run while the result holds at most limit
// nodes. It returns the first limit wanted nodes in (distance, cmp) order,
// start first, and whether anything was cut.
func walkLevels[N any](start N, depth, limit int, cmp func(a, b N) int, expand func(frontier []N) ([]N, error), wanted func(N) bool) ([]N, bool, error) {
	count := 1
	result := []N{start}
	frontier := []N{start}
	truncated := false
	for d := 1; d <= depth && len(frontier) > 0 && len(result) <= limit; d++ {
		next, err := expand(frontier)
		if err != nil {
			return nil, false, err
		}
		slices.SortFunc(next, cmp)
		if room := graphview.WalkCap - count; len(next) > room {
			next, truncated = next[:room], true
		}
		count += len(next)
		for _, n := range next {
			if wanted(n) {
				result = append(result, n)
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
	return result, truncated, nil
}

// hasLabel says a node (id, note type) carries one of labels, or labels is empty.
func hasLabel(labels []string, id, noteType string) bool {
	if len(labels) == 0 {
		return true
	}
	for _, l := range labelsOf(id, noteType) {
		if slices.Contains(labels, l) {
			return true
		}
	}
	return false
}
