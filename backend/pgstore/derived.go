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
// d, in tx. Arrays keep it to one statement per table, even for 10k links.
func replaceDerived(ctx context.Context, tx *ent.Tx, id uuid.UUID, d backend.Derived) error {
	for _, q := range []string{
		`DELETE FROM links WHERE source_id = $1`,
		`DELETE FROM note_tags WHERE note_id = $1`,
		`DELETE FROM properties WHERE note_id = $1`,
		`DELETE FROM aliases WHERE note_id = $1`,
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	ids := []string{id.String()}
	return insertDerived(ctx, tx, ids, []backend.Derived{d})
}

// insertDerived inserts the derived rows of several notes (ids[i] owns ds[i]).
func insertDerived(ctx context.Context, tx *ent.Tx, ids []string, ds []backend.Derived) error {
	var (
		lNote, lTarget, lKey, lAnchor, lAlias, lKind []string
		lPos                                         []int64
		tNote, tName                                 []string
		pNote, pKey, pVal                            []string
		aNote, aName                                 []string
		typeNote, typeVal                            []string
	)
	for i, d := range ds {
		for _, l := range d.Links {
			lNote = append(lNote, ids[i])
			lTarget = append(lTarget, l.Target)
			lKey = append(lKey, l.TargetKey)
			lAnchor = append(lAnchor, l.Anchor)
			lAlias = append(lAlias, l.Alias)
			lKind = append(lKind, l.Kind)
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
			INSERT INTO links (id, source_id, target, target_key, anchor, alias, kind, position)
			SELECT gen_random_uuid(), s::uuid, t, k, a, al, kd, p
			FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[]) AS x(s, t, k, a, al, kd, p)`,
			lNote, lTarget, lKey, lAnchor, lAlias, lKind, lPos); err != nil {
			return err
		}
	}
	if len(tNote) > 0 {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO tags (id, name) SELECT gen_random_uuid(), n FROM (SELECT DISTINCT unnest($1::text[]) AS n) x
			ON CONFLICT (name) DO NOTHING`, tName); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO note_tags (note_id, tag_id)
			SELECT x.s::uuid, t.id FROM unnest($1::text[], $2::text[]) AS x(s, n) JOIN tags t ON t.name = x.n
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

// resolvePasses resolve the unresolved links selected by the condition on l
// (%s), like Obsidian: a path relative to the source's folder first, then
// an exact vault path, then a title (preferring
// the source's folder, then the shortest path), then a path suffix, then an
// alias; links to attachments resolve by path or file name. Each pass is a
// join an index serves, and only sees links the passes before left open.
var resolvePasses = []string{
	`UPDATE links l SET target_id = n.id FROM notes src, notes n
	 WHERE l.target_id IS NULL AND l.attachment_id IS NULL AND %s
	   AND l.kind <> 'markdown' AND src.id = l.source_id AND position('/' in src.path_key) > 0
	   AND n.trashed_at IS NULL AND n.path_key = regexp_replace(src.path_key, '[^/]*$', '') || l.target_key || '.md'`,
	`UPDATE links l SET target_id = n.id FROM notes n
	 WHERE l.target_id IS NULL AND l.attachment_id IS NULL AND %s
	   AND n.trashed_at IS NULL AND n.path_key = l.target_key || '.md'`,
	`WITH cand AS (
		SELECT DISTINCT ON (l.id) l.id AS link_id, n.id AS note_id
		FROM links l
		JOIN notes src ON src.id = l.source_id
		JOIN notes n ON n.title_key = l.target_key AND n.trashed_at IS NULL
		WHERE l.target_id IS NULL AND l.attachment_id IS NULL AND %s
		ORDER BY l.id,
			(regexp_replace(n.path_key, '[^/]*$', '') = regexp_replace(src.path_key, '[^/]*$', '')) DESC,
			length(n.path_key), n.path_key)
	 UPDATE links SET target_id = cand.note_id FROM cand WHERE links.id = cand.link_id`,
	`WITH cand AS (
		SELECT DISTINCT ON (l.id) l.id AS link_id, n.id AS note_id
		FROM links l
		JOIN notes n ON n.title_key = regexp_replace(l.target_key, '^.*/', '') AND n.trashed_at IS NULL
		WHERE l.target_id IS NULL AND l.attachment_id IS NULL AND position('/' in l.target_key) > 0 AND %s
		  AND n.path_key LIKE '%/' || l.target_key || '.md'
		ORDER BY l.id, length(n.path_key), n.path_key)
	 UPDATE links SET target_id = cand.note_id FROM cand WHERE links.id = cand.link_id`,
	`WITH cand AS (
		SELECT DISTINCT ON (l.id) l.id AS link_id, n.id AS note_id
		FROM links l
		JOIN aliases a ON a.name_key = l.target_key
		JOIN notes n ON n.id = a.note_id AND n.trashed_at IS NULL
		WHERE l.target_id IS NULL AND l.attachment_id IS NULL AND %s
		ORDER BY l.id, length(n.path_key), n.path_key)
	 UPDATE links SET target_id = cand.note_id FROM cand WHERE links.id = cand.link_id`,
	`UPDATE links l SET attachment_id = a.id FROM attachments a
	 WHERE l.target_id IS NULL AND l.attachment_id IS NULL AND %s
	   AND a.path_key = l.target_key`,
	`WITH cand AS (
		SELECT DISTINCT ON (l.id) l.id AS link_id, a.id AS att_id
		FROM links l
		JOIN attachments a ON a.name_key = l.target_key
		WHERE l.target_id IS NULL AND l.attachment_id IS NULL AND position('/' in l.target_key) = 0 AND %s
		ORDER BY l.id, length(a.path_key), a.path_key)
	 UPDATE links SET attachment_id = cand.att_id FROM cand WHERE links.id = cand.link_id`,
}

// resolve runs every resolution pass over the links cond selects.
func resolve(ctx context.Context, tx *ent.Tx, cond string, args ...any) error {
	for _, q := range resolvePasses {
		if _, err := tx.ExecContext(ctx, strings.Replace(q, "%s", cond, 1), args...); err != nil {
			return err
		}
	}
	return nil
}

// resolveFrom resolves the unresolved links of one source note.
func resolveFrom(ctx context.Context, tx *ent.Tx, source uuid.UUID) error {
	return resolve(ctx, tx, "l.source_id = $1", source)
}

// resolveTo resolves unresolved links that name note n (by title, path or
// alias) — it has just appeared, been renamed or restored, or changed aliases.
func resolveTo(ctx context.Context, tx *ent.Tx, n *ent.Note) error {
	keys := []string{n.TitleKey, strings.TrimSuffix(n.PathKey, ".md")}
	return resolve(ctx, tx,
		`(l.target_key = ANY($1::text[]) OR l.target_key IN (SELECT name_key FROM aliases WHERE note_id = $2) OR $3 LIKE '%/' || l.target_key || '.md')`,
		keys, n.ID, n.PathKey)
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
