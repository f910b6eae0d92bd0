package vectorcache

// SetRewriteAt changes how many touched notes make a load rewrite the file
// (and a fourth of the points at least, read everything again) until the
// returned func restores it.
func SetRewriteAt(n int) (restore func()) {
	old := rewriteAt
	rewriteAt = n
	return func() { rewriteAt = old }
}
