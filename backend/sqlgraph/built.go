package sqlgraph

// WalkIndexBuilt says whether the walk index enabled by EnableWalkIndex
// is built, so that walks run in memory.
func (g *Graph) WalkIndexBuilt() bool { return g.shared.walk.Built() }
