package pgstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/ent"
)

// contextBytes is how much text around a link a backlink shows.
const contextBytes = 160

// Backlinks returns the links into a note from live notes, by source path.
func (s *Store) Backlinks(ctx context.Context, id uuid.UUID) ([]backend.Backlink, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT n.id, n.title, n.path, l.position,
		       substring(convert_to(n.body, 'UTF8') FROM greatest(l.position - $2::int, 0)::int + 1 FOR $2::int * 2),
		       greatest(l.position - $2::int, 0)
		FROM links l JOIN notes n ON n.id = l.source_id AND n.trashed_at IS NULL
		WHERE l.target_id = $1
		ORDER BY n.path_key, l.position`, id, contextBytes)
	if err != nil {
		return nil, s.translate("pgstore.Backlinks", err)
	}
	defer rows.Close()
	var out []backend.Backlink
	for rows.Next() {
		var (
			b     backend.Backlink
			chunk []byte
			start int
		)
		if err := rows.Scan(&b.SourceID, &b.SourceTitle, &b.SourcePath, &b.Position, &chunk, &start); err != nil {
			return nil, s.translate("pgstore.Backlinks", err)
		}
		b.Context = lineAround(chunk, b.Position-start)
		out = append(out, b)
	}
	return out, s.translate("pgstore.Backlinks", rows.Err())
}

// lineAround returns the line of chunk that holds byte offset at, trimmed
// to whole UTF-8 characters.
func lineAround(chunk []byte, at int) string {
	at = min(max(at, 0), len(chunk))
	start, end := 0, len(chunk)
	if i := strings.LastIndexByte(string(chunk[:at]), '\n'); i >= 0 {
		start = i + 1
	}
	if i := strings.IndexByte(string(chunk[at:]), '\n'); i >= 0 {
		end = at + i
	}
	line := chunk[start:end]
	for len(line) > 0 && !utf8.RuneStart(line[0]) {
		line = line[1:]
	}
	for len(line) > 0 && !utf8.Valid(line) {
		line = line[:len(line)-1]
	}
	return strings.TrimSpace(string(line))
}

// OutgoingLinks returns a note's links in body order with their resolution.
func (s *Store) OutgoingLinks(ctx context.Context, id uuid.UUID) ([]backend.ResolvedLink, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT l.target, l.target_key, l.anchor, l.alias, l.kind, l.rel, l.position,
		       l.target_id, coalesce(n.title, ''), l.attachment_id
		FROM links l LEFT JOIN notes n ON n.id = l.target_id
		WHERE l.source_id = $1 ORDER BY l.position, l.rel, l.target`, id)
	if err != nil {
		return nil, s.translate("pgstore.OutgoingLinks", err)
	}
	defer rows.Close()
	var out []backend.ResolvedLink
	for rows.Next() {
		var (
			l        backend.ResolvedLink
			tid, aid uuid.NullUUID
		)
		if err := rows.Scan(&l.Target, &l.TargetKey, &l.Anchor, &l.Alias, &l.Kind, &l.Rel, &l.Position, &tid, &l.TargetTitle, &aid); err != nil {
			return nil, s.translate("pgstore.OutgoingLinks", err)
		}
		l.TargetID, l.AttachmentID = tid.UUID, aid.UUID
		out = append(out, l)
	}
	return out, s.translate("pgstore.OutgoingLinks", rows.Err())
}

