package sqlgraph

import (
	"context"
	"database/sql"
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/eventlog"
)

// This file is the walk index: the graph's nodes and edges held in memory,
// so that a neighbourhood or a shortest path costs what it visits in Go
// rather than a statement per level, and every node's degree is at hand
// instead of counted over its links on each call.
//
// The tables stay the source of truth. The index is read from them in one
// snapshot and then kept in step through the event log, which every write
// appends to in its own transaction: each call, inside its read-only
// transaction, reads the events after the index's seq (and the seqs it is
// still waiting for), re-reads the outgoing edges of the notes they touch
// and of the notes linking to those, and so answers from exactly what its
// snapshot shows (backend/eventlog keeps the place in the log, and waits
// for seqs drawn by writers that have not committed yet). An event the
// index cannot interpret, or more touched notes than rebuildShare of the
// index, makes it read everything again.

// rebuildShare is the fraction of the notes that, touched since the last
// call, makes the index read everything again rather than note by note.
const rebuildShare = 4 // a quarter

// edge is an outgoing edge of a note: 12 bytes, a vault has several per
// note. The smallest target as written of an edge to a placeholder (a
// placeholder's title is the smallest over its edges) is in index.targets.
type edge struct {
	to    int32
	count int32
	typ   uint16
}

// edgeKey names an edge: its source, target and type.
type edgeKey struct {
	from, to int32
	typ      uint16
}

// inEdge is the far end of an incoming edge.
type inEdge struct {
	from int32
	typ  uint16
}

// node is a node of the index. Tags and placeholders stay once created,
// out of the graph while no edge reaches them; notes while not live.
type node struct {
	id    string
	title string // notes only
	typ   string // notes: the note type
	out   []edge
	in    []inEdge
	kind  kind
	live  bool // notes: live (not trashed, not deleted)
}

// inGraph says the node is a node of the graph.
func (n *node) inGraph() bool {
	if n.kind == kindNote {
		return n.live
	}
	return len(n.in) > 0
}

// index is the graph in memory; see the top of the file. Its methods are
// called while the graph's mirror (shared.walk) is held.
type index struct {
	cur   eventlog.Cursor // the events applied
	ids   map[string]int32
	nodes []node
	types []string // relation types by number
	typeN map[string]uint16
	notes int // live notes
	// targets holds the smallest target as written of each edge to a
	// placeholder.
	targets map[edgeKey]string
	// noteTypes interns the note types, which few notes do not share.
	noteTypes map[string]string

	// mark and gen stamp the nodes a walk has seen, without clearing.
	mark []uint32
	gen  uint32
}

// typeOf returns the number of a relation type, adding it when new.
func (ix *index) typeOf(t string) uint16 {
	if n, ok := ix.typeN[t]; ok {
		return n
	}
	n := uint16(len(ix.types))
	ix.types = append(ix.types, t)
	ix.typeN[t] = n
	return n
}

// noteType returns t, the copy shared by the notes of that type.
func (ix *index) noteType(t string) string {
	if s, ok := ix.noteTypes[t]; ok {
		return s
	}
	ix.noteTypes[t] = t
	return t
}

// nodeOf returns the number of a node, adding it when new.
func (ix *index) nodeOf(id string) int32 {
	if n, ok := ix.ids[id]; ok {
		return n
	}
	n := int32(len(ix.nodes))
	ix.nodes = append(ix.nodes, node{id: id, kind: kindOf(id)})
	ix.mark = append(ix.mark, 0)
	ix.ids[id] = n
	return n
}

// next starts a new walk: every node unseen.
func (ix *index) next() uint32 {
	ix.gen++
	if ix.gen == 0 { // wrapped: clear once every 4 billion walks
		clear(ix.mark)
		ix.gen = 1
	}
	return ix.gen
}

// degree is the number of edges touching node n, a self-loop once.
func (ix *index) degree(n int32) int {
	d := len(ix.nodes[n].out) + len(ix.nodes[n].in)
	for _, e := range ix.nodes[n].out {
		if e.to == n {
			d--
		}
	}
	return d
}

