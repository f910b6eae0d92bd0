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
