package backend

import (
	"context"
	"strings"
	"unicode"
)

// Graph node labels besides the note types.
const (
	// LabelNote is on every note node; a note's type (person, idea…) adds a
	// second label, title-cased ("Person").
	LabelNote = "Note"
	// LabelTag is on tag nodes.
	LabelTag = "Tag"
	// LabelPlaceholder is on the node of a link target no note matches yet.
	LabelPlaceholder = "Placeholder"
)

// Relation types of the knowledge graph. Typed relations from front-matter
// links (AUTHOR, RELATED_TO…) come from the data, not from this list.
const (
	RelLinksTo = "LINKS_TO"
	RelEmbeds  = "EMBEDS"
	RelTagged  = "TAGGED"
)

// GraphNode is a node of the knowledge graph. ID is the note's UUID, or
// "tag:<name>" for a tag, or "placeholder:<target key>" for an unresolved
// link target.
type GraphNode struct {
	ID     string
	Title  string
	Labels []string
	// Degree counts the node's relations in the whole graph, both directions.
	Degree int
}

// GraphEdge is a relation between two nodes; Count is how many link
// occurrences it stands for (1 for TAGGED).
type GraphEdge struct {
	Source string
	Target string
	Type   string
	Count  int
}

// Subgraph is a set of nodes and the edges among them.
type Subgraph struct {
	Nodes []GraphNode
	Edges []GraphEdge
	// Truncated says the result was capped.
	Truncated bool
}

// NeighborOptions filters a neighbourhood.
type NeighborOptions struct {
	// Depth is how many hops to follow, in either direction (1..5).
	Depth int
	// Labels, if set, keeps only nodes with one of these labels (the start node always stays).
	Labels []string
	// RelTypes, if set, follows only these relation types.
	RelTypes []string
	// Limit caps the nodes returned (default 500).
	Limit int
}

// Cluster is a community of notes found by label propagation.
type Cluster struct {
	ID    int
	Size  int
	Nodes []GraphNode // the most connected first, at most 20
}

// GraphStats summarises the graph.
type GraphStats struct {
	Nodes    int
	Edges    int
	Orphans  int
	Clusters int
}