// graphNode returns node n as the API shows it.
func (ix *index) graphNode(n int32) backend.GraphNode {
	x := &ix.nodes[n]
	g := backend.GraphNode{ID: x.id, Labels: labelsOf(x.id, x.typ), Degree: ix.degree(n)}
	switch x.kind {
	case kindNote:
		g.Title = x.title
	case kindTag:
		g.Title = "#" + strings.TrimPrefix(x.id, tagPrefix)
	default:
		first := true
		for _, in := range x.in {
			if t, ok := ix.targets[edgeKey{in.from, n, in.typ}]; ok && (first || t < g.Title) {
				g.Title, first = t, false
			}
		}
	}
	return g
}

// removeOut drops the outgoing edges of note n.
func (ix *index) removeOut(n int32) {
	for _, e := range ix.nodes[n].out {
		if ix.nodes[e.to].kind == kindPlaceholder {
			delete(ix.targets, edgeKey{n, e.to, e.typ})
		}
		in := ix.nodes[e.to].in
		if i := slices.Index(in, inEdge{from: n, typ: e.typ}); i >= 0 {
			in[i] = in[len(in)-1]
			ix.nodes[e.to].in = in[:len(in)-1]
		}
	}
	ix.nodes[n].out = nil
}

// addOut adds an outgoing edge of note n.
func (ix *index) addOut(n int32, e edge) {
	ix.nodes[n].out = append(ix.nodes[n].out, e)
	ix.nodes[e.to].in = append(ix.nodes[e.to].in, inEdge{from: n, typ: e.typ})
}

// pack moves every node's edges into two arrays, each node's at their
// length, and trims the nodes: grown by appends, they held up to twice
// that. A later append moves a node's edges out again.
func (ix *index) pack() {
	nout, nin := 0, 0
	for i := range ix.nodes {
		nout += len(ix.nodes[i].out)
		nin += len(ix.nodes[i].in)
	}
	outs, ins := make([]edge, 0, nout), make([]inEdge, 0, nin)
	for i := range ix.nodes {
		x := &ix.nodes[i]
		k := len(outs)
		outs = append(outs, x.out...)
		x.out = outs[k:len(outs):len(outs)]
		k = len(ins)
		ins = append(ins, x.in...)
		x.in = ins[k:len(ins):len(ins)]
	}
	ix.nodes = slices.Clone(ix.nodes)
	ix.mark = slices.Clone(ix.mark)
}

// SQL of the index: live notes as (id, title, type); links that can be
// edges as (source, target note or "", target key, type, target as
// written); tags as (note, name). $1, when given, the sources. Liveness,
// and so which links are edges, is decided in Go against the notes read,
// and links are summed into edges there: plain scans, neither a join nor a
// sort in the server.
var (
	indexNotesSQL   = `SELECT id::text, title, note_type FROM notes WHERE trashed_at IS NULL`
	indexNotesOfSQL = indexNotesSQL + ` AND id = ANY($1::text[]::uuid[])`
	indexLinksSQL   = q(`
		SELECT l.source_id::text, coalesce(l.target_id::text, ''), l.target_key, {TYPE}, l.target FROM links l
		WHERE {REL} AND (l.target_id IS NOT NULL OR {OPEN})`)
	indexLinksOfSQL = indexLinksSQL + ` AND l.source_id = ANY($1::text[]::uuid[])`
	indexTagsSQL    = `SELECT nt.note_id::text, tg.name FROM note_tags nt JOIN tags tg ON tg.id = nt.tag_id`
	indexTagsOfSQL  = indexTagsSQL + ` WHERE nt.note_id = ANY($1::text[]::uuid[])`
)

// loadNotes reads notes and marks them live.
func (ix *index) loadNotes(ctx context.Context, db querier, query string, args ...any) error {
	return each(ctx, db, query, func(r *sql.Rows) error {
		var id, title, typ string
		if err := r.Scan(&id, &title, &typ); err != nil {
			return err
		}
		n := ix.nodeOf(id)
		x := &ix.nodes[n]
		x.title, x.typ = title, ix.noteType(typ)
		if !x.live {
			x.live = true
			ix.notes++
		}
		return nil
	}, args...)
}

