package backend

import (
	"context"
	"time"

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

// NoteWrite is one note of an import batch, written by path.
type NoteWrite struct {
	Title   string
	Path    string
	Body    string
	Derived Derived
	// KeepExisting leaves a live note that holds the path (case-insensitively)
	// with other text as it is: nothing is written and the outcome is
	// WriteExists. Without it, that note's text is replaced.
	KeepExisting bool
	// CreatedAt and UpdatedAt are the note's times when the write creates
	// it (UpdatedAt alone when it replaces its text), such as a file's
	// modification time; zero means the time of the write. The event of
	// the write keeps the time it was written, and records these in its
	// payload (created_at, updated_at).
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Write outcomes of an import batch.
const (
	WriteCreated   = "created"
	WriteUpdated   = "updated"
	WriteUnchanged = "unchanged"
	// WriteExists: a NoteWrite with KeepExisting found a live note with
	// other text at its path and wrote nothing.
	WriteExists = "exists"
)

// WriteOutcome says what an import batch did with one note. Path is the
// note's path; for WriteExists, the path of the note already there.
type WriteOutcome struct {
	Path    string
	ID      uuid.UUID
	Action  string
	Version int
}

// AttachmentWrite is the metadata of one attachment whose bytes are already
// stored by content hash.
type AttachmentWrite struct {
	Path        string
	MimeType    string
	Size        int64
	ContentHash string
}

// Attachment is an attachment's metadata.
type Attachment struct {
	ID          uuid.UUID
	Path        string
	MimeType    string
	Size        int64
	ContentHash string
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

// SettingStore keeps user settings with the data, as JSON values.
type SettingStore interface {
	// Setting returns a setting's JSON value and whether it is set.
	Setting(ctx context.Context, key string) (string, bool, error)
	// PutSetting stores a setting's JSON value.
	PutSetting(ctx context.Context, key, jsonValue string) error
}

// ResolvedLink is an outgoing link with its resolution.
type ResolvedLink struct {
	LinkRef
	TargetID     uuid.UUID
	TargetTitle  string
	AttachmentID uuid.UUID
}

// TagCount is a tag and how many live notes carry it.
type TagCount struct {
	Name  string
	Count int
}