// Graph answers knowledge-graph queries. Two implementations — SQL over the
// PostgreSQL tables and Cypher over the Neo4j projection — pass the same
// conformance suite (backend/graphtest). Trashed notes are not in the graph.
//
// The model, which both implementations derive from the PostgreSQL tables:
//
// Nodes
//   - a live note (trashed_at IS NULL): ID the note's UUID, Title its title,
//     Labels NoteLabels(note_type) — ["Note"] or ["Note", TypeLabel(type)];
//   - a tag carried by at least one live note: ID "tag:<name>" (the stored,
//     lower-case name), Title "#<name>", Labels ["Tag"];
//   - a placeholder for each unresolved link target of a live note (links
//     with target_id and attachment_id NULL and a non-empty target_key): ID
//     "placeholder:<target_key>", Title the smallest (by code point) target
//     as written among those links, Labels ["Placeholder"].
//
// Links to attachments and links that leave the vault (empty target_key) are
// not relations.
//
// Edges, one per (Source, Target, Type); Count is how many link occurrences
// it stands for:
//   - LINKS_TO: wikilink and Markdown links, note → note or placeholder;
//   - EMBEDS: embeds, note → note or placeholder;
//   - a typed relation (AUTHOR, RELATED_TO…) per property link, Type = links.rel;
//   - TAGGED: note → tag, Count 1.
//
// Self-links are edges. An edge whose source or target is a trashed note
// does not exist.
//
// Degree is the number of edges touching a node, either direction, a
// self-loop counted once. Relation-type and label filters match exactly.
//
// Orderings, so results compare equal across implementations: ids compare
// as strings by byte; "by title" means by lower-case title (code point
// order), then id.
type Graph interface {
	// Neighbors returns the subgraph within opts.Depth hops of a live note,
	// following edges in either direction and only of opts.RelTypes when
	// set, through any node (notes, tags, placeholders). opts.Labels filters
	// the nodes returned, not the walk. Nodes come ordered by distance from
	// the start (the start first), then id; when more than opts.Limit (default
	// 500, at most 10,000) qualify, the first opts.Limit in that order are
	// kept and Truncated is set. Edges are every followed edge among the
	// returned nodes, ordered by Source, Target, Type. An implementation may
	// also stop a walk that reaches more than 20,000 nodes, setting Truncated.
	// Returns ENOTFOUND for an id that is not a live note, EINVALID for an
	// id that is no node id at all (not a UUID, a tag or a placeholder), a
	// depth outside 1..5 or a negative limit.
	Neighbors(ctx context.Context, noteID string, opts NeighborOptions) (*Subgraph, error)
	// ShortestPath returns the nodes of a shortest path between two live
	// notes over any relation in either direction and through any node
	// (tags and placeholders included), up to maxDepth hops (1..10), from
	// first; just the note when fromID == toID; empty when none. When several
	// shortest paths exist any one may be returned. A search that would visit
	// more than 100,000 nodes on one side may give up and return none.
	// Returns ENOTFOUND for an id that is not a live note, EINVALID for an
	// id that is no node id at all or a maxDepth outside 1..10.
	ShortestPath(ctx context.Context, fromID, toID string, maxDepth int) ([]GraphNode, error)
	// Backlinks returns the notes that are the source of a LINKS_TO, EMBEDS
	// or typed edge into a note (itself included when it links to itself),
	// each once, by title. Returns ENOTFOUND for an id that is not a live
	// note, EINVALID for an id that is no node id at all.
	Backlinks(ctx context.Context, noteID string) ([]GraphNode, error)
	// Orphans returns up to limit notes with degree 0 (tags count, links to
	// attachments do not), by title. Returns EINVALID for limit < 1.
	Orphans(ctx context.Context, limit int) ([]GraphNode, error)
	// Hubs returns up to limit notes by the number of distinct other live
	// notes with a LINKS_TO, EMBEDS or typed edge into them, most first, then
	// by id; notes with none are not hubs. Returns EINVALID for limit < 1.
	Hubs(ctx context.Context, limit int) ([]GraphNode, error)
	// Clusters returns up to limit communities of notes, found by
	// community.Detect over the notes and the note-to-note edges (either
	// direction; weight the sum of Counts between the pair; tags,
	// placeholders and self-loops left out; notes keyed by path, so two
	// imports of the same vault give the same clusters). Only communities of
	// two notes or more are clusters. Largest first, then by smallest member
	// path; ID is the rank from 1; Nodes are the most connected members
	// first (Degree, then id), at most 20. Returns EINVALID for limit < 1.
	Clusters(ctx context.Context, limit int) ([]Cluster, error)
	// Overview returns the global graph view: every node when there are at
	// most maxNodes (default 1000 when <= 0), otherwise the maxNodes
	// highest-degree nodes (ties by id) with Truncated set; ordered by degree
	// (most first), then id, with every edge among them.
	Overview(ctx context.Context, maxNodes int) (*Subgraph, error)
	// Stats counts nodes, edges (one per Source, Target, Type), orphans and
	// clusters (as Clusters counts them).
	Stats(ctx context.Context) (GraphStats, error)
}

// TypeLabel returns the node label of a note type: its runs of letters and
// digits, each with the first letter upper-cased and the rest lower-cased,
// joined ("person" → "Person", "book club" → "BookClub"). Returns "" for a
// type with none, or whose label would be Note, Tag or Placeholder.
func TypeLabel(noteType string) string {
	var b strings.Builder
	start := true
	for _, r := range noteType {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			start = true
			continue
		}
		if start {
			b.WriteRune(unicode.ToUpper(r))
		} else {
			b.WriteRune(unicode.ToLower(r))
		}
		start = false
	}
	switch l := b.String(); l {
	case LabelNote, LabelTag, LabelPlaceholder:
		return ""
	default:
		return l
	}
}

// NoteLabels returns the labels of a note node of the given type: Note, and
// TypeLabel(noteType) when there is one.
func NoteLabels(noteType string) []string {
	if l := TypeLabel(noteType); l != "" {
		return []string{LabelNote, l}
	}
	return []string{LabelNote}
}
