package backend

import (
	"context"

	"github.com/google/uuid"
)

// Link kinds, as stored.
const (
	LinkWiki     = "wikilink"
	LinkEmbed    = "embed"
	LinkMarkdown = "markdown"
	// LinkProperty is a front-matter value that is a link; Rel names the relation.
	LinkProperty = "property"
)

// LinkRef is one link occurrence parsed from a note's body.
type LinkRef struct {
	// Target is the target as written, without alias and anchor.
	Target string
	// TargetKey is what resolution matches: the vault-relative target,
	// lower-cased, without ".md". Empty for a link that leaves the vault.
	TargetKey string
	Anchor    string
	Alias     string
	Kind      string
	// Rel is the relation type of a property link (AUTHOR for author:), "" otherwise.
	Rel string
	// Position is the byte offset of the link in the body.
	Position int
}

// Backlink is a link from another note to this one.
type Backlink struct {
	SourceID    uuid.UUID
	SourceTitle string
	SourcePath  string
	// Context is the line of the source around the link.
	Context  string
	Position int
}

// Mention is a note that names another note's title in plain text without linking it.
type Mention struct {
	SourceID    uuid.UUID
	SourceTitle string
	SourcePath  string
	Context     string
}

// UnresolvedLink is a link whose target no note (or attachment) matches.
type UnresolvedLink struct {
	SourceID   uuid.UUID
	SourcePath string
	Target     string
}

// LinkStats counts link occurrences in bodies (wikilinks, embeds and
// Markdown links to notes and attachments, outside code; not property
// links) and the unresolved ones among them.
type LinkStats struct {
	Links      int
	Unresolved int
}

// LinkReport is what the links of some notes came to: how many there are
// and how many are unresolved, and the unresolved ones, the embeds among
// them apart (![[image.png]] whose file is missing).
type LinkReport struct {
	LinkStats
	UnresolvedList []UnresolvedLink
	MissingEmbeds  []UnresolvedLink
}

// LinkStore keeps the links, tags, properties and aliases derived from notes
// and resolves links to notes.
type LinkStore interface {
	// Backlinks returns the links into a note, by source path.
	Backlinks(ctx context.Context, id uuid.UUID) ([]Backlink, error)
	// OutgoingLinks returns a note's links in body order, with the resolved
	// note id (uuid.Nil when unresolved).
	OutgoingLinks(ctx context.Context, id uuid.UUID) ([]ResolvedLink, error)
	// MentionCandidates returns live notes other than id whose body contains
	// text (case-insensitively), at most limit.
	MentionCandidates(ctx context.Context, id uuid.UUID, text string, limit int) ([]*Note, error)
	// WriteNotes creates or updates a batch of notes by path in one
	// transaction (unchanged bodies are skipped), with their derived rows and
	// one event per changed note. Links are resolved by ResolveLinks.
	WriteNotes(ctx context.Context, batch []NoteWrite) ([]WriteOutcome, error)
	// ResolveLinks resolves every unresolved link that a live note or an
	// attachment now matches, and returns the totals.
	ResolveLinks(ctx context.Context) (LinkStats, error)
	// Unresolved lists up to limit unresolved links, by source path.
	Unresolved(ctx context.Context, limit int) ([]UnresolvedLink, error)
	// LinksOf reports on the links of the live notes ids: their counts,
	// and up to limit of their unresolved links and of their unresolved
	// embeds, by source path.
	LinksOf(ctx context.Context, ids []uuid.UUID, limit int) (LinkReport, error)
	// PutAttachment records an attachment's metadata by path (replacing an
	// older one at the same path, case-insensitively).
	PutAttachment(ctx context.Context, a AttachmentWrite) (*Attachment, error)
	// Attachments lists every attachment.
	Attachments(ctx context.Context) ([]Attachment, error)
	// Tags lists every tag with its note count, most used first.
	Tags(ctx context.Context) ([]TagCount, error)
	// NotesForExport calls fn for every live note with its body, in path order.
	NotesForExport(ctx context.Context, fn func(*Note) error) error
}

// ResolvedLink is an outgoing link with its resolution.
type ResolvedLink struct {
	LinkRef
	TargetID     uuid.UUID
	TargetTitle  string
	AttachmentID uuid.UUID
}
