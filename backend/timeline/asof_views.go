package timeline

import (
	"context"
	"html"
	"path"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"secondbrain/backend"
)

// Deriver parses a note's Markdown into what the store derives from it
// (links with their resolution keys, tags, aliases, type); service.Derive
// is the one the store uses.
type Deriver func(notePath, body string) backend.Derived

// Views answers the app's views over the vault as of a moment — search,
// backlinks and the graph — from the notes' versions then. The links of a
// moment are derived from the bodies then with the store's own derivation
// and resolved by the store's rules against the notes then; the last
// moment's links are kept, so paging through one moment parses once. It is
// safe for concurrent use.
type Views struct {
	t      *Timeline
	derive Deriver

	mu     sync.Mutex
	cached *linkIndex
}

// NewViews returns the as-of views over t, deriving links with derive.
func NewViews(t *Timeline, derive Deriver) *Views { return &Views{t: t, derive: derive} }

// HitAt is a search result in the vault as of a moment: the note's title,
// path and version then. Snippet is HTML: escaped text with <mark>.
type HitAt struct {
	ID      uuid.UUID `json:"id"`
	Title   string    `json:"title"`
	Path    string    `json:"path"`
	Version int       `json:"version"`
	At      time.Time `json:"at"`
	Score   float64   `json:"score"`
	Snippet string    `json:"snippet"`
}

// maxHitsAt caps a search as of a moment.
const maxHitsAt = 200

// Sentinels ts_headline puts around matched words; the snippet is escaped
// before they become <mark>, so a note's own markup never reaches the UI.
const (
	markOpen  = "\x01"
	markClose = "\x02"
)

// searchAtSQL finds the notes whose title or body then hold all the words
// of $2 (PostgreSQL full text with the store's configuration), title
// matches first, then by rank.
const searchAtSQL = `
	WITH q AS (SELECT plainto_tsquery('sb_simple', sb_cjk_bigrams($2)) AS q)
	SELECT v.id, v.title, v.path, v.version, v.at,
	       ts_rank(d.doc, q.q) + CASE WHEN t.tdoc @@ q.q THEN 1 ELSE 0 END AS score,
	       ts_headline('sb_simple', v.body, q.q,
	           'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', MaxWords=24, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "')
	FROM (` + asOfSQL + `) v(id, title, path, version, at, body, purged)
	CROSS JOIN q
	CROSS JOIN LATERAL (SELECT to_tsvector('sb_simple', sb_cjk_bigrams(v.title)) AS tdoc) t
	CROSS JOIN LATERAL (SELECT setweight(t.tdoc, 'A') || to_tsvector('sb_simple', sb_cjk_bigrams(v.body)) AS doc) d
	WHERE NOT v.purged AND d.doc @@ q.q
	ORDER BY score DESC, lower(v.path), v.id
	LIMIT $3`

// SearchAt returns the notes that, as of at, held the words of text in
// their title or body (each word, any order), best first, at most limit
// (1..200; 0 for 50), with a snippet of the body then. Words too common or
// no words at all give no results.
func (v *Views) SearchAt(ctx context.Context, at time.Time, text string, limit int) ([]HitAt, error) {
	if err := CheckMoment(at); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, maxHitsAt)
	out := []HitAt{}
	if strings.TrimSpace(text) == "" {
		return out, nil
	}
	if _, err := v.t.Sync(ctx); err != nil {
		return nil, err
	}
	rows, err := v.t.db.QueryContext(ctx, searchAtSQL, at, text, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var h HitAt
		var snippet string
		if err := rows.Scan(&h.ID, &h.Title, &h.Path, &h.Version, &h.At, &h.Score, &snippet); err != nil {
			return nil, err
		}
		h.Snippet = markSnippet(snippet)
		out = append(out, h)
	}
	return out, rows.Err()
}

// markSnippet escapes a headline and turns its sentinels into <mark>.
func markSnippet(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = html.EscapeString(s)
	return strings.NewReplacer(markOpen, "<mark>", markClose, "</mark>").Replace(s)
}

// BacklinkAt is a link into a note as of a moment: its source's title and
// path then, and the line of the source's body then around the link.
type BacklinkAt struct {
	SourceID    uuid.UUID `json:"source_id"`
	SourceTitle string    `json:"source_title"`
	SourcePath  string    `json:"source_path"`
	Context     string    `json:"context"`
}

// BacklinksAt returns the links into note id from the notes as of at
// (itself included when it linked to itself), by source path, then by
// position. ENOTFOUND when the note did not exist then.
func (v *Views) BacklinksAt(ctx context.Context, id uuid.UUID, at time.Time) ([]BacklinkAt, error) {
	ix, err := v.index(ctx, at)
	if err != nil {
		return nil, err
	}
	target, ok := ix.byID[id]
	if !ok {
		return nil, notThen(id, at)
	}
	out := []BacklinkAt{}
	for src := range ix.notes {
		for _, l := range ix.out[src] {
			if l.to == target {
				n := ix.notes[src]
				out = append(out, BacklinkAt{SourceID: n.ID, SourceTitle: n.Title, SourcePath: n.Path, Context: l.context})
			}
		}
	}
	return out, nil
}

