package sqlgraph

import (
	"context"

	"secondbrain/backend"
)

// Each method runs in one read-only transaction (see read).

// Neighbors returns the subgraph within opts.Depth hops of a note.
func (g *Graph) Neighbors(ctx context.Context, noteID string, opts backend.NeighborOptions) (sg *backend.Subgraph, err error) {
	if err := checkID("sqlgraph.Neighbors", noteID); err != nil {
		return nil, err
	}
	err = g.read(ctx, "sqlgraph.Neighbors", func(r *Graph) error {
		sg, err = r.neighbors(ctx, noteID, opts)
		return err
	})
	return sg, err
}

// ShortestPath returns the nodes of a shortest path between two notes.
func (g *Graph) ShortestPath(ctx context.Context, fromID, toID string, maxDepth int) (path []backend.GraphNode, err error) {
	for _, id := range []string{fromID, toID} {
		if err := checkID("sqlgraph.ShortestPath", id); err != nil {
			return nil, err
		}
	}
	err = g.read(ctx, "sqlgraph.ShortestPath", func(r *Graph) error {
		path, err = r.shortestPath(ctx, fromID, toID, maxDepth)
		return err
	})
	return path, err
}

// Backlinks returns the notes with a LINKS_TO, EMBEDS or typed edge into a note, by title.
func (g *Graph) Backlinks(ctx context.Context, noteID string) (ns []backend.GraphNode, err error) {
	if err := checkID("sqlgraph.Backlinks", noteID); err != nil {
		return nil, err
	}
	err = g.read(ctx, "sqlgraph.Backlinks", func(r *Graph) error {
		ns, err = r.backlinks(ctx, noteID)
		return err
	})
	return ns, err
}

// Orphans returns up to limit notes with no relation at all, by title.
func (g *Graph) Orphans(ctx context.Context, limit int) (ns []backend.GraphNode, err error) {
	err = g.read(ctx, "sqlgraph.Orphans", func(r *Graph) error {
		ns, err = r.orphans(ctx, limit)
		return err
	})
	return ns, err
}

// Hubs returns up to limit notes with the most distinct linking notes, most first.
func (g *Graph) Hubs(ctx context.Context, limit int) (ns []backend.GraphNode, err error) {
	err = g.read(ctx, "sqlgraph.Hubs", func(r *Graph) error {
		ns, err = r.hubs(ctx, limit)
		return err
	})
	return ns, err
}

// Clusters returns up to limit communities of notes, largest first.
func (g *Graph) Clusters(ctx context.Context, limit int) (cs []backend.Cluster, err error) {
	err = g.read(ctx, "sqlgraph.Clusters", func(r *Graph) error {
		cs, err = r.clusters(ctx, limit)
		return err
	})
	return cs, err
}

// Overview returns every node, or the maxNodes highest-degree ones, with
// the edges among them.
func (g *Graph) Overview(ctx context.Context, maxNodes int) (sg *backend.Subgraph, err error) {
	err = g.read(ctx, "sqlgraph.Overview", func(r *Graph) error {
		sg, err = r.overview(ctx, maxNodes)
		return err
	})
	return sg, err
}

// Stats counts nodes, edges, orphans and clusters.
func (g *Graph) Stats(ctx context.Context) (st backend.GraphStats, err error) {
	err = g.read(ctx, "sqlgraph.Stats", func(r *Graph) error {
		st, err = r.stats(ctx)
		return err
	})
	return st, err
}
