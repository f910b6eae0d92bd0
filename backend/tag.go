package backend

// TagCount is a tag and how many live notes carry it.
type TagCount struct {
	Name  string
	Count int
}
