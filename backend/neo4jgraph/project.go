package neo4jgraph

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"secondbrain/backend"
	"secondbrain/backend/graphview"
)

// This file is the projection writer: the notes' states in, nodes and
// relationships out, each call one write transaction.

// relType is the relationship type of a link, "" when the link is no relation.
func relType(l backend.LinkState) string {
	switch l.Kind {
	case backend.LinkEmbed:
		return backend.RelEmbeds
	case backend.LinkProperty:
		return l.Rel
	default:
		return backend.RelLinksTo
	}
}

// edges turns the notes' states into relationship rows: to notes, to
// placeholders and to tags, one per (source, target, type).
func edges(notes []backend.NoteState) (toNotes, toPlaceholders, tagged []map[string]any) {
	type key struct{ s, t, typ string }
	type agg struct {
		count  int
		target string
	}
	byKey := map[key]*agg{}
	var order []key
	for _, n := range notes {
		src := n.ID.String()
		for _, l := range n.Links {
			typ := relType(l)
			var t string
			switch {
			case l.AttachmentID != uuid.Nil || typ == "":
				continue
			case l.TargetID != uuid.Nil:
				t = l.TargetID.String()
			case l.TargetKey != "":
				t = placeholderPrefix + l.TargetKey
			default:
				continue // leaves the vault
			}
			k := key{src, t, typ}
			a, ok := byKey[k]
			if !ok {
				a = &agg{target: l.Target}
				byKey[k] = a
				order = append(order, k)
			}
			a.count += l.Count
			if l.TargetID == uuid.Nil && l.Target < a.target {
				a.target = l.Target
			}
		}
		for _, t := range n.Tags {
			tagged = append(tagged, map[string]any{"s": src, "t": tagPrefix + t, "name": t})
		}
	}
	for _, k := range order {
		a := byKey[k]
		row := map[string]any{"s": k.s, "t": k.t, "type": k.typ, "count": int64(a.count)}
		if strings.HasPrefix(k.t, placeholderPrefix) {
			row["key"] = strings.TrimPrefix(k.t, placeholderPrefix)
			row["target"] = a.target
			toPlaceholders = append(toPlaceholders, row)
		} else {
			toNotes = append(toNotes, row)
		}
	}
	return toNotes, toPlaceholders, tagged
}

// Apply replaces the nodes and outgoing relationships of these notes with
// their states, in one transaction. A link to a note not projected yet
// creates that note's node bare; its own Apply fills it in.
func (g *Graph) Apply(ctx context.Context, notes []backend.NoteState) error {
	const op = "neo4jgraph.Apply"
	if len(notes) == 0 {
		return nil
	}
	if err := g.ensureSchema(ctx); err != nil {
		return err
	}
	// The last state of a note wins when a batch names it twice.
	seen := map[uuid.UUID]int{}
	var uniq []backend.NoteState
	for _, n := range notes {
		if i, ok := seen[n.ID]; ok {
			uniq[i] = n
			continue
		}
		seen[n.ID] = len(uniq)
		uniq = append(uniq, n)
	}
	_, err := g.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		// Notes already projected as their state are left alone: a note's
		// neighbours are applied again whenever it changes, and replays
		// apply what is there already.
		changed, have, err := g.changed(ctx, tx, uniq)
		if err != nil || len(changed) == 0 {
			return nil, err
		}
		return nil, g.replace(ctx, tx, changed, have)
	})
	return g.translate(op, err)
}

