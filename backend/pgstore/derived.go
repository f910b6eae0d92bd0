package pgstore

import (
	"context"
	"sort"
	"strings"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/ent"
)

// replaceDerived replaces a note's links, tags, properties and aliases with
// d, in tx, and resolves the new links. Arrays keep it to one statement per
// table, even for 10k links. Links into the note are re-resolved only when
// its aliases changed, since titles and paths do not change here.
func replaceDerived(ctx context.Context, tx *ent.Tx, n *ent.Note, d backend.Derived) error {
	id := n.ID
	// One round trip clears every derived row and returns the old aliases.
	rows, err := tx.QueryContext(ctx, `
		WITH l AS (DELETE FROM links WHERE source_id = $1),
		     t AS (DELETE FROM note_tags WHERE note_id = $1),
		     p AS (DELETE FROM properties WHERE note_id = $1)
		DELETE FROM aliases WHERE note_id = $1 RETURNING name_key`, id)
	if err != nil {
		return err
	}
	var old []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return err
		}
		old = append(old, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if err := insertDerived(ctx, tx, []string{id.String()}, []backend.Derived{d}); err != nil {
		return err
	}
	if len(d.Links) > 0 {
		if err := resolveFrom(ctx, tx, id); err != nil {
			return err
		}
	}
	if !sameKeys(old, d.Aliases) {
		return resolveTo(ctx, tx, n)
	}
	return nil
}

// sameKeys reports whether the lower-cased names are the same set as keys.
func sameKeys(keys, names []string) bool {
	set := map[string]bool{}
	for _, n := range names {
		if n = strings.ToLower(strings.TrimSpace(n)); n != "" {
			set[n] = true
		}
	}
	if len(set) != len(keys) {
		return false
	}
	for _, k := range keys {
		if !set[k] {
			return false
		}
	}
	return true
}

