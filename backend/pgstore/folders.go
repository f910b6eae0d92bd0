package pgstore

import (
	"context"
	"strings"

	"entgo.io/ent/dialect/sql"

	"secondbrain/backend"
	"secondbrain/ent/note"
	"secondbrain/ent/predicate"
)

var _ backend.FolderStore = (*Store)(nil)

// Folders counts the live notes per folder in one GROUP BY over the
// lower-cased path keys, which an index-only scan of the live-path index
// reads without touching the notes' bodies; each folder's name, in its
// case, comes from one of its notes, looked up by that same index. Folders
// differing only in case are one folder, as paths are.
func (s *Store) Folders(ctx context.Context) ([]backend.FolderCount, error) {
	const op = "pgstore.Folders"
	rows, err := s.db.QueryContext(ctx, `SELECT
			CASE WHEN strpos(n.path, '/') = 0 THEN '' ELSE left(n.path, length(n.path) - strpos(reverse(n.path), '/')) END AS folder,
			f.notes
		FROM (
			SELECT CASE WHEN strpos(path_key, '/') = 0 THEN '' ELSE left(path_key, length(path_key) - strpos(reverse(path_key), '/')) END AS folder_key,
				count(*) AS notes, min(path_key) AS sample
			FROM notes WHERE trashed_at IS NULL
			GROUP BY 1
		) f
		CROSS JOIN LATERAL (SELECT path FROM notes WHERE path_key = f.sample AND trashed_at IS NULL LIMIT 1) n
		ORDER BY f.folder_key`)
	if err != nil {
		return nil, s.translate(op, err)
	}
	defer rows.Close()
	out := []backend.FolderCount{}
	for rows.Next() {
		var f backend.FolderCount
		if err := rows.Scan(&f.Path, &f.Count); err != nil {
			return nil, s.translate(op, err)
		}
		out = append(out, f)
	}
	return out, s.translate(op, rows.Err())
}

// ListFolderNotes returns a page of the live notes under folder, sorted as
// opts says. It matches the lower-cased path key by prefix, LIKE
// metacharacters in folder taken literally.
func (s *Store) ListFolderNotes(ctx context.Context, folder string, opts backend.ListOptions) (*backend.NotePage, error) {
	const op = "pgstore.ListFolderNotes"
	q := s.client.Note.Query().Where(note.TrashedAtIsNil())
	if folder = strings.Trim(folder, "/"); folder != "" {
		q.Where(pathUnder(strings.ToLower(folder) + "/"))
	}
	return s.notePage(ctx, op, q, opts)
}

// pathUnder matches path keys starting with prefix, compared byte by byte
// (starts_with ignores LIKE's metacharacters and the collation).
func pathUnder(prefix string) predicate.Note {
	return predicate.Note(func(sel *sql.Selector) {
		sel.Where(sql.P(func(b *sql.Builder) {
			b.WriteString("starts_with(").Ident(sel.C(note.FieldPathKey)).WriteString(", ").Arg(prefix).WriteString(")")
		}))
	})
}
