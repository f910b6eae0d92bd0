// Package agent is the use case behind the MCP server: what an AI agent may
// read and write in the brain. It hides the private folders and tags from
// every answer (a private note is never named, counted, linked to or walked
// through), refuses writes unless the user allowed them, makes every write
// checkable first (a dry run returns the diff) and reversible (Undo), and
// records each write with the agent as its origin (backend.WithOrigin).
package agent

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/service"
)

// Store is what the agent use case reads and writes directly.
type Store interface {
	backend.NoteStore
	backend.LinkStore
	backend.AgentStore
}

// RelatedFunc finds the notes related to a note (near in meaning or
// sharing links), best first.
type RelatedFunc func(ctx context.Context, id uuid.UUID, limit int) ([]Related, error)

// Policy is what the user lets agents do.
type Policy struct {
	// Private hides notes from agents.
	Private backend.Privacy
	// AllowWrites lets agents create and change notes.
	AllowWrites bool
}

// Deps are the services the agent use case calls.
type Deps struct {
	Notes   *service.Notes
	Store   Store
	Search  backend.Searcher
	Graph   backend.Graph
	Related RelatedFunc
	Log     *slog.Logger
}

// Agent answers agents' calls under a policy. It is safe for concurrent use.
type Agent struct {
	d      Deps
	policy func() Policy
	log    *slog.Logger
}

// New returns the agent use case under a fixed policy.
func New(d Deps, p Policy) *Agent {
	return NewWithPolicy(d, func() Policy { return p })
}

// NewWithPolicy returns the agent use case under the policy that policy
// returns at each call, so that the user's changes (in Settings) apply to
// a running server. policy must be safe for concurrent use.
func NewWithPolicy(d Deps, policy func() Policy) *Agent {
	log := d.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Agent{d: d, policy: policy, log: log.With("component", "agent")}
}

// Policy returns the policy the agent enforces now.
func (a *Agent) Policy() Policy { return a.policy() }

// private returns the set of private note ids, read afresh (notes move in
// and out of private folders and tags as the user edits).
func (a *Agent) private(ctx context.Context) (map[uuid.UUID]bool, error) {
	return a.d.Store.PrivateNotes(ctx, a.Policy().Private)
}

// notFound is the error for a note an agent may not see or that does not
// exist: the same, so that it cannot tell them apart.
func notFound(ref string) error {
	return backend.Errorf(backend.ENOTFOUND, "no note %q", ref)
}

// NoteRef names a note by exactly one of its id, path or title.
type NoteRef struct {
	ID    string `json:"id,omitempty" jsonschema:"the note's id (a UUID)"`
	Path  string `json:"path,omitempty" jsonschema:"the note's path in the vault, e.g. projects/Plan.md"`
	Title string `json:"title,omitempty" jsonschema:"the note's title (case-insensitive); fails when several notes share it"`
}

func (r NoteRef) String() string {
	switch {
	case r.ID != "":
		return r.ID
	case r.Path != "":
		return r.Path
	}
	return r.Title
}

// resolve finds the visible live note r names. Returns EINVALID for no or
// several of id/path/title, ENOTFOUND (also for a private note), ECONFLICT
// when a title names several visible notes.
func (a *Agent) resolve(ctx context.Context, r NoteRef, hide map[uuid.UUID]bool) (*backend.Note, error) {
	set := 0
	for _, s := range []string{r.ID, r.Path, r.Title} {
		if strings.TrimSpace(s) != "" {
			set++
		}
	}
	if set != 1 {
		return nil, backend.Errorf(backend.EINVALID, "name the note by exactly one of id, path or title")
	}
	var n *backend.Note
	switch {
	case r.ID != "":
		uid, err := service.ParseID(r.ID)
		if err != nil {
			return nil, err
		}
		if n, err = a.d.Store.Note(ctx, uid); err != nil {
			if backend.ErrorCode(err) == backend.ENOTFOUND {
				return nil, notFound(r.ID)
			}
			return nil, err
		}
	case r.Path != "":
		p := strings.TrimPrefix(strings.TrimSpace(r.Path), "/")
		if !strings.HasSuffix(strings.ToLower(p), ".md") {
			p += ".md"
		}
		title := p[strings.LastIndex(p, "/")+1 : len(p)-3]
		notes, err := a.d.Store.NotesByTitle(ctx, title)
		if err != nil {
			return nil, err
		}
		for _, c := range notes {
			if strings.EqualFold(c.Path, p) {
				n = c
			}
		}
		if n == nil {
			return nil, notFound(r.Path)
		}
	default:
		notes, err := a.d.Store.NotesByTitle(ctx, strings.TrimSpace(r.Title))
		if err != nil {
			return nil, err
		}
		var visible []*backend.Note
		for _, c := range notes {
			if !hide[c.ID] {
				visible = append(visible, c)
			}
		}
		switch len(visible) {
		case 0:
			return nil, notFound(r.Title)
		case 1:
			n = visible[0]
		default:
			paths := make([]string, len(visible))
			for i, c := range visible {
				paths[i] = c.Path
			}
			return nil, backend.Errorf(backend.ECONFLICT, "%d notes are titled %q (%s); name one by path or id", len(visible), r.Title, strings.Join(paths, ", "))
		}
	}
	if hide[n.ID] || n.TrashedAt != nil {
		return nil, notFound(r.String())
	}
	return n, nil
}