// GraphAt returns the neighbourhood of note id as of at to depth (1..2):
// the notes then linked to or from it, hop by hop in either direction, and
// the tags they carried, with the LINKS_TO, EMBEDS, typed and TAGGED edges
// among them — the shape of the graph view's local graph (without SIMILAR
// edges and placeholders). Degree counts a node's edges in the whole vault
// then. At most maxNodes nodes (Truncated says when more were near).
// ENOTFOUND when the note did not exist then; EINVALID for a depth out of
// range.
func (v *Views) GraphAt(ctx context.Context, id uuid.UUID, at time.Time, depth, maxNodes int) (*backend.Subgraph, error) {
	if depth < 1 || depth > 2 {
		return nil, backend.Errorf(backend.EINVALID, "depth %d: the graph as of a moment goes 1 or 2 hops", depth)
	}
	if maxNodes <= 0 {
		maxNodes = 500
	}
	ix, err := v.index(ctx, at)
	if err != nil {
		return nil, err
	}
	start, ok := ix.byID[id]
	if !ok {
		return nil, notThen(id, at)
	}
	g := &backend.Subgraph{}
	in := map[int]bool{start: true}
	order := []int{start}
	frontier := []int{start}
	for hop := 0; hop < depth && !g.Truncated; hop++ {
		var next []int
		for _, n := range frontier {
			for _, m := range ix.adj[n] {
				if in[m] {
					continue
				}
				if len(order) >= maxNodes {
					g.Truncated = true
					break
				}
				in[m] = true
				order = append(order, m)
				next = append(next, m)
			}
		}
		frontier = next
	}
	tagNodes := map[string]bool{}
	for _, n := range order {
		note := ix.notes[n]
		g.Nodes = append(g.Nodes, backend.GraphNode{ID: note.ID.String(), Title: note.Title,
			Labels: backend.NoteLabels(ix.types[n]), Degree: ix.degree[n]})
	}
	for _, n := range order {
		count := map[[2]string]int{}
		var keys [][2]string
		for _, l := range ix.out[n] {
			if l.to < 0 || !in[l.to] {
				continue
			}
			k := [2]string{ix.notes[l.to].ID.String(), l.rel}
			if count[k] == 0 {
				keys = append(keys, k)
			}
			count[k]++
		}
		for _, k := range keys {
			g.Edges = append(g.Edges, backend.GraphEdge{Source: ix.notes[n].ID.String(), Target: k[0], Type: k[1], Count: count[k]})
		}
		for _, tag := range ix.tags[n] {
			if len(g.Nodes) >= maxNodes && !tagNodes[tag] {
				g.Truncated = true
				continue
			}
			if !tagNodes[tag] {
				tagNodes[tag] = true
				g.Nodes = append(g.Nodes, backend.GraphNode{ID: "tag:" + tag, Title: "#" + tag,
					Labels: []string{backend.LabelTag}, Degree: ix.tagDegree[tag]})
			}
			g.Edges = append(g.Edges, backend.GraphEdge{Source: ix.notes[n].ID.String(), Target: "tag:" + tag,
				Type: backend.RelTagged, Count: 1})
		}
	}
	return g, nil
}

func notThen(id uuid.UUID, at time.Time) error {
	return backend.Errorf(backend.ENOTFOUND, "note %s did not exist at %s", id, at.Format(time.RFC3339))
}

// linkAt is a resolved link of a note then: to is the target note's index
// (-1 when no note then matched), rel its edge type.
type linkAt struct {
	to      int
	rel     string
	context string
}

// linkIndex is the notes of a moment and the links among them.
type linkIndex struct {
	at  time.Time
	seq int64

	notes     []VersionAt // without bodies
	byID      map[uuid.UUID]int
	types     []string
	tags      [][]string
	out       [][]linkAt
	adj       [][]int // distinct linked notes, either direction
	degree    []int
	tagDegree map[string]int
}

// index returns the link index of the moment, from the cache when the log
// has not moved since it was built.
func (v *Views) index(ctx context.Context, at time.Time) (*linkIndex, error) {
	if err := CheckMoment(at); err != nil {
		return nil, err
	}
	rep, err := v.t.Sync(ctx)
	if err != nil {
		return nil, err
	}
	v.mu.Lock()
	c := v.cached
	v.mu.Unlock()
	if c != nil && c.at.Equal(at) && c.seq == rep.Seq {
		return c, nil
	}
	ix, err := v.build(ctx, at)
	if err != nil {
		return nil, err
	}
	ix.seq = rep.Seq
	v.mu.Lock()
	v.cached = ix
	v.mu.Unlock()
	return ix, nil
}

