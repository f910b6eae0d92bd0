package backend

// Derived is what a note's Markdown says besides its text: links, tags,
// front-matter properties (values as JSON), aliases and type. The store
// keeps it in rows beside the note, replaced on every change of the body.
type Derived struct {
	Links      []LinkRef
	Tags       []string
	Properties map[string]string
	Aliases    []string
	Type       string
	// FrontMatterError says why the front matter is not valid YAML; the
	// note keeps it as written. Not stored.
	FrontMatterError string
}

// Deriver gives the Derived rows of a note's new body once the store knows
// the note's path (inside the transaction that saves it). A Derived is a
// Deriver that ignores the path; DeriveFunc adapts a function.
type Deriver interface {
	DeriveAt(path string) Derived
}

// DeriveAt returns d: its rows do not depend on the path.
func (d Derived) DeriveAt(string) Derived { return d }

// DeriveFunc is a Deriver computed from the note's path.
type DeriveFunc func(path string) Derived

// DeriveAt calls f.
func (f DeriveFunc) DeriveAt(path string) Derived { return f(path) }