// visible resolves r among the notes the agent may see, and returns the
// private notes' ids with it.
func (a *Agent) visible(ctx context.Context, r NoteRef) (*backend.Note, map[uuid.UUID]bool, error) {
	hide, err := a.private(ctx)
	if err != nil {
		return nil, nil, err
	}
	n, err := a.resolve(ctx, r, hide)
	if err != nil {
		return nil, nil, err
	}
	return n, hide, nil
}

// limitArg returns limit, or def when it is not set (0 or less). Returns
// EINVALID above max.
func limitArg(limit, def, max int) (int, error) {
	if limit <= 0 {
		return def, nil
	}
	if limit > max {
		return 0, backend.Errorf(backend.EINVALID, "limit is at most %d", max)
	}
	return limit, nil
}

// depthArg returns depth, or def when it is 0. Returns EINVALID outside
// 1..max, naming the argument name.
func depthArg(name string, depth, def, max int) (int, error) {
	if depth == 0 {
		return def, nil
	}
	if depth < 1 || depth > max {
		return 0, backend.Errorf(backend.EINVALID, "%s must be 1 to %d", name, max)
	}
	return depth, nil
}

// lines returns text's lines without their newlines.
func lines(text string) []string {
	ls := strings.Split(text, "\n")
	if len(ls) > 0 && ls[len(ls)-1] == "" {
		ls = ls[:len(ls)-1]
	}
	return ls
}

// Link is one outgoing link of a note.
type Link struct {
	Target string `json:"target" jsonschema:"the link as written"`
	// Resolved is false for a link to no note (or to a note agents may not see).
	Resolved bool   `json:"resolved" jsonschema:"whether the link leads to a note you can read"`
	ID       string `json:"id,omitempty" jsonschema:"the linked note's id when resolved"`
	Title    string `json:"title,omitempty" jsonschema:"the linked note's title when resolved"`
}

// NoteText is a note as read_note returns it.
type NoteText struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Path    string `json:"path"`
	Version int    `json:"version" jsonschema:"the note's version: pass it as expected_version to edit"`
	Updated string `json:"updated" jsonschema:"when the note last changed (RFC 3339)"`
	// Markdown is the note's text (front matter included) or the lines asked for.
	Markdown   string   `json:"markdown" jsonschema:"the Markdown text, front matter included, or only the lines asked for"`
	LineStart  int      `json:"line_start" jsonschema:"the first line returned (1-based)"`
	LineEnd    int      `json:"line_end" jsonschema:"the last line returned"`
	TotalLines int      `json:"total_lines"`
	Tags       []string `json:"tags"`
	Backlinks  int      `json:"backlinks" jsonschema:"how many notes link here"`
	Links      []Link   `json:"links" jsonschema:"the note's outgoing links in order"`
}