// replace writes the nodes and outgoing relationships of these notes (one
// state per note) in tx. have holds their relationships as projected (from
// changed): only those that differ are deleted, updated or created, so an
// edit that adds a link writes one relationship, not all of the note's.
func (g *Graph) replace(ctx context.Context, tx neo4j.ManagedTransaction, uniq []backend.NoteState, have map[string][]projectedRel) error {
	rows := make([]map[string]any, len(uniq))
	ids := make([]string, len(uniq))
	for i, n := range uniq {
		ids[i] = n.ID.String()
		rows[i] = map[string]any{"id": ids[i], "title": n.Title, "path": n.Path, "type": n.Type, "label": backend.TypeLabel(n.Type)}
	}
	// Nodes, reporting the type label each had.
	res, err := tx.Run(ctx, `
			UNWIND $rows AS n
			MERGE (x:Note {ns: $ns, id: n.id})
			WITH x, n, coalesce(x.label, '') AS old
			SET x.title = n.title, x.path = n.path, x.type = n.type, x.label = n.label
			RETURN n.id AS id, old, n.label AS new`, map[string]any{"ns": g.ns, "rows": rows})
	if err != nil {
		return err
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return err
	}
	remove, add := map[string][]string{}, map[string][]string{}
	for _, r := range recs {
		id, _ := r.Values[0].(string)
		old, _ := r.Values[1].(string)
		nw, _ := r.Values[2].(string)
		if old != nw {
			if old != "" {
				remove[old] = append(remove[old], id)
			}
			if nw != "" {
				add[nw] = append(add[nw], id)
			}
		}
	}
	for label, ids := range remove {
		if _, err := tx.Run(ctx, "UNWIND $ids AS id MATCH (x:Note {ns: $ns, id: id}) REMOVE x:"+quote(label),
			map[string]any{"ns": g.ns, "ids": ids}); err != nil {
			return err
		}
	}
	for label, ids := range add {
		if _, err := tx.Run(ctx, "UNWIND $ids AS id MATCH (x:Note {ns: $ns, id: id}) SET x:"+quote(label),
			map[string]any{"ns": g.ns, "ids": ids}); err != nil {
			return err
		}
	}
	// The relationships wanted, by (source, type, target), against those
	// projected: the same stay, others are updated, deleted or created.
	toNotes, toPlaceholders, tagged := edges(uniq)
	type relKey struct{ s, typ, t string }
	want := map[relKey]map[string]any{}
	for _, e := range toNotes {
		want[relKey{e["s"].(string), e["type"].(string), e["t"].(string)}] = e
	}
	for _, e := range toPlaceholders {
		want[relKey{e["s"].(string), e["type"].(string), e["t"].(string)}] = e
	}
	for _, e := range tagged {
		want[relKey{e["s"].(string), backend.RelTagged, e["t"].(string)}] = e
	}
	touched := map[string]bool{} // tags and placeholders that lose or change a relationship
	var del, upd []map[string]any
	for _, id := range ids {
		for _, r := range have[id] {
			k := relKey{id, r.typ, r.target}
			w, ok := want[k]
			if !graphview.IsNote(r.target) && (!ok || w["count"] != any(r.count) || w["target"] != r.ptarget) {
				touched[r.target] = true
			}
			switch {
			case !ok:
				del = append(del, map[string]any{"s": id, "type": r.typ, "t": r.target})
			case r.typ == backend.RelTagged && r.count == 1 || w["count"] == any(r.count) && w["target"] == r.ptarget:
				delete(want, k)
			default:
				upd = append(upd, w)
				delete(want, k)
			}
		}
	}
	toNotes, toPlaceholders, tagged = toNotes[:0], toPlaceholders[:0], tagged[:0]
	for k, e := range want {
		switch {
		case k.typ == backend.RelTagged && strings.HasPrefix(k.t, tagPrefix):
			tagged = append(tagged, e)
		case strings.HasPrefix(k.t, placeholderPrefix):
			toPlaceholders = append(toPlaceholders, e)
		default:
			toNotes = append(toNotes, e)
		}
	}
	if len(del) > 0 {
		if _, err := tx.Run(ctx, `
				UNWIND $rows AS e
				MATCH (:Note {ns: $ns, id: e.s})-[r]->(t)
				WHERE t.id = e.t AND type(r) = e.type
				DELETE r`, map[string]any{"ns": g.ns, "rows": del}); err != nil {
			return err
		}
	}
	if len(upd) > 0 {
		if _, err := tx.Run(ctx, `
				UNWIND $rows AS e
				MATCH (:Note {ns: $ns, id: e.s})-[r]->(t)
				WHERE t.id = e.t AND type(r) = e.type
				SET r.count = e.count, r.target = e.target`, map[string]any{"ns": g.ns, "rows": upd}); err != nil {
			return err
		}
	}
	if len(tagged) > 0 {
		if _, err := tx.Run(ctx, `
				UNWIND $rows AS e
				MATCH (x:Note {ns: $ns, id: e.s})
				MERGE (t:Tag {ns: $ns, id: e.t}) ON CREATE SET t.name = e.name, t.title = '#' + e.name
				CREATE (x)-[:TAGGED {count: 1}]->(t)`, map[string]any{"ns": g.ns, "rows": tagged}); err != nil {
			return err
		}
	}
	if len(toNotes) > 0 {
		if _, err := tx.Run(ctx, `
				UNWIND $rows AS e
				MATCH (x:Note {ns: $ns, id: e.s})
				MERGE (y:Note {ns: $ns, id: e.t})
				CREATE (x)-[:$(e.type) {count: e.count}]->(y)`, map[string]any{"ns": g.ns, "rows": toNotes}); err != nil {
			return err
		}
	}
	if len(toPlaceholders) > 0 {
		if _, err := tx.Run(ctx, `
				UNWIND $rows AS e
				MATCH (x:Note {ns: $ns, id: e.s})
				MERGE (p:Placeholder {ns: $ns, id: e.t}) ON CREATE SET p.key = e.key
				CREATE (x)-[:$(e.type) {count: e.count, target: e.target}]->(p)`, map[string]any{"ns": g.ns, "rows": toPlaceholders}); err != nil {
			return err
		}
		for _, e := range toPlaceholders {
			touched[e["t"].(string)] = true
		}
	}
	return g.tidy(ctx, tx, touched)
}

