package sqlgraph

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"secondbrain/backend"
)

// neighbors returns the subgraph within opts.Depth hops of a note, walked
// in the index.
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
	var sg *backend.Subgraph
	err := g.withIndex(ctx, func(ix *index) error {
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
	return sg, nil
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
// each level's new nodes in id order, cut to what walkCap leaves; the
// wanted ones (labels) kept in that order, the first limit of them
// returned, with the followed edges among them.
func (ix *index) neighbors(start int32, depth, limit int, types map[uint16]bool, labels []string) *backend.Subgraph {
	wanted := func(n int32) bool {
		if len(labels) == 0 {
			return true
		}
		for _, l := range labelsOf(ix.nodes[n].id, ix.nodes[n].typ) {
			if slices.Contains(labels, l) {
				return true
			}
		}
		return false
	}
	seen := ix.next()
	ix.mark[start] = seen
	count := 1
	result := []int32{start}
	frontier := []int32{start}
	truncated := false
	for d := 1; d <= depth && len(frontier) > 0 && len(result) <= limit; d++ {
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
		slices.SortFunc(next, func(a, b int32) int { return strings.Compare(ix.nodes[a].id, ix.nodes[b].id) })
		if room := walkCap - count; len(next) > room {
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
	sortEdges(sg.Edges)
	return sg
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
