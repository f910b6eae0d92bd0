package titleindex

// SetCompactMin sets how many dead slots make the index compact, for a
// test to reach it with a few edits.
func SetCompactMin(n int) { compactMin = n }

// Compactions is how often x renumbered its slots since it was built.
func Compactions(x *Index) int {
	n := -1
	x.mirror.Use(func(t *titles) (bool, error) {
		n = t.compactions
		return false, nil
	})
	return n
}