// ReadNote returns a visible note, or its lines lineStart..lineEnd (1-based,
// inclusive; 0 for the first or last). Returns EINVALID, ENOTFOUND.
func (a *Agent) ReadNote(ctx context.Context, r NoteRef, lineStart, lineEnd int) (*NoteText, error) {
	n, hide, err := a.visible(ctx, r)
	if err != nil {
		return nil, err
	}
	ls := lines(n.Body)
	if lineStart < 0 || lineEnd < 0 || (lineEnd > 0 && lineStart > lineEnd) {
		return nil, backend.Errorf(backend.EINVALID, "line_start and line_end must be 1 or more, line_start ≤ line_end")
	}
	from, to := max(lineStart, 1), lineEnd
	if to == 0 || to > len(ls) {
		to = len(ls)
	}
	if from > len(ls) && len(ls) > 0 {
		return nil, backend.Errorf(backend.EINVALID, "the note has %d lines; line_start %d is past its end", len(ls), lineStart)
	}
	text := n.Body
	if lineStart > 0 || lineEnd > 0 {
		text = strings.Join(ls[min(from-1, len(ls)):to], "\n")
	}
	out := &NoteText{ID: n.ID.String(), Title: n.Title, Path: n.Path, Version: n.Version,
		Updated: n.UpdatedAt.UTC().Format(time.RFC3339), Markdown: text,
		LineStart: min(from, to), LineEnd: to, TotalLines: len(ls), Links: []Link{}}
	out.Tags = visibleTags(service.Derive(n.Path, n.Body).Tags, a.Policy().Private.Tags)
	backs, err := a.d.Store.Backlinks(ctx, n.ID)
	if err != nil {
		return nil, err
	}
	seen := map[uuid.UUID]bool{}
	for _, b := range backs {
		if !hide[b.SourceID] && !seen[b.SourceID] && b.SourceID != n.ID {
			seen[b.SourceID] = true
			out.Backlinks++
		}
	}
	links, err := a.d.Store.OutgoingLinks(ctx, n.ID)
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		lk := Link{Target: l.Target}
		if l.TargetID != uuid.Nil && !hide[l.TargetID] {
			lk.Resolved, lk.ID, lk.Title = true, l.TargetID.String(), l.TargetTitle
		}
		out.Links = append(out.Links, lk)
	}
	return out, nil
}

// visibleTags drops the private tags (and tags nested under them).
func visibleTags(tags, private []string) []string {
	out := []string{}
	for _, t := range tags {
		if !tagPrivate(t, private) {
			out = append(out, t)
		}
	}
	return out
}

func tagPrivate(tag string, private []string) bool {
	t := strings.ToLower(strings.TrimPrefix(tag, "#"))
	for _, p := range private {
		p = strings.ToLower(strings.Trim(strings.TrimSpace(p), "#/"))
		if p != "" && (t == p || strings.HasPrefix(t, p+"/")) {
			return true
		}
	}
	return false
}

// folderPrivate reports whether a folder ("a/b") is or lies inside a
// private folder.
func folderPrivate(folder string, private []string) bool {
	f := strings.ToLower(strings.Trim(folder, "/")) + "/"
	for _, p := range private {
		p = strings.ToLower(strings.Trim(strings.TrimSpace(p), "/"))
		if p != "" && strings.HasPrefix(f, p+"/") {
			return true
		}
	}
	return false
}

// Summary is a note in a list.
type Summary struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Path    string `json:"path"`
	Version int    `json:"version"`
	Updated string `json:"updated"`
}

func summaryOf(n backend.NoteSummary) Summary {
	return Summary{ID: n.ID.String(), Title: n.Title, Path: n.Path, Version: n.Version, Updated: n.UpdatedAt.UTC().Format(time.RFC3339)}
}

// NoteList is a page of notes.
type NoteList struct {
	Notes []Summary `json:"notes"`
	Total int       `json:"total" jsonschema:"how many notes match in all pages"`
	// NextOffset is the offset of the next page, 0 when this is the last.
	NextOffset int `json:"next_offset,omitempty" jsonschema:"pass as offset for the next page; absent on the last page"`
}

// ListNotes lists the visible live notes matching f, newest first.
func (a *Agent) ListNotes(ctx context.Context, f backend.NoteFilter) (*NoteList, error) {
	var err error
	if f.Limit, err = limitArg(f.Limit, 50, 500); err != nil {
		return nil, err
	}
	f.Hide = a.Policy().Private
	page, err := a.d.Store.FilterNotes(ctx, f)
	if err != nil {
		return nil, err
	}
	out := &NoteList{Notes: make([]Summary, len(page.Notes)), Total: page.Total}
	for i, n := range page.Notes {
		out.Notes[i] = summaryOf(n)
	}
	if next := f.Offset + len(page.Notes); len(page.Notes) > 0 && next < page.Total {
		out.NextOffset = next
	}
	return out, nil
}

