// Package sqlgraph answers knowledge-graph queries with SQL over the
// PostgreSQL tables that pgstore keeps (notes, links, tags, note_tags): the
// embedded default when no Neo4j server is configured. It implements the
// model written down on backend.Graph, in short:
//
//   - nodes: live notes (labels Note and the title-cased type), tags that a
//     live note carries ("tag:<name>", Tag, "#name"), and placeholders for
//     unresolved link targets ("placeholder:<target_key>", Placeholder,
//     titled by the smallest target as written);
//   - edges, one per (source, target, type), Count the occurrences:
//     LINKS_TO (wikilinks, Markdown links), EMBEDS, TAGGED and a typed
//     relation per property link (links.rel); links to attachments are not
//     edges; trashed notes and their edges are not in the graph;
//   - degree: edges touching a node, a self-loop once.
//
// Walks (Neighbors, ShortestPath) run breadth first in SQL, one statement
// per level: the frontier goes in as arrays and each branch of the
// statement is an index lookup (links by source_id, target_id or
// target_key; note_tags by note_id or tag_id), so a walk costs what it
// visits, never a scan of the vault, and a short-lived process (the CLI)
// pays nothing up front. Frontiers are capped (see backend.Graph). Global views (Clusters,
// Overview, Stats) read the whole edge list once; communities come from
// backend/community, as in every implementation.
//
// A long-lived process may opt in to the walk index (EnableWalkIndex, used
// by the desktop app): the graph's nodes and edges held in memory, built
// in the background from one snapshot and then kept in step through the
// event log at the start of every walk, so that a walk answers from
// exactly what its call's snapshot shows, in Go (index.go). Until the index
// is built, and whenever it has to be built again, walks run in SQL; the
// answers are the same either way.
package sqlgraph

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"

	"secondbrain/backend"
	"secondbrain/backend/eventlog"
	"secondbrain/backend/graphview"
)

// Graph is the knowledge graph over PostgreSQL. It is safe for concurrent use.
type Graph struct {
	pool   *sql.DB
	db     querier // the transaction of one call; see read
	shared *shared
}

// shared is what the calls on one Graph share: the walk index (index.go),
// when enabled.
type shared struct {
	walk *eventlog.Mirror[index]
	// uncapped makes SQL walks fetch whole levels (step) instead of
	// what the result can still take (walkStep): for tests and benchmarks.
	uncapped bool
}

var _ backend.Graph = (*Graph)(nil)

// New returns the graph over the database that pgstore writes.
func New(db *sql.DB) *Graph {
	g := &Graph{pool: db, shared: &shared{}}
	g.shared.walk = eventlog.NewMirror(g.loadIndex)
	return g
}

