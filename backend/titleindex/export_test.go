package titleindex

// SetCompactMin sets how many dead slots make the index compact, for a
// test to reach it with a few edits.
func SetCompactMin(n int) { compactMin = n }

// Compactions is how often x renumbered its slots since it was built.
func Compactions(x *Index) int {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.ix == nil {
		return -1
	}
	return x.ix.compactions
}
