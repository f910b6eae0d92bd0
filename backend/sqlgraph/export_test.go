package sqlgraph

// Indexed says whether g's walk index is built (walks run in it).
func Indexed(g *Graph) bool { return g.shared.walk.Built() }

// Uncapped returns a graph over g's database whose SQL walks fetch whole
// levels, as before walkStep: the reference the capped walk must match.
func Uncapped(g *Graph) *Graph {
	return &Graph{pool: g.pool, shared: &shared{walk: g.shared.walk, uncapped: true}}
}