// insertDerived inserts the derived rows of several notes (ids[i] owns ds[i]).
func insertDerived(ctx context.Context, tx *ent.Tx, ids []string, ds []backend.Derived) error {
	var (
		lNote, lTarget, lKey, lAnchor, lAlias, lKind, lRel []string
		lPos                                               []int64
		tNote, tName                                       []string
		pNote, pKey, pVal                                  []string
		aNote, aName                                       []string
		typeNote, typeVal                                  []string
	)
	for i, d := range ds {
		for _, l := range d.Links {
			lNote = append(lNote, ids[i])
			lTarget = append(lTarget, l.Target)
			lKey = append(lKey, l.TargetKey)
			lAnchor = append(lAnchor, l.Anchor)
			lAlias = append(lAlias, l.Alias)
			lKind = append(lKind, l.Kind)
			lRel = append(lRel, l.Rel)
			lPos = append(lPos, int64(l.Position))
		}
		seen := map[string]bool{}
		for _, t := range d.Tags {
			k := strings.ToLower(t)
			if k != "" && !seen[k] {
				seen[k] = true
				tNote, tName = append(tNote, ids[i]), append(tName, k)
			}
		}
		keys := make([]string, 0, len(d.Properties))
		for k := range d.Properties {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			pNote, pKey, pVal = append(pNote, ids[i]), append(pKey, k), append(pVal, d.Properties[k])
		}
		seenA := map[string]bool{}
		for _, a := range d.Aliases {
			a = strings.TrimSpace(a)
			if k := strings.ToLower(a); a != "" && !seenA[k] {
				seenA[k] = true
				aNote, aName = append(aNote, ids[i]), append(aName, a)
			}
		}
		typeNote, typeVal = append(typeNote, ids[i]), append(typeVal, d.Type)
	}
	if len(lNote) > 0 {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO links (id, source_id, target, target_key, anchor, alias, kind, rel, position)
			SELECT gen_random_uuid(), s::uuid, t, k, a, al, kd, r, p
			FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[]) AS x(s, t, k, a, al, kd, r, p)`,
			lNote, lTarget, lKey, lAnchor, lAlias, lKind, lRel, lPos); err != nil {
			return err
		}
	}
	if len(tNote) > 0 {
		// New tags are visible to this statement only through RETURNING.
		if _, err := tx.ExecContext(ctx, `
			WITH x AS (SELECT s::uuid AS s, n FROM unnest($1::text[], $2::text[]) AS u(s, n)),
			     fresh AS (INSERT INTO tags (id, name) SELECT gen_random_uuid(), n FROM (SELECT DISTINCT n FROM x) d
			               ON CONFLICT (name) DO NOTHING RETURNING id, name),
			     every AS (SELECT id, name FROM fresh UNION ALL SELECT id, name FROM tags WHERE name = ANY($2::text[]))
			INSERT INTO note_tags (note_id, tag_id)
			SELECT DISTINCT x.s, every.id FROM x JOIN every ON every.name = x.n
			ON CONFLICT DO NOTHING`, tNote, tName); err != nil {
			return err
		}
	}
	if len(pNote) > 0 {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO properties (id, note_id, key, value)
			SELECT gen_random_uuid(), s::uuid, k, v FROM unnest($1::text[], $2::text[], $3::text[]) AS x(s, k, v)`,
			pNote, pKey, pVal); err != nil {
			return err
		}
	}
	if len(aNote) > 0 {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO aliases (id, note_id, name, name_key)
			SELECT gen_random_uuid(), s::uuid, n, lower(n) FROM unnest($1::text[], $2::text[]) AS x(s, n)`,
			aNote, aName); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `
		UPDATE notes n SET note_type = x.t FROM unnest($1::text[], $2::text[]) AS x(s, t)
		WHERE n.id = x.s::uuid AND n.note_type <> x.t`, typeNote, typeVal)
	return err
}

// resolveNotesSQL resolves the open links selected by the condition on l
// (%s) to notes in one statement, like Obsidian: rank 1 a path relative to
// the source's folder (wikilinks), rank 2 an exact vault path, rank 3 a
// title (a note in the source's folder first, then the shortest path),
// rank 4 a path suffix ("people/Ada" for "work/people/Ada.md"), rank 5 an
// alias. Each branch is a join an index serves.
const resolveNotesSQL = `
WITH open AS (
	SELECT l.id, l.target_key, l.kind, regexp_replace(src.path_key, '[^/]*$', '') AS dir
	FROM links l JOIN notes src ON src.id = l.source_id
	WHERE l.target_id IS NULL AND l.attachment_id IS NULL AND l.target_key <> '' AND %s
), cand AS (
	SELECT o.id AS link_id, n.id AS note_id, 1 AS rank, 0 AS near, n.path_key
	FROM open o JOIN notes n ON n.path_key = o.dir || o.target_key || '.md'
	WHERE o.kind <> 'markdown' AND o.dir <> '' AND n.trashed_at IS NULL
	UNION ALL
	SELECT o.id, n.id, 2, 0, n.path_key
	FROM open o JOIN notes n ON n.path_key = o.target_key || '.md' WHERE n.trashed_at IS NULL
	UNION ALL
	SELECT o.id, n.id, 3, CASE WHEN regexp_replace(n.path_key, '[^/]*$', '') = o.dir THEN 0 ELSE 1 END, n.path_key
	FROM open o JOIN notes n ON n.title_key = o.target_key WHERE n.trashed_at IS NULL
	UNION ALL
	SELECT o.id, n.id, 4, 0, n.path_key
	FROM open o JOIN notes n ON n.title_key = regexp_replace(o.target_key, '^.*/', '')
	WHERE position('/' in o.target_key) > 0 AND n.trashed_at IS NULL
		AND right(n.path_key, length(o.target_key) + 4) = '/' || o.target_key || '.md'
	UNION ALL
	SELECT o.id, n.id, 5, 0, n.path_key
	FROM open o JOIN aliases a ON a.name_key = o.target_key JOIN notes n ON n.id = a.note_id AND n.trashed_at IS NULL
), best AS (
	SELECT DISTINCT ON (link_id) link_id, note_id FROM cand
	ORDER BY link_id, rank, near, length(path_key), path_key
)
UPDATE links SET target_id = best.note_id FROM best WHERE links.id = best.link_id`

// resolveAttachmentsSQL resolves the open links selected by %s that name an
// attachment: by vault path, or by a bare file name (shortest path first).
const resolveAttachmentsSQL = `
WITH cand AS (
	SELECT DISTINCT ON (l.id) l.id AS link_id, a.id AS att_id
	FROM links l JOIN attachments a ON a.path_key = l.target_key OR (a.name_key = l.target_key AND position('/' in l.target_key) = 0)
	WHERE l.target_id IS NULL AND l.attachment_id IS NULL AND l.target_key <> '' AND %s
	ORDER BY l.id, (a.path_key = l.target_key) DESC, length(a.path_key), a.path_key
)
UPDATE links SET attachment_id = cand.att_id FROM cand WHERE links.id = cand.link_id`

// resolveFromCond selects the open links of the source notes $1;
// resolveToCond those naming the notes $2 by one of the keys $1 (their
// nameKeys) or by an alias. The one-note paths and the batch create share
// them.
const (
	resolveFromCond = "l.source_id = ANY($1::uuid[])"
	resolveToCond   = "(l.target_key = ANY($1::text[]) OR l.target_key IN (SELECT name_key FROM aliases WHERE note_id = ANY($2::uuid[])))"
)

// resolve resolves the open links cond selects, to notes and then to attachments.
func resolve(ctx context.Context, tx *ent.Tx, cond string, args ...any) error {
	return resolveWith(func(q string, args ...any) error {
		_, err := tx.ExecContext(ctx, q, args...)
		return err
	}, cond, args...)
}

// resolveWith is resolve through exec, which runs a statement in the
// caller's transaction (an ent or a pgx one).
func resolveWith(exec func(q string, args ...any) error, cond string, args ...any) error {
	for _, q := range []string{resolveNotesSQL, resolveAttachmentsSQL} {
		if err := exec(strings.Replace(q, "%s", cond, 1), args...); err != nil {
			return err
		}
	}
	return nil
}

// resolveFrom resolves the unresolved links of one source note.
func resolveFrom(ctx context.Context, tx *ent.Tx, source uuid.UUID) error {
	return resolve(ctx, tx, resolveFromCond, []uuid.UUID{source})
}

// resolveTo resolves unresolved links that name note n (by title, path or
// alias) — it has just appeared, been renamed or restored, or changed aliases.
func resolveTo(ctx context.Context, tx *ent.Tx, n *ent.Note) error {
	return resolve(ctx, tx, resolveToCond, nameKeys(n.Title, n.Path), []uuid.UUID{n.ID})
}

// nameKeys returns the link target keys that can name the note titled
// title at path, aliases aside: its title, its path without ".md", and
// each ending of that path after a slash ("people/Ada" and "Ada" for
// "work/people/Ada.md"). Matching them with = lets the links' target_key
// index find the open links to resolve; a LIKE on the path against every
// open link's key read them all.
func nameKeys(title, path string) []string {
	p := strings.TrimSuffix(strings.ToLower(path), ".md")
	keys := []string{strings.ToLower(title), p}
	for i := strings.IndexByte(p, '/'); i >= 0; {
		p = p[i+1:]
		keys = append(keys, p)
		i = strings.IndexByte(p, '/')
	}
	return keys
}

// unresolveTo detaches the links pointing at a note that went away (trash,
// delete) or changed its name (rename without rewriting), then lets them
// resolve again to whatever matches now.
func unresolveTo(ctx context.Context, tx *ent.Tx, id uuid.UUID) error {
	rows, err := tx.QueryContext(ctx, `UPDATE links SET target_id = NULL WHERE target_id = $1 RETURNING id`, id)
	if err != nil {
		return err
	}
	var ids []string
	for rows.Next() {
		var lid uuid.UUID
		if err := rows.Scan(&lid); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, lid.String())
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return err
	}
	return resolve(ctx, tx, "l.id = ANY($1::uuid[])", ids)
}
