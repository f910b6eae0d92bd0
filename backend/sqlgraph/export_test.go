package sqlgraph

// Indexed says whether g's walk index is built (walks run in it).
func Indexed(g *Graph) bool { return g.shared.walk.Built() }
