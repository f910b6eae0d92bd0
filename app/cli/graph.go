package cli

import (
	"fmt"
	"strings"

	"secondbrain/backend"
)

// graphNodeJSON is a node in `graph --json` output.
type graphNodeJSON struct {
	ID     string   `json:"id"`
	Title  string   `json:"title"`
	Labels []string `json:"labels"`
	Degree int      `json:"degree"`
}

// graphEdgeJSON is an edge in `graph --json` output.
type graphEdgeJSON struct {
	Source string `json:"source"`
	Target string `json:"target"`
	Type   string `json:"type"`
	Count  int    `json:"count"`
}

// clusterJSON is a community in `graph clusters --json` output.
type clusterJSON struct {
	ID    int             `json:"id"`
	Size  int             `json:"size"`
	Nodes []graphNodeJSON `json:"nodes"`
}

func nodesJSON(ns []backend.GraphNode) []graphNodeJSON {
	out := make([]graphNodeJSON, len(ns))
	for i, n := range ns {
		labels := n.Labels
		if labels == nil {
			labels = []string{}
		}
		out[i] = graphNodeJSON{ID: n.ID, Title: n.Title, Labels: labels, Degree: n.Degree}
	}
	return out
}

func edgesJSON(es []backend.GraphEdge) []graphEdgeJSON {
	out := make([]graphEdgeJSON, len(es))
	for i, e := range es {
		out[i] = graphEdgeJSON{Source: e.Source, Target: e.Target, Type: e.Type, Count: e.Count}
	}
	return out
}