// MentionCandidates returns live notes other than id whose body contains
// text (case ignored), most recently updated first. When text has words,
// the notes holding all of them are found through the full-text index
// first, so a rare name costs what its postings do rather than a scan of
// every body; the index covers a body's first 100,000 characters, so a
// mention beyond that in a longer note is not found.
func (s *Store) MentionCandidates(ctx context.Context, id uuid.UUID, text string, limit int) ([]*backend.Note, error) {
	const op = "pgstore.MentionCandidates"
	if strings.TrimSpace(text) == "" {
		return nil, nil
	}
	pattern := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(text)) + "%"
	var words bool
	if err := s.db.QueryRowContext(ctx, `SELECT numnode(plainto_tsquery('sb_simple', sb_cjk_bigrams($1))) > 0`, text).Scan(&words); err != nil {
		return nil, s.translate(op, err)
	}
	query := `
		SELECT id, title, path, body, version, created_at, updated_at
		FROM notes WHERE trashed_at IS NULL AND id <> $1 AND lower(body) LIKE $2
		ORDER BY updated_at DESC LIMIT $3`
	args := []any{id, pattern, limit}
	if words {
		query = `
		SELECT n.id, n.title, n.path, n.body, n.version, n.created_at, n.updated_at
		FROM note_search AS s JOIN notes AS n ON n.id = s.note_id
		WHERE s.body_vec @@ plainto_tsquery('sb_simple', sb_cjk_bigrams($4))
		  AND n.trashed_at IS NULL AND n.id <> $1 AND lower(n.body) LIKE $2
		ORDER BY n.updated_at DESC LIMIT $3`
		args = append(args, text)
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, s.translate(op, err)
	}
	defer rows.Close()
	var out []*backend.Note
	for rows.Next() {
		n := &backend.Note{}
		if err := rows.Scan(&n.ID, &n.Title, &n.Path, &n.Body, &n.Version, &n.CreatedAt, &n.UpdatedAt); err != nil {
			return nil, s.translate(op, err)
		}
		out = append(out, n)
	}
	return out, s.translate(op, rows.Err())
}

// resolveParts is how many transactions ResolveLinks resolves the open
// links in at once.
const resolveParts = 2

// ResolveLinks resolves every open link that a live note or an attachment
// matches now and returns the totals over live notes.
func (s *Store) ResolveLinks(ctx context.Context) (backend.LinkStats, error) {
	const op = "pgstore.ResolveLinks"
	ph := newPhases()
	// Bulk writes leave the planner's statistics stale; with them fresh the
	// passes below are hash joins instead of nested loops. Only the columns
	// they join and filter on are sampled, not the notes' bodies.
	if _, err := s.db.ExecContext(ctx, `ANALYZE links (source_id, target_id, attachment_id, target_key, kind),
		notes (id, path_key, title_key, trashed_at), aliases (note_id, name_key), attachments (path_key, name_key)`); err != nil {
		return backend.LinkStats{}, s.translate(op, err)
	}
	ph.mark("analyze")
	// The open links are split by source into resolveParts parts, each
	// resolved in its own transaction on its own connection at the same
	// time: after an import the pass is one large UPDATE, and a single
	// statement uses one core. A link's target does not depend on which
	// part resolves it (the parts change links, not the notes they
	// match), so the result is the same as one pass; each part records
	// the notes whose links it resolved. A part that fails leaves the
	// others committed, which a later pass completes.
	errs := make([]error, resolveParts)
	var wg sync.WaitGroup
	for part := range resolveParts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pph := newPhases()
			// resolveRecorded also logs which notes' links changed, for the projections.
			errs[part] = s.withTx(ctx, func(tx *ent.Tx) error { return resolveRecorded(ctx, tx, pph, part, resolveParts) })
			pph.mark("commit")
			pph.log(s.log, "resolved links: part", "part", part)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return backend.LinkStats{}, s.translate(op, err)
	}
	ph.mark("resolve")
	var st backend.LinkStats
	err := s.db.QueryRowContext(ctx, `
		SELECT count(*), count(*) FILTER (WHERE l.target_id IS NULL AND l.attachment_id IS NULL)
		FROM links l JOIN notes n ON n.id = l.source_id AND n.trashed_at IS NULL
		WHERE l.kind <> 'property'`).Scan(&st.Links, &st.Unresolved)
	ph.mark("count")
	ph.log(s.log, "resolved links", "count", st.Links)
	return st, s.translate(op, err)
}