// TagCount is a tag and how many visible notes carry it.
type TagCount struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// ListTags returns the visible tags with their counts of visible notes.
func (a *Agent) ListTags(ctx context.Context) ([]TagCount, error) {
	tags, err := a.d.Store.TagCounts(ctx, a.Policy().Private)
	if err != nil {
		return nil, err
	}
	out := make([]TagCount, len(tags))
	for i, t := range tags {
		out[i] = TagCount{Name: t.Name, Count: t.Count}
	}
	return out, nil
}

// DailyNote returns the daily note of day, creating it when create is set
// and writes are allowed. Returns ENOTFOUND when it does not exist (or is
// private), EINVALID when create is refused.
func (a *Agent) DailyNote(ctx context.Context, day time.Time, create bool) (*NoteText, error) {
	d, err := a.d.Notes.Daily(ctx)
	if err != nil {
		return nil, err
	}
	title := day.Format(d.Format)
	p := title + ".md"
	if d.Folder != "" {
		p = d.Folder + "/" + p
	}
	n, err := a.ReadNote(ctx, NoteRef{Path: p}, 0, 0)
	if backend.ErrorCode(err) != backend.ENOTFOUND || !create {
		return n, err
	}
	if err := a.canWrite(); err != nil {
		return nil, err
	}
	if folderPrivate(d.Folder, a.Policy().Private.Folders) {
		return nil, notFound(p)
	}
	if _, err := a.d.Notes.Today(ctx, day); err != nil {
		return nil, err
	}
	return a.ReadNote(ctx, NoteRef{Path: p}, 0, 0)
}

func (a *Agent) canWrite() error {
	if !a.Policy().AllowWrites {
		return backend.Errorf(backend.EINVALID, "writes are turned off: agents may only read. The user can allow writes in Settings (agents.allow_writes in the config file)")
	}
	return nil
}

// Citation points at the passage of a note version that a hit is about.
type Citation struct {
	NoteID    string `json:"note_id"`
	Version   int    `json:"version"`
	Path      string `json:"path"`
	LineStart int    `json:"line_start" jsonschema:"first line of the passage (1-based, counting the front matter)"`
	LineEnd   int    `json:"line_end" jsonschema:"last line of the passage"`
}

// Hit is one search result.
type Hit struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Path     string   `json:"path"`
	Snippet  string   `json:"snippet" jsonschema:"the matching text; the matches are between « and »"`
	Score    float64  `json:"score" jsonschema:"orders the hits; comparable only within one search"`
	Why      string   `json:"why" jsonschema:"why the note matched"`
	Citation Citation `json:"citation" jsonschema:"the note version and lines of the passage that matched: cite it"`
}

// SearchResult is what search returns.
type SearchResult struct {
	Hits []Hit `json:"hits"`
}

// Search finds visible notes (of the front-matter type noteType, compared
// case-insensitively, when not empty) and cites the passage of each that
// matched.
func (a *Agent) Search(ctx context.Context, q backend.SearchQuery, noteType string) (*SearchResult, error) {
	var err error
	if q.Limit, err = limitArg(q.Limit, 10, 100); err != nil {
		return nil, err
	}
	if q.Folder != "" && folderPrivate(q.Folder, a.Policy().Private.Folders) {
		return &SearchResult{Hits: []Hit{}}, nil
	}
	for _, t := range q.Tags {
		if tagPrivate(t, a.Policy().Private.Tags) {
			return &SearchResult{Hits: []Hit{}}, nil
		}
	}
	hide, err := a.private(ctx)
	if err != nil {
		return nil, err
	}
	want := q.Limit
	q.Limit = min(want+len(hide), want+200)
	if noteType = strings.TrimSpace(noteType); noteType != "" {
		q.Limit = min(want*5+len(hide), 500) // the type is checked on the hits
	}
	hits, err := a.d.Search.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	var ids []uuid.UUID
	for _, h := range hits {
		if !hide[h.ID] && (noteType != "" || len(ids) < want) {
			ids = append(ids, h.ID)
		}
	}
	notes, err := a.d.Store.NotesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := &SearchResult{Hits: []Hit{}}
	for _, h := range hits {
		n := notes[h.ID]
		if hide[h.ID] || n == nil { // private, or deleted since
			continue
		}
		if noteType != "" && !strings.EqualFold(service.Derive(n.Path, n.Body).Type, noteType) {
			continue
		}
		snippet := plainSnippet(h.Snippet)
		ls, le := passage(n.Body, q.Text, h.Snippet)
		out.Hits = append(out.Hits, Hit{ID: h.ID.String(), Title: h.Title, Path: h.Path, Snippet: snippet,
			Score: h.Score, Why: h.Why, Citation: Citation{NoteID: n.ID.String(), Version: n.Version, Path: n.Path, LineStart: ls, LineEnd: le}})
		if len(out.Hits) == want {
			break
		}
	}
	return out, nil
}