// edgeKey identifies a relationship with its properties, for comparing
// a note's projected relationships with its state.
func edgeKey(typ, target string, count int64, placeholderTarget any) string {
	return fmt.Sprintf("%s\x00%s\x00%d\x00%v", typ, target, count, placeholderTarget)
}

// projectedRel is an outgoing relationship of a note as projected.
type projectedRel struct {
	typ, target string
	count       int64
	ptarget     any // the target as written, on relationships to placeholders; nil otherwise
}

// changed returns the notes among uniq whose node (properties, labels) or
// outgoing relationships (type, target, count, placeholder target) in
// Neo4j differ from their state, or that are not projected yet, and the
// projected relationships of those notes.
func (g *Graph) changed(ctx context.Context, tx neo4j.ManagedTransaction, uniq []backend.NoteState) ([]backend.NoteState, map[string][]projectedRel, error) {
	ids := make([]string, len(uniq))
	for i, n := range uniq {
		ids[i] = n.ID.String()
	}
	res, err := tx.Run(ctx, `
		UNWIND $ids AS id
		MATCH (x:Note {ns: $ns, id: id})
		OPTIONAL MATCH (x)-[r]->(t)
		RETURN x.id, x.title, x.path, x.type, x.label, labels(x),
			collect(CASE WHEN r IS NULL THEN null ELSE [type(r), t.id, r.count, r.target] END)`,
		map[string]any{"ns": g.ns, "ids": ids})
	if err != nil {
		return nil, nil, err
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return nil, nil, err
	}
	type projected struct {
		title, path, typ, label any
		labels                  []string
		edges                   []string
		rels                    []projectedRel
	}
	have := make(map[string]projected, len(recs))
	for _, r := range recs {
		id, _ := r.Values[0].(string)
		p := projected{title: r.Values[1], path: r.Values[2], typ: r.Values[3], label: r.Values[4]}
		ls, _ := r.Values[5].([]any)
		for _, l := range ls {
			s, _ := l.(string)
			p.labels = append(p.labels, s)
		}
		es, _ := r.Values[6].([]any)
		for _, e := range es {
			f, _ := e.([]any)
			if len(f) != 4 {
				continue
			}
			typ, _ := f[0].(string)
			t, _ := f[1].(string)
			c, _ := f[2].(int64)
			p.edges = append(p.edges, edgeKey(typ, t, c, f[3]))
			p.rels = append(p.rels, projectedRel{typ: typ, target: t, count: c, ptarget: f[3]})
		}
		slices.Sort(p.labels)
		slices.Sort(p.edges)
		have[id] = p
	}
	toNotes, toPlaceholders, tagged := edges(uniq)
	want := map[string][]string{}
	for _, e := range toNotes {
		want[e["s"].(string)] = append(want[e["s"].(string)], edgeKey(e["type"].(string), e["t"].(string), e["count"].(int64), nil))
	}
	for _, e := range toPlaceholders {
		want[e["s"].(string)] = append(want[e["s"].(string)], edgeKey(e["type"].(string), e["t"].(string), e["count"].(int64), e["target"]))
	}
	for _, e := range tagged {
		want[e["s"].(string)] = append(want[e["s"].(string)], edgeKey(backend.RelTagged, e["t"].(string), 1, nil))
	}
	var out []backend.NoteState
	rels := map[string][]projectedRel{}
	for _, n := range uniq {
		id := n.ID.String()
		p, ok := have[id]
		label := backend.TypeLabel(n.Type)
		labels := []string{backend.LabelNote}
		if label != "" {
			labels = append(labels, label)
		}
		slices.Sort(labels)
		edges := want[id]
		slices.Sort(edges)
		if ok && p.title == any(n.Title) && p.path == any(n.Path) && p.typ == any(n.Type) && p.label == any(label) &&
			slices.Equal(p.labels, labels) && slices.Equal(p.edges, edges) {
			continue
		}
		out = append(out, n)
		rels[id] = p.rels
	}
	return out, rels, nil
}