// Unresolved lists up to limit open links of live notes, by source path.
func (s *Store) Unresolved(ctx context.Context, limit int) ([]backend.UnresolvedLink, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT n.id, n.path, l.target
		FROM links l JOIN notes n ON n.id = l.source_id AND n.trashed_at IS NULL
		WHERE l.target_id IS NULL AND l.attachment_id IS NULL AND l.kind <> 'property'
		ORDER BY n.path_key, l.position LIMIT $1`, limit)
	if err != nil {
		return nil, s.translate("pgstore.Unresolved", err)
	}
	defer rows.Close()
	var out []backend.UnresolvedLink
	for rows.Next() {
		var u backend.UnresolvedLink
		if err := rows.Scan(&u.SourceID, &u.SourcePath, &u.Target); err != nil {
			return nil, s.translate("pgstore.Unresolved", err)
		}
		out = append(out, u)
	}
	return out, s.translate("pgstore.Unresolved", rows.Err())
}

// LinksOf implements backend.LinkStore: the links of the live notes ids,
// counted as ResolveLinks counts them, and up to limit of their unresolved
// links and of their unresolved embeds, by source path.
//
// One statement reads the links once for the counts and both lists: after
// an import, ids are the whole vault, and each of three statements used to
// look up every one of its links again. The ids are a relation to join
// rather than an = ANY list, so that for a whole vault the planner can
// hash them rather than probe the links' index once per id.
func (s *Store) LinksOf(ctx context.Context, ids []uuid.UUID, limit int) (backend.LinkReport, error) {
	const op = "pgstore.LinksOf"
	var rep backend.LinkReport
	if len(ids) == 0 {
		return rep, nil
	}
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = id.String()
	}
	// part 0 is the counts, part 1 the unresolved links, part 2 the
	// unresolved embeds, each list in its order (rn).
	rows, err := s.db.QueryContext(ctx, `
		WITH l AS MATERIALIZED (
			SELECT n.id, n.path, n.path_key, l.position, l.target, l.kind,
			       l.target_id IS NULL AND l.attachment_id IS NULL AS open
			FROM (SELECT DISTINCT unnest($1::uuid[]) AS id) AS ids
			JOIN links l ON l.source_id = ids.id JOIN notes n ON n.id = l.source_id AND n.trashed_at IS NULL
			WHERE l.kind <> 'property'
		), o AS (
			SELECT id, path, target, kind, row_number() OVER (ORDER BY path_key, position) AS rn FROM l WHERE open
		)
		SELECT 0 AS part, count(*) AS rn, count(*) FILTER (WHERE open), NULL::uuid, NULL::text, NULL::text FROM l
		UNION ALL
		SELECT 1, rn, 0, id, path, target FROM o WHERE rn <= $2
		UNION ALL
		SELECT 2, e.rn, 0, e.id, e.path, e.target
		FROM (SELECT id, path, target, row_number() OVER (ORDER BY rn) AS rn FROM o WHERE kind = 'embed') e WHERE e.rn <= $2
		ORDER BY part, rn`, keys, limit)
	if err != nil {
		return rep, s.translate(op, err)
	}
	defer rows.Close()
	rep.UnresolvedList, rep.MissingEmbeds = []backend.UnresolvedLink{}, []backend.UnresolvedLink{}
	for rows.Next() {
		var (
			part, n, open int
			u             backend.UnresolvedLink
			id            uuid.NullUUID
			path, target  sql.NullString
		)
		if err := rows.Scan(&part, &n, &open, &id, &path, &target); err != nil {
			return rep, s.translate(op, err)
		}
		u.SourceID, u.SourcePath, u.Target = id.UUID, path.String, target.String
		switch part {
		case 0:
			rep.Links, rep.Unresolved = n, open
		case 1:
			rep.UnresolvedList = append(rep.UnresolvedList, u)
		default:
			rep.MissingEmbeds = append(rep.MissingEmbeds, u)
		}
	}
	return rep, s.translate(op, rows.Err())
}