// Related is a note related to another.
type Related struct {
	ID    string  `json:"id"`
	Title string  `json:"title"`
	Path  string  `json:"path"`
	Score float64 `json:"score"`
	Why   string  `json:"why"`
}

// RelatedNotes returns the visible notes related to a note.
func (a *Agent) RelatedNotes(ctx context.Context, r NoteRef, limit int) ([]Related, error) {
	limit, err := limitArg(limit, 10, 100)
	if err != nil {
		return nil, err
	}
	if a.d.Related == nil {
		return nil, backend.Errorf(backend.EUNAVAILABLE, "related notes need semantic search, which is not set up")
	}
	n, hide, err := a.visible(ctx, r)
	if err != nil {
		return nil, err
	}
	rel, err := a.d.Related(ctx, n.ID, limit+len(hide))
	if err != nil {
		return nil, err
	}
	out := []Related{}
	for _, h := range rel {
		if id, err := uuid.Parse(h.ID); err == nil && hide[id] {
			continue
		}
		out = append(out, h)
		if len(out) == limit {
			break
		}
	}
	return out, nil
}

// Backlink is a note linking to another.
type Backlink struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Path    string `json:"path"`
	Context string `json:"context" jsonschema:"the line around the link"`
}

// Backlinks returns the visible notes linking to a note.
func (a *Agent) Backlinks(ctx context.Context, r NoteRef) ([]Backlink, error) {
	n, hide, err := a.visible(ctx, r)
	if err != nil {
		return nil, err
	}
	backs, err := a.d.Store.Backlinks(ctx, n.ID)
	if err != nil {
		return nil, err
	}
	out := []Backlink{}
	for _, b := range backs {
		if hide[b.SourceID] {
			continue
		}
		out = append(out, Backlink{ID: b.SourceID.String(), Title: b.SourceTitle, Path: b.SourcePath, Context: b.Context})
	}
	return out, nil
}

// Node is a node of the knowledge graph as agents see it.
type Node struct {
	ID     string   `json:"id" jsonschema:"a note id, tag:NAME for a tag, placeholder:KEY for a link to no note"`
	Title  string   `json:"title"`
	Labels []string `json:"labels"`
}

// Edge is a relation between two nodes.
type Edge struct {
	Source string `json:"source"`
	Target string `json:"target"`
	Type   string `json:"type" jsonschema:"LINKS_TO, EMBEDS, TAGGED or a typed relation from front matter"`
}

// Subgraph is a neighbourhood of the graph.
type Subgraph struct {
	Nodes     []Node `json:"nodes"`
	Edges     []Edge `json:"edges"`
	Truncated bool   `json:"truncated" jsonschema:"the neighbourhood was larger than the limit"`
}

// nodeHidden reports whether a graph node is private: a private note or a
// private tag.
func (a *Agent) nodeHidden(id string, hide map[uuid.UUID]bool) bool {
	if t, ok := strings.CutPrefix(id, "tag:"); ok {
		return tagPrivate(t, a.Policy().Private.Tags)
	}
	if u, err := uuid.Parse(id); err == nil {
		return hide[u]
	}
	return false
}

// visibleWalk keeps the nodes of g reachable from start within depth hops
// without passing through a hidden node, and the edges among them.
func (a *Agent) visibleWalk(g *backend.Subgraph, start string, depth int, hide map[uuid.UUID]bool) (map[string]int, map[string][]string) {
	adj := map[string][]string{}
	for _, e := range g.Edges {
		if a.nodeHidden(e.Source, hide) || a.nodeHidden(e.Target, hide) {
			continue
		}
		adj[e.Source] = append(adj[e.Source], e.Target)
		adj[e.Target] = append(adj[e.Target], e.Source)
	}
	dist := map[string]int{start: 0}
	queue := []string{start}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		if dist[v] == depth {
			continue
		}
		for _, w := range adj[v] {
			if _, ok := dist[w]; !ok {
				dist[w] = dist[v] + 1
				queue = append(queue, w)
			}
		}
	}
	return dist, adj
}

