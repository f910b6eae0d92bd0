package pgstore

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"secondbrain/backend"
)

var _ backend.TitleFinder = (*Store)(nil)

// titlesSQL ranks titles and aliases against the folded text $1: exact
// match 4, prefix 3, a word's prefix 2, substring 1, plus trigram word
// similarity (0..1), so typos still find something. A text of fewer than
// three characters has no trigram, so only prefixes are looked for then.
const titlesSQL = `
WITH cand AS (
  SELECT s.note_id, s.title_fold AS fold, ''::text AS alias
  FROM note_search AS s
  WHERE s.title_fold LIKE $2 OR (length($1) >= 3 AND $1 <% s.title_fold)
  UNION ALL
  SELECT a.note_id, sb_fold(a.name), a.name
  FROM aliases AS a
  WHERE a.name_key LIKE $4
), scored AS (
  SELECT c.note_id, c.alias,
    CASE WHEN c.fold = $1 THEN 4 WHEN c.fold LIKE $3 THEN 3
         WHEN c.fold LIKE $5 THEN 2 WHEN c.fold LIKE $2 THEN 1 ELSE 0 END
    + word_similarity($1, c.fold) - length(c.fold) / 10000.0 AS score
  FROM cand AS c
), best AS (
  SELECT DISTINCT ON (note_id) note_id, alias, score FROM scored ORDER BY note_id, score DESC
)
SELECT n.id, n.title, n.path, b.alias, b.score
FROM best AS b JOIN notes AS n ON n.id = b.note_id
WHERE n.trashed_at IS NULL
ORDER BY b.score DESC, n.title_key, n.id
LIMIT $6`

// FindTitles implements backend.TitleFinder over the search table's folded
// titles (trigram-indexed) and the aliases.
func (s *Store) FindTitles(ctx context.Context, text string, limit int) ([]backend.TitleMatch, error) {
	const op = "pgstore.FindTitles"
	if limit < 1 {
		return nil, backend.Errorf(backend.EINVALID, "limit must be at least 1")
	}
	text = strings.TrimSpace(strings.ToValidUTF8(text, ""))
	if text == "" {
		page, err := s.ListNotes(ctx, backend.ListOptions{Order: backend.OrderUpdated, Limit: limit})
		if err != nil {
			return nil, err
		}
		out := make([]backend.TitleMatch, len(page.Notes))
		for i, n := range page.Notes {
			out[i] = backend.TitleMatch{ID: n.ID, Title: n.Title, Path: n.Path}
		}
		return out, nil
	}
	var fold string
	if err := s.db.QueryRowContext(ctx, `SELECT sb_fold($1)`, text).Scan(&fold); err != nil {
		return nil, s.translate(op, err)
	}
	e := likeEscape(fold)
	rows, err := s.db.QueryContext(ctx, titlesSQL, fold, "%"+e+"%", e+"%", likeEscape(strings.ToLower(text))+"%", "% "+e+"%", limit)
	if err != nil {
		return nil, s.translate(op, err)
	}
	defer rows.Close()
	var out []backend.TitleMatch
	for rows.Next() {
		var m backend.TitleMatch
		var id uuid.UUID
		if err := rows.Scan(&id, &m.Title, &m.Path, &m.Alias, &m.Score); err != nil {
			return nil, s.translate(op, err)
		}
		m.ID = id
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, s.translate(op, err)
	}
	return out, nil
}
