package pgstore

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"secondbrain/backend"
)

var _ backend.TitleFinder = (*Store)(nil)

// titlesSQL ranks titles and aliases against the folded text $1: exact
// match 4, prefix 3, a word's prefix 2, substring 1, plus trigram word
// similarity (0..1). Each kind of candidate is capped before ranking so a
// common prefix costs no more than a rare one; a text of fewer than three
// characters has no trigram, so only prefixes are looked for then. %s is
// the candidate set: titlesExact or titlesFuzzy.
const titlesSQL = `
WITH cand AS (%s
  UNION ALL
  (SELECT a.note_id, sb_fold(a.name) AS fold, a.name AS alias
   FROM aliases AS a WHERE a.name_key LIKE $4 LIMIT 500)
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

// titlesExact are the candidates holding the text: prefixes of the title or
// of a word in it, then (three characters or more, or any Chinese,
// Japanese or Korean text, whose words are not spaced) any substring.
const titlesExact = `
  (SELECT s.note_id, s.title_fold AS fold, ''::text AS alias
   FROM note_search AS s WHERE s.title_fold LIKE $3 OR s.title_fold LIKE $5 LIMIT 2000)
  UNION ALL
  (SELECT s.note_id, s.title_fold, ''::text
   FROM note_search AS s
   WHERE (length($1) >= 3 OR $1 ~ '[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]') AND s.title_fold LIKE $2 LIMIT 2000)`

// titlesFuzzy are the titles resembling the text (typos), by trigrams.
const titlesFuzzy = `
  (SELECT s.note_id, s.title_fold AS fold, ''::text AS alias
   FROM note_search AS s WHERE $1 <% s.title_fold LIMIT 500)`

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
	args := []any{fold, "%" + e + "%", e + "%", likeEscape(strings.ToLower(text)) + "%", "% " + e + "%", limit}
	out, err := s.titles(ctx, fmt.Sprintf(titlesSQL, titlesExact), args, nil)
	if err != nil {
		return nil, s.translate(op, err)
	}
	if len(out) < limit && utf8.RuneCountInString(fold) >= 3 {
		// Too few hold the text: add titles that resemble it, after them.
		if out, err = s.titles(ctx, fmt.Sprintf(titlesSQL, titlesFuzzy), args, out); err != nil {
			return nil, s.translate(op, err)
		}
	}
	return out, nil
}

// titles runs a title query and appends its matches to have, skipping
// notes already there, up to the limit in args.
func (s *Store) titles(ctx context.Context, query string, args []any, have []backend.TitleMatch) ([]backend.TitleMatch, error) {
	limit := args[len(args)-1].(int)
	seen := map[uuid.UUID]bool{}
	for _, m := range have {
		seen[m.ID] = true
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var m backend.TitleMatch
		if err := rows.Scan(&m.ID, &m.Title, &m.Path, &m.Alias, &m.Score); err != nil {
			return nil, err
		}
		if !seen[m.ID] && len(have) < limit {
			seen[m.ID] = true
			have = append(have, m)
		}
	}
	return have, rows.Err()
}

// likeEscape quotes s for a LIKE pattern.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