// Neighbors returns the visible neighbourhood of a note to depth hops.
func (a *Agent) Neighbors(ctx context.Context, r NoteRef, depth, limit int) (*Subgraph, error) {
	depth, err := depthArg("depth", depth, 1, 3)
	if err != nil {
		return nil, err
	}
	if limit, err = limitArg(limit, 100, 1000); err != nil {
		return nil, err
	}
	n, hide, err := a.visible(ctx, r)
	if err != nil {
		return nil, err
	}
	start := n.ID.String()
	g, err := a.d.Graph.Neighbors(ctx, start, backend.NeighborOptions{Depth: depth, Limit: limit + len(hide) + 100})
	if err != nil {
		return nil, err
	}
	dist, _ := a.visibleWalk(g, start, depth, hide)
	out := &Subgraph{Nodes: []Node{}, Edges: []Edge{}, Truncated: g.Truncated}
	keep := map[string]bool{}
	for _, nd := range g.Nodes {
		if _, ok := dist[nd.ID]; !ok {
			continue
		}
		if len(out.Nodes) == limit {
			out.Truncated = true
			break
		}
		keep[nd.ID] = true
		out.Nodes = append(out.Nodes, Node{ID: nd.ID, Title: nd.Title, Labels: nd.Labels})
	}
	for _, e := range g.Edges {
		if keep[e.Source] && keep[e.Target] {
			out.Edges = append(out.Edges, Edge{Source: e.Source, Target: e.Target, Type: e.Type})
		}
	}
	return out, nil
}

// Path is a shortest path between two notes.
type Path struct {
	Found bool   `json:"found"`
	Nodes []Node `json:"nodes" jsonschema:"the nodes from the first note to the second"`
}

// ShortestPath returns a shortest path between two visible notes that
// passes through no private note or tag, within maxDepth hops.
func (a *Agent) ShortestPath(ctx context.Context, from, to NoteRef, maxDepth int) (*Path, error) {
	maxDepth, err := depthArg("max_depth", maxDepth, 4, 5)
	if err != nil {
		return nil, err
	}
	hide, err := a.private(ctx)
	if err != nil {
		return nil, err
	}
	fn, err := a.resolve(ctx, from, hide)
	if err != nil {
		return nil, err
	}
	tn, err := a.resolve(ctx, to, hide)
	if err != nil {
		return nil, err
	}
	path, err := a.d.Graph.ShortestPath(ctx, fn.ID.String(), tn.ID.String(), maxDepth)
	if err != nil && backend.ErrorCode(err) != backend.ENOTFOUND {
		return nil, err
	}
	clean := len(path) > 0
	for _, nd := range path {
		if a.nodeHidden(nd.ID, hide) {
			clean = false
		}
	}
	out := &Path{Nodes: []Node{}}
	if clean {
		out.Found = true
		for _, nd := range path {
			out.Nodes = append(out.Nodes, Node{ID: nd.ID, Title: nd.Title, Labels: nd.Labels})
		}
		return out, nil
	}
	if len(path) == 0 {
		return out, nil // no path at all
	}
	// The shortest path runs through a private node: look for another in
	// the neighbourhood without it.
	g, err := a.d.Graph.Neighbors(ctx, fn.ID.String(), backend.NeighborOptions{Depth: maxDepth, Limit: 20_000})
	if err != nil {
		return nil, err
	}
	_, adj := a.visibleWalk(g, fn.ID.String(), maxDepth, hide)
	prev := map[string]string{fn.ID.String(): ""}
	queue, dist := []string{fn.ID.String()}, map[string]int{fn.ID.String(): 0}
	target := tn.ID.String()
	for len(queue) > 0 && prev[target] == "" {
		v := queue[0]
		queue = queue[1:]
		if dist[v] == maxDepth {
			continue
		}
		for _, w := range adj[v] {
			if _, ok := prev[w]; !ok {
				prev[w], dist[w] = v, dist[v]+1
				queue = append(queue, w)
			}
		}
	}
	if _, ok := prev[target]; !ok {
		return out, nil
	}
	byID := map[string]backend.GraphNode{}
	for _, nd := range g.Nodes {
		byID[nd.ID] = nd
	}
	var ids []string
	for v := target; v != ""; v = prev[v] {
		ids = append([]string{v}, ids...)
	}
	out.Found = true
	for _, id := range ids {
		nd := byID[id]
		out.Nodes = append(out.Nodes, Node{ID: id, Title: nd.Title, Labels: nd.Labels})
	}
	return out, nil
}