// loadEdges reads the links and tags of live sources and adds them as
// edges, one per (source, target, type).
func (ix *index) loadEdges(ctx context.Context, db querier, links, tags string, args ...any) error {
	add := func(s, t int32, typ []byte, target []byte) {
		ty, ok := ix.typeN[string(typ)]
		if !ok {
			ty = ix.typeOf(string(typ))
		}
		out := ix.nodes[s].out
		for i := range out {
			if out[i].to == t && out[i].typ == ty {
				out[i].count++
				if k := (edgeKey{s, t, ty}); ix.nodes[t].kind == kindPlaceholder && string(target) < ix.targets[k] {
					ix.targets[k] = string(target)
				}
				return
			}
		}
		if ix.nodes[t].kind == kindPlaceholder {
			ix.targets[edgeKey{s, t, ty}] = string(target)
		}
		ix.addOut(s, edge{to: t, typ: ty, count: 1})
	}
	live := func(id []byte) (int32, bool) {
		n, ok := ix.ids[string(id)]
		return n, ok && ix.nodes[n].live
	}
	// Raw bytes: a vault's links are read without a string per column.
	var src, dst, key, typ, target sql.RawBytes
	err := each(ctx, db, links, func(r *sql.Rows) error {
		if err := r.Scan(&src, &dst, &key, &typ, &target); err != nil {
			return err
		}
		s, ok := live(src)
		if !ok {
			return nil
		}
		if len(dst) == 0 {
			add(s, ix.nodeOf(placeholderPrefix+string(key)), typ, target)
		} else if t, ok := live(dst); ok {
			add(s, t, typ, nil)
		}
		return nil
	}, args...)
	if err != nil {
		return err
	}
	tagged := []byte(backend.RelTagged)
	var name sql.RawBytes
	return each(ctx, db, tags, func(r *sql.Rows) error {
		if err := r.Scan(&src, &name); err != nil {
			return err
		}
		if s, ok := live(src); ok {
			add(s, ix.nodeOf(tagPrefix+string(name)), tagged, nil)
		}
		return nil
	}, args...)
}

// build reads the whole graph in db's snapshot.
func build(ctx context.Context, db querier) (*index, error) {
	snap, err := eventlog.ReadSnapshot(ctx, db)
	if err != nil {
		return nil, err
	}
	ix := &index{ids: map[string]int32{}, typeN: map[string]uint16{}, targets: map[edgeKey]string{}, noteTypes: map[string]string{}}
	if err := ix.loadNotes(ctx, db, indexNotesSQL); err != nil {
		return nil, err
	}
	if err := ix.loadEdges(ctx, db, indexLinksSQL, indexTagsSQL); err != nil {
		return nil, err
	}
	ix.pack()
	if ix.cur, err = eventlog.Start(ctx, db, snap); err != nil {
		return nil, err
	}
	return ix, nil
}

// Event kinds that change nothing in the graph.
var graphless = map[backend.EventKind]bool{backend.EventSettingChanged: true, backend.EventChunksEmbedded: true, backend.EventAgentCall: true}

// sync brings the index up to db's snapshot. It returns false when the
// index cannot follow (an event it does not know, or too many notes
// touched) and must be built again.
func (ix *index) sync(ctx context.Context, db querier) (bool, error) {
	snap, err := eventlog.ReadSnapshot(ctx, db)
	if err != nil {
		return false, err
	}
	if ix.cur.Current(snap) {
		return true, nil
	}
	touched := map[string]bool{}
	known := true
	cur, err := ix.cur.Read(ctx, db, snap, `kind, coalesce(note_id::text, ''),
		CASE WHEN kind = $3 THEN coalesce(payload->'sources', '[]') ELSE '[]' END`, []any{string(backend.EventLinksResolved)},
		func(r *sql.Rows) (int64, error) {
			var (
				s        int64
				k        backend.EventKind
				id       string
				sources  []byte
				fromList []uuid.UUID
			)
			if err := r.Scan(&s, &k, &id, &sources); err != nil {
				return 0, err
			}
			switch {
			case id != "":
				touched[id] = true
			case k == backend.EventLinksResolved:
				if err := json.Unmarshal(sources, &fromList); err != nil {
					return 0, err
				}
				for _, u := range fromList {
					touched[u.String()] = true
				}
			case !graphless[k]:
				known = false
			}
			return s, nil
		})
	if err != nil {
		return false, err
	}
	if !known || len(touched) > max(ix.notes/rebuildShare, 1000) {
		return false, nil
	}
	if err := ix.refresh(ctx, db, slices.Collect(maps.Keys(touched))); err != nil {
		return false, err
	}
	ix.cur = cur
	return true, nil
}

