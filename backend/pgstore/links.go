package pgstore

import (
	"context"
	"database/sql"
	"strings"
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

// ResolveLinks resolves every open link that a live note or an attachment
// matches now and returns the totals over live notes.
func (s *Store) ResolveLinks(ctx context.Context) (backend.LinkStats, error) {
	const op = "pgstore.ResolveLinks"
	// Bulk writes leave the planner's statistics stale; with them fresh the
	// passes below are hash joins instead of nested loops.
	if _, err := s.db.ExecContext(ctx, `ANALYZE links, notes, aliases, attachments`); err != nil {
		return backend.LinkStats{}, s.translate(op, err)
	}
	// resolveRecorded also logs which notes' links changed, for the projections.
	err := s.withTx(ctx, func(tx *ent.Tx) error { return resolveRecorded(ctx, tx) })
	if err != nil {
		return backend.LinkStats{}, s.translate(op, err)
	}
	var st backend.LinkStats
	err = s.db.QueryRowContext(ctx, `
		SELECT count(*), count(*) FILTER (WHERE l.target_id IS NULL AND l.attachment_id IS NULL)
		FROM links l JOIN notes n ON n.id = l.source_id AND n.trashed_at IS NULL
		WHERE l.kind <> 'property'`).Scan(&st.Links, &st.Unresolved)
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

// scanAttachments reads attachment rows.
func scanAttachments(rows *sql.Rows) ([]backend.Attachment, error) {
	defer rows.Close()
	var out []backend.Attachment
	for rows.Next() {
		var a backend.Attachment
		if err := rows.Scan(&a.ID, &a.Path, &a.MimeType, &a.Size, &a.ContentHash); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// PutAttachment records an attachment by path, replacing the metadata of an
// older file at the same path.
func (s *Store) PutAttachment(ctx context.Context, a backend.AttachmentWrite) (*backend.Attachment, error) {
	const op = "pgstore.PutAttachment"
	key := strings.ToLower(a.Path)
	name := key
	if i := strings.LastIndexByte(key, '/'); i >= 0 {
		name = key[i+1:]
	}
	var out *backend.Attachment
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		rows, err := tx.QueryContext(ctx, `
			INSERT INTO attachments (id, path, path_key, name_key, mime_type, size, content_hash, created_at, updated_at)
			VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, now(), now())
			ON CONFLICT (path_key) DO UPDATE SET path = EXCLUDED.path, mime_type = EXCLUDED.mime_type,
				size = EXCLUDED.size, content_hash = EXCLUDED.content_hash, updated_at = now()
			RETURNING id, path, mime_type, size, content_hash`, a.Path, key, name, a.MimeType, a.Size, a.ContentHash)
		if err != nil {
			return err
		}
		list, err := scanAttachments(rows)
		if err != nil {
			return err
		}
		out = &list[0]
		return tx.Event.Create().SetKind(string(backend.EventAttachmentPut)).SetTime(now()).
			SetPayload(map[string]any{"id": out.ID.String(), "path": out.Path, "content_hash": out.ContentHash, "size": out.Size}).
			Exec(ctx)
	})
	if err != nil {
		return nil, s.translate(op, err)
	}
	return out, nil
}

// Attachments lists every attachment by path.
func (s *Store) Attachments(ctx context.Context) ([]backend.Attachment, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, path, mime_type, size, content_hash FROM attachments ORDER BY path_key`)
	if err != nil {
		return nil, s.translate("pgstore.Attachments", err)
	}
	list, err := scanAttachments(rows)
	return list, s.translate("pgstore.Attachments", err)
}

// LinksOf implements backend.LinkStore: the links of the live notes ids,
// counted as ResolveLinks counts them, and up to limit of their unresolved
// links and of their unresolved embeds, by source path.
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
	err := s.db.QueryRowContext(ctx, `
		SELECT count(*), count(*) FILTER (WHERE l.target_id IS NULL AND l.attachment_id IS NULL)
		FROM links l JOIN notes n ON n.id = l.source_id AND n.trashed_at IS NULL
		WHERE l.kind <> 'property' AND l.source_id = ANY($1::uuid[])`, keys).Scan(&rep.Links, &rep.Unresolved)
	if err != nil {
		return rep, s.translate(op, err)
	}
	list := func(embeds bool) ([]backend.UnresolvedLink, error) {
		rows, err := s.db.QueryContext(ctx, `
			SELECT n.id, n.path, l.target
			FROM links l JOIN notes n ON n.id = l.source_id AND n.trashed_at IS NULL
			WHERE l.target_id IS NULL AND l.attachment_id IS NULL AND l.kind <> 'property'
			  AND l.source_id = ANY($1::uuid[]) AND (NOT $3 OR l.kind = 'embed')
			ORDER BY n.path_key, l.position LIMIT $2`, keys, limit, embeds)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		out := []backend.UnresolvedLink{}
		for rows.Next() {
			var u backend.UnresolvedLink
			if err := rows.Scan(&u.SourceID, &u.SourcePath, &u.Target); err != nil {
				return nil, err
			}
			out = append(out, u)
		}
		return out, rows.Err()
	}
	if rep.UnresolvedList, err = list(false); err != nil {
		return rep, s.translate(op, err)
	}
	if rep.MissingEmbeds, err = list(true); err != nil {
		return rep, s.translate(op, err)
	}
	return rep, nil
}
