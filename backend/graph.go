package backend

import "context"

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
type Graph interface {
	// Neighbors returns the subgraph within opts.Depth hops of a note.
	// Returns ENOTFOUND for an unknown note, EINVALID for a bad depth.
	Neighbors(ctx context.Context, noteID string, opts NeighborOptions) (*Subgraph, error)
	// ShortestPath returns the nodes of a shortest path between two notes
	// over any relation in either direction, up to maxDepth hops; empty when none.
	// Returns ENOTFOUND for an unknown note.
	ShortestPath(ctx context.Context, fromID, toID string, maxDepth int) ([]GraphNode, error)
	// Backlinks returns the notes that link to or embed a note, or relate to it.
	Backlinks(ctx context.Context, noteID string) ([]GraphNode, error)
	// Orphans returns notes with no relation at all (tags count), by title.
	Orphans(ctx context.Context, limit int) ([]GraphNode, error)
	// Hubs returns the notes with the most incoming links, most first.
	Hubs(ctx context.Context, limit int) ([]GraphNode, error)
	// Clusters returns the communities of notes, largest first.
	Clusters(ctx context.Context, limit int) ([]Cluster, error)
	// Overview returns the global graph view: every node when there are at
	// most maxNodes, otherwise the maxNodes highest-degree nodes and their edges.
	Overview(ctx context.Context, maxNodes int) (*Subgraph, error)
	// Stats counts nodes, edges, orphans and clusters.
	Stats(ctx context.Context) (GraphStats, error)
}
