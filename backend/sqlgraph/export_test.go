package sqlgraph

// Indexed says whether g's walk index is built (walks run in it).
func Indexed(g *Graph) bool {
	g.shared.mu.Lock()
	defer g.shared.mu.Unlock()
	return g.shared.ix != nil
}