// tidy deletes the tags and placeholders among ids that no relationship
// reaches any more and re-titles the placeholders that remain.
func (g *Graph) tidy(ctx context.Context, tx neo4j.ManagedTransaction, ids map[string]bool) error {
	var tags, placeholders []string
	for id := range ids {
		if strings.HasPrefix(id, tagPrefix) {
			tags = append(tags, id)
		} else if strings.HasPrefix(id, placeholderPrefix) {
			placeholders = append(placeholders, id)
		}
	}
	if len(tags) > 0 {
		if _, err := tx.Run(ctx, `
			UNWIND $ids AS id
			MATCH (t:Tag {ns: $ns, id: id}) WHERE NOT EXISTS { (t)<--() }
			DELETE t`, map[string]any{"ns": g.ns, "ids": tags}); err != nil {
			return err
		}
	}
	if len(placeholders) == 0 {
		return nil
	}
	res, err := tx.Run(ctx, `
		UNWIND $ids AS id
		MATCH (p:Placeholder {ns: $ns, id: id})
		OPTIONAL MATCH (p)<-[r]-()
		RETURN p.id, collect(r.target)`, map[string]any{"ns": g.ns, "ids": placeholders})
	if err != nil {
		return err
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return err
	}
	var orphans []string
	var titled []map[string]any
	for _, r := range recs {
		id, _ := r.Values[0].(string)
		targets, _ := r.Values[1].([]any)
		if len(targets) == 0 {
			orphans = append(orphans, id)
			continue
		}
		// The smallest by code point, as Go compares strings.
		var title string
		for i, t := range targets {
			s, _ := t.(string)
			if i == 0 || s < title {
				title = s
			}
		}
		titled = append(titled, map[string]any{"id": id, "title": title})
	}
	if len(orphans) > 0 {
		if _, err := tx.Run(ctx, `UNWIND $ids AS id MATCH (p:Placeholder {ns: $ns, id: id}) DETACH DELETE p`,
			map[string]any{"ns": g.ns, "ids": orphans}); err != nil {
			return err
		}
	}
	if len(titled) > 0 {
		if _, err := tx.Run(ctx, `UNWIND $rows AS r MATCH (p:Placeholder {ns: $ns, id: r.id}) SET p.title = r.title`,
			map[string]any{"ns": g.ns, "rows": titled}); err != nil {
			return err
		}
	}
	return nil
}

// Delete removes the nodes of these notes and their relationships, then
// the tags and placeholders only they reached.
func (g *Graph) Delete(ctx context.Context, ids []uuid.UUID) error {
	const op = "neo4jgraph.Delete"
	if len(ids) == 0 {
		return nil
	}
	if err := g.ensureSchema(ctx); err != nil {
		return err
	}
	_, err := g.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, `
			UNWIND $ids AS id
			MATCH (x:Note {ns: $ns, id: id})
			OPTIONAL MATCH (x)-->(t) WHERE t:Tag OR t:Placeholder
			WITH x, collect(t.id) AS ts
			DETACH DELETE x
			RETURN ts`, map[string]any{"ns": g.ns, "ids": idStrings(ids)})
		if err != nil {
			return nil, err
		}
		recs, err := res.Collect(ctx)
		if err != nil {
			return nil, err
		}
		touched := map[string]bool{}
		for _, r := range recs {
			ts, _ := r.Values[0].([]any)
			for _, t := range ts {
				if s, ok := t.(string); ok {
					touched[s] = true
				}
			}
		}
		return nil, g.tidy(ctx, tx, touched)
	})
	return g.translate(op, err)
}