// build derives the links of every note then and resolves them like the
// store (pgstore's resolveNotesSQL): a path relative to the source's
// folder (not for Markdown links), an exact vault path, a title (in the
// source's folder first, then the shortest path), a path suffix, an alias.
func (v *Views) build(ctx context.Context, at time.Time) (*linkIndex, error) {
	ix := &linkIndex{at: at, byID: map[uuid.UUID]int{}, tagDegree: map[string]int{}}
	type derived struct {
		links []backend.LinkRef
		body  string
	}
	var ds []derived
	byPath := map[string]int{}
	byTitle := map[string][]int{}
	byAlias := map[string][]int{}
	err := v.t.EachAt(ctx, at, true, func(n *VersionAt) error {
		d := v.derive(n.Path, n.Body)
		i := len(ix.notes)
		body := n.Body
		c := *n
		c.Body = ""
		ix.notes = append(ix.notes, c)
		ix.byID[n.ID] = i
		ix.types = append(ix.types, d.Type)
		ds = append(ds, derived{links: d.Links, body: body})
		var tags []string
		seen := map[string]bool{}
		for _, t := range d.Tags {
			if k := strings.ToLower(t); k != "" && !seen[k] {
				seen[k] = true
				tags = append(tags, k)
				ix.tagDegree[k]++
			}
		}
		ix.tags = append(ix.tags, tags)
		pk := strings.ToLower(n.Path)
		if _, ok := byPath[pk]; !ok {
			byPath[pk] = i
		}
		tk := strings.ToLower(n.Title)
		byTitle[tk] = append(byTitle[tk], i)
		for _, a := range d.Aliases {
			if k := strings.ToLower(strings.TrimSpace(a)); k != "" {
				byAlias[k] = append(byAlias[k], i)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	shortest := func(cands []int, dir string) int {
		best := -1
		for _, c := range cands {
			if best < 0 {
				best = c
				continue
			}
			cp, bp := strings.ToLower(ix.notes[c].Path), strings.ToLower(ix.notes[best].Path)
			cNear, bNear := dirOf(cp) == dir, dirOf(bp) == dir
			switch {
			case cNear != bNear:
				if cNear {
					best = c
				}
			case len(cp) != len(bp):
				if len(cp) < len(bp) {
					best = c
				}
			case cp < bp:
				best = c
			}
		}
		return best
	}
	resolve := func(src int, l backend.LinkRef) int {
		if l.TargetKey == "" {
			return -1
		}
		dir := dirOf(strings.ToLower(ix.notes[src].Path))
		if l.Kind != "markdown" && dir != "" {
			if i, ok := byPath[dir+l.TargetKey+".md"]; ok {
				return i
			}
		}
		if i, ok := byPath[l.TargetKey+".md"]; ok {
			return i
		}
		if i := shortest(byTitle[l.TargetKey], dir); i >= 0 {
			return i
		}
		if strings.Contains(l.TargetKey, "/") {
			var cands []int
			for _, c := range byTitle[path.Base(l.TargetKey)] {
				if strings.HasSuffix(strings.ToLower(ix.notes[c].Path), "/"+l.TargetKey+".md") {
					cands = append(cands, c)
				}
			}
			if i := shortest(cands, "\x00"); i >= 0 {
				return i
			}
		}
		return shortest(byAlias[l.TargetKey], "\x00")
	}
	ix.out = make([][]linkAt, len(ix.notes))
	ix.adj = make([][]int, len(ix.notes))
	ix.degree = make([]int, len(ix.notes))
	linked := make([]map[int]bool, len(ix.notes))
	for src, d := range ds {
		for _, l := range d.links {
			to := resolve(src, l)
			if to < 0 {
				continue // unresolved or an attachment: no note then
			}
			rel := backend.RelLinksTo
			switch l.Kind {
			case "embed":
				rel = backend.RelEmbeds
			case backend.LinkProperty:
				rel = l.Rel
			}
			ix.out[src] = append(ix.out[src], linkAt{to: to, rel: rel, context: lineAt(d.body, l.Position)})
			ix.degree[src]++
			ix.degree[to]++
			for _, p := range [][2]int{{src, to}, {to, src}} {
				if p[0] == p[1] {
					continue
				}
				if linked[p[0]] == nil {
					linked[p[0]] = map[int]bool{}
				}
				if !linked[p[0]][p[1]] {
					linked[p[0]][p[1]] = true
					ix.adj[p[0]] = append(ix.adj[p[0]], p[1])
				}
			}
		}
		ix.degree[src] += len(ix.tags[src])
	}
	for i := range ix.adj {
		sort.Slice(ix.adj[i], func(a, b int) bool {
			return strings.ToLower(ix.notes[ix.adj[i][a]].Path) < strings.ToLower(ix.notes[ix.adj[i][b]].Path)
		})
	}
	return ix, nil
}

// dirOf is a lower-cased path's folder with its trailing slash ("" at the root).
func dirOf(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i+1]
	}
	return ""
}

// lineAt is the line of body around byte offset at, trimmed.
func lineAt(body string, at int) string {
	at = min(max(at, 0), len(body))
	for at > 0 && at < len(body) && !utf8.RuneStart(body[at]) {
		at--
	}
	start, end := 0, len(body)
	if i := strings.LastIndexByte(body[:at], '\n'); i >= 0 {
		start = i + 1
	}
	if i := strings.IndexByte(body[at:], '\n'); i >= 0 {
		end = at + i
	}
	line := strings.TrimSpace(body[start:end])
	if len(line) > 300 {
		line = strings.ToValidUTF8(line[:300], "") + "…"
	}
	return line
}
