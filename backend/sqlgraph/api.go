package sqlgraph

import (
	"context"

	"secondbrain/backend"
)

// Each method runs in one read-only transaction (see read).

// readAs runs fn in one read-only transaction (read) and returns its result.
func readAs[T any](ctx context.Context, g *Graph, op string, fn func(r *Graph) (T, error)) (T, error) {
	var out T
	err := g.read(ctx, op, func(r *Graph) (err error) {
		out, err = fn(r)
		return err
	})
	return out, err
}

// Neighbors returns the subgraph within opts.Depth hops of a note.
func (g *Graph) Neighbors(ctx context.Context, noteID string, opts backend.NeighborOptions) (*backend.Subgraph, error) {
	if err := checkID("sqlgraph.Neighbors", noteID); err != nil {
		return nil, err
	}
	return readAs(ctx, g, "sqlgraph.Neighbors", func(r *Graph) (*backend.Subgraph, error) {
		return r.neighbors(ctx, noteID, opts)
	})
}

// ShortestPath returns the nodes of a shortest path between two notes.
func (g *Graph) ShortestPath(ctx context.Context, fromID, toID string, maxDepth int) ([]backend.GraphNode, error) {
	for _, id := range []string{fromID, toID} {
		if err := checkID("sqlgraph.ShortestPath", id); err != nil {
			return nil, err
		}
	}
	return readAs(ctx, g, "sqlgraph.ShortestPath", func(r *Graph) ([]backend.GraphNode, error) {
		return r.shortestPath(ctx, fromID, toID, maxDepth)
	})
}

// Backlinks returns the notes with a LINKS_TO, EMBEDS or typed edge into a note, by title.
func (g *Graph) Backlinks(ctx context.Context, noteID string) ([]backend.GraphNode, error) {
	if err := checkID("sqlgraph.Backlinks", noteID); err != nil {
		return nil, err
	}
	return readAs(ctx, g, "sqlgraph.Backlinks", func(r *Graph) ([]backend.GraphNode, error) {
		return r.backlinks(ctx, noteID)
	})
}

// Orphans returns up to limit notes with no relation at all, by title.
func (g *Graph) Orphans(ctx context.Context, limit int) ([]backend.GraphNode, error) {
	return readAs(ctx, g, "sqlgraph.Orphans", func(r *Graph) ([]backend.GraphNode, error) {
		return r.orphans(ctx, limit)
	})
}

// Hubs returns up to limit notes with the most distinct linking notes, most first.
func (g *Graph) Hubs(ctx context.Context, limit int) ([]backend.GraphNode, error) {
	return readAs(ctx, g, "sqlgraph.Hubs", func(r *Graph) ([]backend.GraphNode, error) {
		return r.hubs(ctx, limit)
	})
}

// Clusters returns up to limit communities of notes, largest first.
func (g *Graph) Clusters(ctx context.Context, limit int) ([]backend.Cluster, error) {
	return readAs(ctx, g, "sqlgraph.Clusters", func(r *Graph) ([]backend.Cluster, error) {
		return r.clusters(ctx, limit)
	})
}

// Overview returns every node, or the maxNodes highest-degree ones, with
// the edges among them.
func (g *Graph) Overview(ctx context.Context, maxNodes int) (*backend.Subgraph, error) {
	return readAs(ctx, g, "sqlgraph.Overview", func(r *Graph) (*backend.Subgraph, error) {
		return r.overview(ctx, maxNodes)
	})
}

// Stats counts nodes, edges, orphans and clusters.
func (g *Graph) Stats(ctx context.Context) (backend.GraphStats, error) {
	return readAs(ctx, g, "sqlgraph.Stats", func(r *Graph) (backend.GraphStats, error) {
		return r.stats(ctx)
	})
}