// Reset deletes every relationship and node of the namespace, in
// transactions of resetBatch rows: relationships first, since a batch of
// DETACH DELETEs over hubs and tags deletes an unbounded number of them at
// once and exceeds the server's transaction memory on a large vault.
func (g *Graph) Reset(ctx context.Context) error {
	const op = "neo4jgraph.Reset"
	if err := g.ensureSchema(ctx); err != nil {
		return err
	}
	s := g.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: g.db, AccessMode: neo4j.AccessModeWrite})
	defer s.Close(ctx)
	// Every relationship starts at a note.
	stmts := []string{fmt.Sprintf(`
		MATCH (:Note {ns: $ns})-[r]->()
		CALL (r) { DELETE r } IN TRANSACTIONS OF %d ROWS`, resetBatch)}
	for _, label := range []string{backend.LabelNote, backend.LabelTag, backend.LabelPlaceholder} {
		stmts = append(stmts, fmt.Sprintf(`
			MATCH (n:%s {ns: $ns})
			CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF %d ROWS`, label, resetBatch))
	}
	for _, q := range stmts {
		res, err := s.Run(ctx, q, map[string]any{"ns": g.ns})
		if err != nil {
			return g.translate(op, err)
		}
		if _, err := res.Consume(ctx); err != nil {
			return g.translate(op, err)
		}
	}
	return nil
}

// idStrings returns note ids as the graph stores them.
func idStrings(ids []uuid.UUID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.String()
	}
	return out
}

// resetBatch is how many relationships or nodes one transaction of Reset deletes.
const resetBatch = 5000

// LinkingTo returns the notes with a relationship into any of ids: the
// notes whose projected links must be derived again when those notes go
// or change name.
func (g *Graph) LinkingTo(ctx context.Context, ids []uuid.UUID) ([]uuid.UUID, error) {
	const op = "neo4jgraph.LinkingTo"
	if len(ids) == 0 {
		return nil, nil
	}
	recs, err := g.query(ctx, op, `
		UNWIND $ids AS id
		MATCH (t:Note {ns: $ns, id: id})
		MATCH (s)-->(t)
		RETURN DISTINCT s.id`, map[string]any{"ids": idStrings(ids)})
	if err != nil {
		return nil, err
	}
	out := make([]uuid.UUID, 0, len(recs))
	for _, r := range recs {
		s, _ := r.Values[0].(string)
		if id, err := uuid.Parse(s); err == nil {
			out = append(out, id)
		}
	}
	slices.SortFunc(out, func(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) })
	return out, nil
}

// EdgesInto returns the projected relationships into the notes among ids,
// except TAGGED (which ends at tags): source, target, type and count. The
// projector compares them with the tables' to find the notes whose links
// a change of ids re-resolved.
func (g *Graph) EdgesInto(ctx context.Context, ids []uuid.UUID) ([]backend.GraphEdge, error) {
	const op = "neo4jgraph.EdgesInto"
	if len(ids) == 0 {
		return nil, nil
	}
	recs, err := g.query(ctx, op, `
		UNWIND $ids AS id
		MATCH (t:Note {ns: $ns, id: id})<-[r]-(s)
		RETURN s.id, t.id, type(r), r.count`, map[string]any{"ids": idStrings(ids)})
	if err != nil {
		return nil, err
	}
	out := make([]backend.GraphEdge, len(recs))
	for i, r := range recs {
		out[i] = edgeOf(r.Values)
	}
	return out, nil
}

// write runs fn in one managed write transaction (retried by the driver on
// transient errors).
func (g *Graph) write(ctx context.Context, fn neo4j.ManagedTransactionWork) (any, error) {
	s := g.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: g.db, AccessMode: neo4j.AccessModeWrite})
	defer s.Close(ctx)
	return s.ExecuteWrite(ctx, fn)
}

// quote returns a label as a Cypher identifier.
func quote(label string) string {
	return "`" + strings.ReplaceAll(label, "`", "``") + "`"
}
