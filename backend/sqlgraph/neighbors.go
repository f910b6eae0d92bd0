package sqlgraph

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"secondbrain/backend"
)

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
		WHERE tg.name = ANY($2::text[]) AND (SELECT n.trashed_at IS NULL FROM notes n WHERE n.id = nt.note_id)
	), d AS (
		SELECT DISTINCT e.a, e.b, e.b_note FROM e
		WHERE cardinality($4::text[]) = 0 OR e.type = ANY($4::text[])
	)
	SELECT d.a, d.b, coalesce((SELECT n.note_type FROM notes n WHERE n.id = d.b_note), '') FROM d`)

// hop is one adjacency found by a step.
type hop struct {
	from, to, noteType string
}

// step returns the adjacencies of the frontier, following only types when set.
func (g *Graph) step(ctx context.Context, frontier, types []string) ([]hop, error) {
	notes, tags, keys := split(frontier)
	if types == nil {
		types = []string{}
	}
	rows, err := g.db.QueryContext(ctx, stepSQL, notes, tags, keys, types)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hop
	for rows.Next() {
		var h hop
		if err := rows.Scan(&h.from, &h.to, &h.noteType); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// neighbors returns the subgraph within opts.Depth hops of a note.
func (g *Graph) neighbors(ctx context.Context, noteID string, opts backend.NeighborOptions) (*backend.Subgraph, error) {
	const op = "sqlgraph.Neighbors"
	if opts.Depth < 1 || opts.Depth > MaxDepth {
		return nil, &backend.Error{Code: backend.EINVALID, Op: op, Message: fmt.Sprintf("the depth must be between 1 and %d", MaxDepth)}
	}
	if opts.Limit < 0 {
		return nil, &backend.Error{Code: backend.EINVALID, Op: op, Message: "the limit must not be negative"}
	}
	limit := opts.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	start, err := g.liveNote(ctx, op, noteID)
	if err != nil {
		return nil, err
	}
	wanted := func(id, noteType string) bool {
		if len(opts.Labels) == 0 {
			return true
		}
		for _, l := range labelsOf(id, noteType) {
			if slices.Contains(opts.Labels, l) {
				return true
			}
		}
		return false
	}

	// Walk level by level; result keeps the wanted nodes in (distance, id) order.
	seen := map[string]bool{start: true}
	result := []string{start}
	frontier := []string{start}
	truncated := false
	for d := 1; d <= opts.Depth && len(frontier) > 0 && len(result) <= limit; d++ {
		hops, err := g.step(ctx, frontier, opts.RelTypes)
		if err != nil {
			return nil, translate(op, err)
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
	nodes, err := g.nodes(ctx, result)
	if err != nil {
		return nil, translate(op, err)
	}
	edges, err := g.edgesAmong(ctx, result, opts.RelTypes)
	if err != nil {
		return nil, translate(op, err)
	}
	return &backend.Subgraph{Nodes: collect(result, nodes), Edges: edges, Truncated: truncated}, nil
}

// backlinks returns the live notes with a LINKS_TO, EMBEDS or typed edge into a note.
func (g *Graph) backlinks(ctx context.Context, noteID string) ([]backend.GraphNode, error) {
	const op = "sqlgraph.Backlinks"
	id, err := g.liveNote(ctx, op, noteID)
	if err != nil {
		return nil, err
	}
	rows, err := g.db.QueryContext(ctx, q(`
		SELECT DISTINCT l.source_id::text FROM links l JOIN notes s ON s.id = l.source_id AND s.trashed_at IS NULL
		WHERE l.target_id = $1 AND {REL}`), id)
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
	out := collect(ids, m)
	byTitle(out)
	return out, nil
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
