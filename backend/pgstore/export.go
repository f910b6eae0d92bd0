package pgstore

import (
	"context"

	"secondbrain/backend"
)

// NotesForExport calls fn for every live note with its body, in path order,
// reading in pages so a large vault never sits in memory at once.
func (s *Store) NotesForExport(ctx context.Context, fn func(*backend.Note) error) error {
	const op = "pgstore.NotesForExport"
	after := ""
	for {
		rows, err := s.db.QueryContext(ctx, `
			SELECT id, title, path, path_key, body, version, created_at, updated_at
			FROM notes WHERE trashed_at IS NULL AND path_key > $1 ORDER BY path_key LIMIT 500`, after)
		if err != nil {
			return s.translate(op, err)
		}
		var page []*backend.Note
		for rows.Next() {
			n := &backend.Note{}
			if err := rows.Scan(&n.ID, &n.Title, &n.Path, &after, &n.Body, &n.Version, &n.CreatedAt, &n.UpdatedAt); err != nil {
				rows.Close()
				return s.translate(op, err)
			}
			page = append(page, n)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return s.translate(op, err)
		}
		for _, n := range page {
			if err := fn(n); err != nil {
				return err
			}
		}
		if len(page) < 500 {
			return nil
		}
	}
}
