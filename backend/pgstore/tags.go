package pgstore

import (
	"context"

	"secondbrain/backend"
)

// Tags lists every tag with its live-note count, most used first.
func (s *Store) Tags(ctx context.Context) ([]backend.TagCount, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT t.name, count(n.id) FROM tags t
		JOIN note_tags nt ON nt.tag_id = t.id JOIN notes n ON n.id = nt.note_id AND n.trashed_at IS NULL
		GROUP BY t.name ORDER BY count(n.id) DESC, t.name`)
	if err != nil {
		return nil, s.translate("pgstore.Tags", err)
	}
	defer rows.Close()
	var out []backend.TagCount
	for rows.Next() {
		var t backend.TagCount
		if err := rows.Scan(&t.Name, &t.Count); err != nil {
			return nil, s.translate("pgstore.Tags", err)
		}
		out = append(out, t)
	}
	return out, s.translate("pgstore.Tags", rows.Err())
}
