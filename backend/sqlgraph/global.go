package sqlgraph

import (
	"context"
	"database/sql"

	"secondbrain/backend"
	"secondbrain/backend/graphview"
)

// orphans returns notes with no relation at all, by title.
func (g *Graph) orphans(ctx context.Context, limit int) ([]backend.GraphNode, error) {
	const op = "sqlgraph.Orphans"
	if err := graphview.CheckLimit(op, limit); err != nil {
		return nil, err
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
	return graphview.FirstByTitle(out, limit), nil
}

// hubs returns the notes with the most distinct linking notes, most first.
func (g *Graph) hubs(ctx context.Context, limit int) ([]backend.GraphNode, error) {
	const op = "sqlgraph.Hubs"
	if err := graphview.CheckLimit(op, limit); err != nil {
		return nil, err
	}
	out, err := g.nodesBy(ctx, q(`
		SELECT l.target_id::text FROM links l
		JOIN notes s ON s.id = l.source_id AND s.trashed_at IS NULL
		JOIN notes t ON t.id = l.target_id AND t.trashed_at IS NULL
		WHERE l.source_id <> l.target_id AND {REL}
		GROUP BY l.target_id ORDER BY count(DISTINCT l.source_id) DESC, l.target_id LIMIT $1`), limit)
	if err != nil {
		return nil, translate(op, err)
	}
	return out, nil
}

// load reads every node and edge, and computes degrees.
func (g *Graph) load(ctx context.Context) (*graphview.World, error) {
	var nodes []backend.GraphNode
	paths := map[string]string{}
	add := func(id, title string, labels []string) {
		nodes = append(nodes, backend.GraphNode{ID: id, Title: title, Labels: labels})
	}
	err := each(ctx, g.db, `SELECT id::text, title, note_type, path FROM notes WHERE trashed_at IS NULL`, func(r *sql.Rows) error {
		var id, title, typ, path string
		if err := r.Scan(&id, &title, &typ, &path); err != nil {
			return err
		}
		add(id, title, backend.NoteLabels(typ))
		paths[id] = path
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
	w := graphview.NewWorld(nodes, paths)
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
		w.AddEdge(e) // left out when written between the statements
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

// clusters returns the communities of notes, largest first.
func (g *Graph) clusters(ctx context.Context, limit int) ([]backend.Cluster, error) {
	const op = "sqlgraph.Clusters"
	if err := graphview.CheckLimit(op, limit); err != nil {
		return nil, err
	}
	w, err := g.load(ctx)
	if err != nil {
		return nil, translate(op, err)
	}
	return w.Clusters(limit), nil
}

// overview returns every node, or the maxNodes highest-degree ones, with the
// edges among them.
func (g *Graph) overview(ctx context.Context, maxNodes int) (*backend.Subgraph, error) {
	const op = "sqlgraph.Overview"
	w, err := g.load(ctx)
	if err != nil {
		return nil, translate(op, err)
	}
	return w.Overview(maxNodes), nil
}

// stats counts nodes, edges, orphans and clusters.
func (g *Graph) stats(ctx context.Context) (backend.GraphStats, error) {
	const op = "sqlgraph.Stats"
	w, err := g.load(ctx)
	if err != nil {
		return backend.GraphStats{}, translate(op, err)
	}
	return w.Stats(), nil
}
