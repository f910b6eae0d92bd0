package dto

import "secondbrain/backend"

// GraphNode is a node of the graph view.
type GraphNode struct {
	ID     string   `json:"id"`
	Title  string   `json:"title"`
	Labels []string `json:"labels"`
	Degree int      `json:"degree"`
	// Cluster is the node's community rank (1 = largest), 0 for none; set
	// in the global view only.
	Cluster int `json:"cluster"`
}

// GraphEdge is a relation of the graph view.
type GraphEdge struct {
	Source string `json:"source"`
	Target string `json:"target"`
	Type   string `json:"type"`
	Count  int    `json:"count"`
}

// Subgraph is what the graph view draws.
type Subgraph struct {
	Nodes     []GraphNode `json:"nodes"`
	Edges     []GraphEdge `json:"edges"`
	Truncated bool        `json:"truncated"`
}

// FromSubgraph converts a subgraph; cluster maps node ids to their cluster.
func FromSubgraph(g *backend.Subgraph, cluster map[string]int) Subgraph {
	out := Subgraph{Nodes: make([]GraphNode, len(g.Nodes)), Edges: make([]GraphEdge, len(g.Edges)), Truncated: g.Truncated}
	for i, n := range g.Nodes {
		labels := n.Labels
		if labels == nil {
			labels = []string{}
		}
		out.Nodes[i] = GraphNode{ID: n.ID, Title: n.Title, Labels: labels, Degree: n.Degree, Cluster: cluster[n.ID]}
	}
	for i, e := range g.Edges {
		out.Edges[i] = GraphEdge{Source: e.Source, Target: e.Target, Type: e.Type, Count: e.Count}
	}
	return out
}