// querier is what the queries run on: a read-only transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// read runs fn in a read-only repeatable-read transaction, so that every
// statement of one call sees the same snapshot, with JIT compilation off:
// the statements are short, and PostgreSQL would otherwise spend more
// compiling them (tens of milliseconds) than running them.
func (g *Graph) read(ctx context.Context, op string, fn func(r *Graph) error) error {
	tx, err := g.pool.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return translate(op, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SET LOCAL jit = off`); err != nil {
		return translate(op, err)
	}
	if err := fn(&Graph{pool: g.pool, db: tx, shared: g.shared}); err != nil {
		return translate(op, err)
	}
	return translate(op, tx.Commit())
}

// Limits of walks and views: backend.Graph's, kept in graphview for both
// implementations.
const (
	// MaxDepth is the deepest neighbourhood.
	MaxDepth = graphview.MaxDepth
	// DefaultLimit is the node cap of a neighbourhood when none is given.
	DefaultLimit = graphview.DefaultLimit
	// MaxLimit is the largest node cap of a neighbourhood.
	MaxLimit = graphview.MaxLimit
	// MaxPathDepth is the longest path searched.
	MaxPathDepth = graphview.MaxPathDepth
	// DefaultOverview is the node cap of Overview when none is given.
	DefaultOverview = graphview.DefaultOverview
	// pathCap stops one side of a path search that reaches more nodes.
	pathCap = 100_000
)

// SQL fragments over links aliased l.
const (
	// relType is the relation type of a link.
	relType = `(CASE l.kind WHEN 'embed' THEN 'EMBEDS' WHEN 'property' THEN l.rel ELSE 'LINKS_TO' END)`
	// isRelation says a link can be an edge: not to an attachment, and typed
	// when it is a property link.
	isRelation = `(l.attachment_id IS NULL AND (l.kind <> 'property' OR l.rel <> ''))`
	// isOpen says a link is unresolved, so it points at a placeholder.
	isOpen = `(l.target_id IS NULL AND l.attachment_id IS NULL AND l.target_key <> '')`
	// targetID is the node id of a link's target.
	targetID = `coalesce(l.target_id::text, 'placeholder:' || l.target_key)`
	// liveSource and liveTarget say a link's source (target) note is live
	// (see trashedIDs); a link's notes exist (the keys cascade or set null).
	liveSource = `l.source_id NOT IN ` + trashedIDs
	liveTarget = `l.target_id NOT IN ` + trashedIDs
	// liveTagged says the note of a note_tags row aliased nt is live.
	liveTagged = `nt.note_id NOT IN ` + trashedIDs
	// trashedIDs are the ids of the trashed notes: the planner reads them
	// once per statement (an index-only scan of the partial index
	// note_trashed_id) into a hashed subplan, so telling whether a link's
	// end is live costs a hash probe, where a join or a subquery per link
	// would read every note's id or probe an index per link.
	trashedIDs = `(SELECT tr.id FROM notes tr WHERE tr.trashed_at IS NOT NULL)`
	// isEdge says a link of a live source is an edge: to a live note or a placeholder.
	isEdge = `(` + isRelation + ` AND (l.target_id IS NOT NULL AND ` + liveTarget + ` OR ` + isOpen + `))`
)

// q expands the fragments in a statement.
func q(s string) string {
	return strings.NewReplacer("{TYPE}", relType, "{REL}", isRelation, "{OPEN}", isOpen, "{TARGET}", targetID,
		"{LIVE_SOURCE}", liveSource, "{LIVE_TAGGED}", liveTagged, "{EDGE}", isEdge).Replace(s)
}

// Node id prefixes.
const (
	tagPrefix         = graphview.TagPrefix
	placeholderPrefix = graphview.PlaceholderPrefix
)

// kind of a node id.
type kind uint8

const (
	kindNote kind = iota
	kindTag
	kindPlaceholder
)

func kindOf(id string) kind {
	switch {
	case strings.HasPrefix(id, tagPrefix):
		return kindTag
	case strings.HasPrefix(id, placeholderPrefix):
		return kindPlaceholder
	}
	return kindNote
}

// split sorts node ids into note ids, tag names and placeholder keys, the
// arrays every statement takes.
func split(ids []string) (notes, tags, keys []string) {
	notes, tags, keys = []string{}, []string{}, []string{}
	for _, id := range ids {
		switch kindOf(id) {
		case kindTag:
			tags = append(tags, strings.TrimPrefix(id, tagPrefix))
		case kindPlaceholder:
			keys = append(keys, strings.TrimPrefix(id, placeholderPrefix))
		default:
			notes = append(notes, id)
		}
	}
	return notes, tags, keys
}

// labelsOf returns the labels of a node given its note type (notes only).
func labelsOf(id, noteType string) []string {
	switch kindOf(id) {
	case kindTag:
		return []string{backend.LabelTag}
	case kindPlaceholder:
		return []string{backend.LabelPlaceholder}
	}
	return backend.NoteLabels(noteType)
}

// translate maps driver errors to *backend.Error (backend.Translate).
func translate(op string, err error) error {
	return backend.Translate(op, err, known)
}

// known returns the code and message of the pgx errors the graph
// recognises: a server or connection that is unavailable.
func known(err error) (code, message string) {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && len(pgErr.Code) >= 2 {
		switch pgErr.Code[:2] {
		case "08", "57", "53":
			return backend.EUNAVAILABLE, "PostgreSQL is unavailable"
		}
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) || pgconn.SafeToRetry(err) {
		return backend.EUNAVAILABLE, "PostgreSQL is unavailable"
	}
	return "", ""
}

// notFound is the error of an id that is not a live note.
func notFound(op, id string) error {
	return &backend.Error{Code: backend.ENOTFOUND, Op: op, Message: fmt.Sprintf("no note %q in the graph", id)}
}

// checkID returns EINVALID for an id that names no node at all: neither a
// note's UUID nor a tag or placeholder id. Whether it names a live note is
// for the query to find (ENOTFOUND).
func checkID(op, id string) error {
	if kindOf(id) != kindNote {
		return nil
	}
	if _, err := uuid.Parse(id); err != nil {
		return &backend.Error{Code: backend.EINVALID, Op: op, Message: fmt.Sprintf("%q is not a note id", id)}
	}
	return nil
}

// liveNote returns the node of a live note, or ENOTFOUND.
func (g *Graph) liveNote(ctx context.Context, op, id string) (string, error) {
	uid, err := uuid.Parse(id)
	if err != nil || kindOf(id) != kindNote {
		return "", notFound(op, id)
	}
	var ok bool
	err = g.db.QueryRowContext(ctx, `SELECT true FROM notes WHERE id = $1 AND trashed_at IS NULL`, uid).Scan(&ok)
	if errors.Is(err, sql.ErrNoRows) {
		return "", notFound(op, id)
	}
	if err != nil {
		return "", translate(op, err)
	}
	return uid.String(), nil
}

// noteNodesSQL returns the live notes in $1 ('n' rows: id, title, type)
// and the parts of their degrees ('o' edges out, 'i' edges in from other
// notes, 't' tags: id, count). A union, not joins: each branch is one index
// scan over the array, and no branch is run again per note.
var noteNodesSQL = q(`
	SELECT 'n', n.id::text, 0, n.title, n.note_type FROM notes n
	WHERE n.id = ANY($1::text[]::uuid[]) AND n.trashed_at IS NULL
	UNION ALL
	SELECT 'o', x.n::text, count(*), '', '' FROM (
		SELECT DISTINCT l.source_id AS n, l.target_id, CASE WHEN l.target_id IS NULL THEN l.target_key END AS k, {TYPE} AS type
		FROM links l WHERE l.source_id = ANY($1::text[]::uuid[]) AND {EDGE}
	) x GROUP BY x.n
	UNION ALL
	SELECT 'i', x.n::text, count(*), '', '' FROM (
		SELECT DISTINCT l.target_id AS n, l.source_id, {TYPE} AS type
		FROM links l WHERE l.target_id = ANY($1::text[]::uuid[]) AND l.source_id <> l.target_id AND {REL} AND {LIVE_SOURCE}
	) x GROUP BY x.n
	UNION ALL
	SELECT 't', nt.note_id::text, count(*), '', '' FROM note_tags nt
	WHERE nt.note_id = ANY($1::text[]::uuid[]) GROUP BY nt.note_id`)

// nodes returns the nodes with the given ids (titles, labels, degrees);
// ids that are not in the graph are left out.
func (g *Graph) nodes(ctx context.Context, ids []string) (map[string]*backend.GraphNode, error) {
	out := make(map[string]*backend.GraphNode, len(ids))
	notes, tags, keys := split(ids)
	add := func(id, title string, labels []string, degree int) {
		out[id] = &backend.GraphNode{ID: id, Title: title, Labels: labels, Degree: degree}
	}
	if len(notes) > 0 {
		rows, err := g.db.QueryContext(ctx, noteNodesSQL, notes)
		if err != nil {
			return nil, err
		}
		degree := map[string]int{}
		for rows.Next() {
			var part, id, title, typ string
			var d int
			if err := rows.Scan(&part, &id, &d, &title, &typ); err != nil {
				rows.Close()
				return nil, err
			}
			if part == "n" {
				add(id, title, backend.NoteLabels(typ), 0)
			} else {
				degree[id] += d
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for id, d := range degree {
			if n, ok := out[id]; ok {
				n.Degree = d
			}
		}
	}
	if len(tags) > 0 {
		rows, err := g.db.QueryContext(ctx, q(`
			SELECT tg.name, count(*) FROM tags tg JOIN note_tags nt ON nt.tag_id = tg.id
			WHERE tg.name = ANY($1::text[]) AND {LIVE_TAGGED}
			GROUP BY tg.name`), tags)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var name string
			var d int
			if err := rows.Scan(&name, &d); err != nil {
				rows.Close()
				return nil, err
			}
			add(tagPrefix+name, "#"+name, []string{backend.LabelTag}, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	if len(keys) > 0 {
		rows, err := g.db.QueryContext(ctx, q(`
			SELECT l.target_key, min(l.target COLLATE "C"), count(DISTINCT (l.source_id, {TYPE}))
			FROM links l
			WHERE l.target_key = ANY($1::text[]) AND {OPEN} AND {REL} AND {LIVE_SOURCE}
			GROUP BY l.target_key`), keys)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var key, title string
			var d int
			if err := rows.Scan(&key, &title, &d); err != nil {
				rows.Close()
				return nil, err
			}
			add(placeholderPrefix+key, title, []string{backend.LabelPlaceholder}, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// subgraphSQL returns what a walk's result shows of the notes $1, tags
// $2 and placeholders $3, following the types $4 (all when empty), in one
// statement: the live notes ('n' rows: id, title, type), the parts of their
// degrees ('d': id, count), the tags ('t': name, degree), the placeholders
// ('p': key, title, degree) and the followed edges among them ('e': source,
// target, type, count). The notes' distinct edges out (out) are read once,
// for their degrees and for the edges among them, and their tags (nts)
// once, for their degrees and for the TAGGED edges.
var subgraphSQL = q(`
	WITH ns AS (SELECT DISTINCT unnest($1::text[])::uuid AS id),
	out AS MATERIALIZED (
		SELECT l.source_id AS s, l.target_id AS t, CASE WHEN l.target_id IS NULL THEN l.target_key END AS k,
			{TYPE} AS type, count(*) AS c
		FROM ns JOIN links l ON l.source_id = ns.id
		WHERE {EDGE}
		GROUP BY 1, 2, 3, 4
	),
	nts AS MATERIALIZED (
		SELECT nt.note_id AS s, tg.name
		FROM ns JOIN note_tags nt ON nt.note_id = ns.id JOIN tags tg ON tg.id = nt.tag_id
	),
	tdeg AS MATERIALIZED (
		SELECT tg.name::text AS name, (SELECT count(*) FROM note_tags nt WHERE nt.tag_id = tg.id AND {LIVE_TAGGED}) AS d
		FROM tags tg WHERE tg.name = ANY($2::text[])
	)
	SELECT 'n', n.id::text, n.title::text, n.note_type::text, 0::bigint FROM notes n
	WHERE n.id = ANY($1::text[]::uuid[]) AND n.trashed_at IS NULL
	UNION ALL
	SELECT 'd', o.s::text, '', '', count(*) FROM out o GROUP BY o.s
	UNION ALL
	SELECT 'd', x.n::text, '', '', count(*) FROM (
		SELECT DISTINCT l.target_id AS n, l.source_id, {TYPE} AS type
		FROM links l WHERE l.target_id = ANY($1::text[]::uuid[]) AND l.source_id <> l.target_id AND {REL} AND {LIVE_SOURCE}
	) x GROUP BY x.n
	UNION ALL
	SELECT 'd', t.s::text, '', '', count(*) FROM nts t GROUP BY t.s
	UNION ALL
	SELECT 'e', o.s::text, coalesce(o.t::text, 'placeholder:' || o.k), o.type, o.c FROM out o
	WHERE (o.t IN (SELECT id FROM ns) OR o.k IN (SELECT unnest($3::text[])))
		AND (cardinality($4::text[]) = 0 OR o.type = ANY($4::text[]))
	UNION ALL
	SELECT 'e', t.s::text, 'tag:' || t.name, 'TAGGED', 1 FROM nts t
	WHERE t.name IN (SELECT unnest($2::text[])) AND (cardinality($4::text[]) = 0 OR 'TAGGED' = ANY($4::text[]))
	UNION ALL
	SELECT 't', x.name, '', '', x.d FROM tdeg x WHERE x.d > 0
	UNION ALL
	SELECT 'p', l.target_key::text, min(l.target COLLATE "C"), '', count(DISTINCT (l.source_id, {TYPE}))
	FROM links l
	WHERE l.target_key = ANY($3::text[]) AND {OPEN} AND {REL} AND {LIVE_SOURCE}
	GROUP BY l.target_key`)

// subgraph returns the nodes with the given ids (as nodes does) and the
// edges among them of the given types (all when empty), ordered by source,
// target, type: subgraphSQL, one round trip.
func (g *Graph) subgraph(ctx context.Context, ids []string, types []string) (map[string]*backend.GraphNode, []backend.GraphEdge, error) {
	notes, tags, keys := split(ids)
	if len(notes) == 0 {
		// Every edge starts at a note, and a walk starts at one.
		nodes, err := g.nodes(ctx, ids)
		return nodes, nil, err
	}
	rows, err := g.db.QueryContext(ctx, subgraphSQL, notes, tags, keys, orEmpty(types))
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	out := make(map[string]*backend.GraphNode, len(ids))
	degree := map[string]int{}
	var edges []backend.GraphEdge
	for rows.Next() {
		var part, a, b, c string
		var n int
		if err := rows.Scan(&part, &a, &b, &c, &n); err != nil {
			return nil, nil, err
		}
		switch part {
		case "n":
			out[a] = &backend.GraphNode{ID: a, Title: b, Labels: backend.NoteLabels(c)}
		case "d":
			degree[a] += n
		case "t":
			out[tagPrefix+a] = &backend.GraphNode{ID: tagPrefix + a, Title: "#" + a, Labels: []string{backend.LabelTag}, Degree: n}
		case "p":
			out[placeholderPrefix+a] = &backend.GraphNode{ID: placeholderPrefix + a, Title: b, Labels: []string{backend.LabelPlaceholder}, Degree: n}
		case "e":
			edges = append(edges, backend.GraphEdge{Source: a, Target: b, Type: c, Count: n})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	for id, d := range degree {
		if n, ok := out[id]; ok {
			n.Degree = d
		}
	}
	graphview.SortEdges(edges)
	return out, edges, nil
}