// splitList splits a comma-separated flag, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// graph runs `secondbrain graph SUB ...`.
func (e *env) graph(args []string) error {
	if len(args) == 0 {
		return usageError{"graph needs a subcommand: neighbors, path, stats, orphans, hubs, clusters, rebuild"}
	}
	sub, rest := args[0], args[1:]
	if sub == "rebuild" {
		return e.graphRebuild(rest)
	}
	fs, g := e.flags("graph " + sub)
	which := fs.String("graph", "", "sql or neo4j (default: neo4j when configured, else sql)")
	depth := fs.Int("depth", 1, "hops to follow (1..5)")
	maxDepth := fs.Int("max-depth", 6, "longest path to look for (1..10)")
	labels := fs.String("labels", "", "only nodes with one of these labels (comma-separated)")
	types := fs.String("types", "", "only these relation types (comma-separated)")
	limit := fs.Int("limit", 0, "most results (default: 500 nodes for neighbors, 50 otherwise)")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	want := map[string]int{"neighbors": 1, "path": 2, "stats": 0, "orphans": 0, "hubs": 0, "clusters": 0}
	n, ok := want[sub]
	if !ok {
		return usageError{fmt.Sprintf("unknown graph command %q", sub)}
	}
	if len(pos) != n {
		return usageError{fmt.Sprintf("graph %s takes %d argument(s), got %d", sub, n, len(pos))}
	}
	if *which != "" && *which != "sql" && *which != "neo4j" {
		return usageError{fmt.Sprintf("graph --graph %q: want sql or neo4j", *which)}
	}
	if *limit < 0 {
		return usageError{"graph --limit must not be negative"}
	}
	listLimit := *limit
	if listLimit == 0 {
		listLimit = 50
	}
	if err := e.open(g); err != nil {
		return err
	}
	gr, err := e.pickGraph(*which)
	if err != nil {
		return err
	}
	switch sub {
	case "neighbors":
		note, err := e.stack.Notes.Find(e.ctx, pos[0])
		if err != nil {
			return err
		}
		sg, err := gr.Neighbors(e.ctx, note.ID.String(), backend.NeighborOptions{
			Depth: *depth, Labels: splitList(*labels), RelTypes: splitList(*types), Limit: *limit})
		if err != nil {
			return err
		}
		if e.json {
			return e.writeJSON(map[string]any{"nodes": nodesJSON(sg.Nodes), "edges": edgesJSON(sg.Edges), "truncated": sg.Truncated})
		}
		titles := map[string]string{}
		for _, n := range sg.Nodes {
			titles[n.ID] = n.Title
			fmt.Fprintf(e.stdout, "%s\t%s\n", n.Title, strings.Join(n.Labels, ","))
		}
		for _, ed := range sg.Edges {
			fmt.Fprintf(e.stdout, "%s -%s-> %s\n", titles[ed.Source], ed.Type, titles[ed.Target])
		}
		if sg.Truncated {
			fmt.Fprintln(e.stdout, "(truncated)")
		}
		return nil
	case "path":
		from, err := e.stack.Notes.Find(e.ctx, pos[0])
		if err != nil {
			return err
		}
		to, err := e.stack.Notes.Find(e.ctx, pos[1])
		if err != nil {
			return err
		}
		path, err := gr.ShortestPath(e.ctx, from.ID.String(), to.ID.String(), *maxDepth)
		if err != nil {
			return err
		}
		titles := make([]string, len(path))
		for i, n := range path {
			titles[i] = n.Title
		}
		if e.json {
			return e.writeJSON(map[string]any{"path": titles, "nodes": nodesJSON(path)})
		}
		if len(path) == 0 {
			_, err := fmt.Fprintf(e.stdout, "no path within %d hops\n", *maxDepth)
			return err
		}
		_, err = fmt.Fprintln(e.stdout, strings.Join(titles, " → "))
		return err
	case "stats":
		st, err := gr.Stats(e.ctx)
		if err != nil {
			return err
		}
		return e.print(map[string]int{"nodes": st.Nodes, "edges": st.Edges, "orphans": st.Orphans, "clusters": st.Clusters},
			"nodes %d\nedges %d\norphans %d\nclusters %d\n", st.Nodes, st.Edges, st.Orphans, st.Clusters)
	case "orphans", "hubs":
		var ns []backend.GraphNode
		if sub == "orphans" {
			ns, err = gr.Orphans(e.ctx, listLimit)
		} else {
			ns, err = gr.Hubs(e.ctx, listLimit)
		}
		if err != nil {
			return err
		}
		if e.json {
			return e.writeJSON(map[string]any{sub: nodesJSON(ns)})
		}
		for _, n := range ns {
			fmt.Fprintf(e.stdout, "%s\t%d\n", n.Title, n.Degree)
		}
		return nil
	case "clusters":
		cs, err := gr.Clusters(e.ctx, listLimit)
		if err != nil {
			return err
		}
		out := make([]clusterJSON, len(cs))
		for i, c := range cs {
			out[i] = clusterJSON{ID: c.ID, Size: c.Size, Nodes: nodesJSON(c.Nodes)}
		}
		if e.json {
			return e.writeJSON(map[string]any{"clusters": out})
		}
		for _, c := range cs {
			titles := make([]string, len(c.Nodes))
			for i, n := range c.Nodes {
				titles[i] = n.Title
			}
			fmt.Fprintf(e.stdout, "%d\t%d notes\t%s\n", c.ID, c.Size, strings.Join(titles, ", "))
		}
		return nil
	}
	return nil
}

// pickGraph returns the graph a --graph flag names: "" the stack's (Neo4j
// when configured), "sql" the SQL graph over the store, "neo4j" the
// stack's when Neo4j is configured.
func (e *env) pickGraph(which string) (backend.Graph, error) {
	switch which {
	case "sql":
		return e.stack.SQLGraph(), nil
	case "neo4j":
		if e.cfg.Neo4j.URI == "" {
			return nil, backend.Errorf(backend.EINVALID, "Neo4j is not configured; set SECONDBRAIN_NEO4J_URI or use --graph sql")
		}
	}
	if e.stack.Graph == nil {
		return e.stack.SQLGraph(), nil
	}
	if e.stack.Neo4jProjector() != nil {
		// Answer from a current projection: apply what was written since.
		if err := e.stack.CatchUpGraph(e.ctx); err != nil {
			if which == "neo4j" {
				return nil, err
			}
			e.log.Warn("neo4j projection behind; answering from PostgreSQL", "err", err)
			return e.stack.SQLGraph(), nil
		}
	}
	return e.stack.Graph, nil
}