// refresh re-reads the touched notes and the outgoing edges of every note
// whose edges may have changed with them: the touched ones, the notes whose
// edges reached them (links detached when a note goes or is renamed) and
// the notes whose links resolve to them now.
func (ix *index) refresh(ctx context.Context, db querier, touched []string) error {
	if len(touched) == 0 {
		return nil
	}
	sources := map[string]bool{}
	for _, id := range touched {
		sources[id] = true
		if n, ok := ix.ids[id]; ok {
			for _, in := range ix.nodes[n].in {
				sources[ix.nodes[in.from].id] = true
			}
		}
	}
	err := each(ctx, db, `SELECT DISTINCT source_id::text FROM links WHERE target_id = ANY($1::text[]::uuid[])`, func(r *sql.Rows) error {
		var id string
		if err := r.Scan(&id); err != nil {
			return err
		}
		sources[id] = true
		return nil
	}, touched)
	if err != nil {
		return err
	}
	ids := slices.Collect(maps.Keys(sources))
	for _, id := range ids {
		if n, ok := ix.ids[id]; ok {
			ix.removeOut(n)
			if ix.nodes[n].live {
				ix.nodes[n].live = false
				ix.notes--
			}
		}
	}
	if err := ix.loadNotes(ctx, db, indexNotesOfSQL, ids); err != nil {
		return err
	}
	return ix.loadEdges(ctx, db, indexLinksOfSQL, indexTagsOfSQL, ids)
}

// EnableWalkIndex makes walks (Neighbors, ShortestPath) run in the walk
// index once it is built, and starts building it in the background; until
// then, and while it is built again (when a sync gives up), walks run in
// SQL. The answers are the same either way. ctx bounds the builds: once it
// is done no more start, and walks stay in SQL whenever the index is gone.
// Meant for long-lived processes (the desktop app): the build reads the
// whole graph (about 0.5 s for 7.7k notes, several seconds at 100k).
func (g *Graph) EnableWalkIndex(ctx context.Context) { g.shared.walk.Enable(ctx) }

// BuildWalkIndex is EnableWalkIndex that waits for the index to be built
// and returns the build's error, if any.
func (g *Graph) BuildWalkIndex(ctx context.Context) error { return g.shared.walk.Build(ctx) }

// loadIndex reads the whole graph in a transaction of its own (walks
// meanwhile run in SQL).
func (g *Graph) loadIndex(ctx context.Context) (ix *index, err error) {
	err = g.read(ctx, "sqlgraph.BuildWalkIndex", func(r *Graph) error {
		ix, err = build(ctx, r.db)
		return err
	})
	return ix, err
}

// withIndex runs fn with the index brought up to db's snapshot, holding
// the index (calls that walk in it take turns), and says whether it did:
// it does not when the index is not built, or when it cannot follow the
// event log (then it is dropped and built again in the background), and
// the caller walks in SQL.
func (g *Graph) withIndex(ctx context.Context, fn func(ix *index) error) (bool, error) {
	ran := false
	_, err := g.shared.walk.Use(func(ix *index) (bool, error) {
		ok, err := ix.sync(ctx, g.db)
		if err != nil || !ok {
			return true, err // half-applied, or behind for good: read everything again
		}
		ran = true
		return false, fn(ix)
	})
	return ran, err
}
