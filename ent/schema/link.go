package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
)

// Link is one link occurrence in a note's body: the target as written and,
// once resolved, the note it points at. Unresolved links keep target_id null
// and resolve when a matching note appears.
type Link struct {
	ent.Schema
}

// Fields of the Link.
func (Link) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("id", uuid.UUID{}).Default(uuid.New).Immutable(),
		field.UUID("source_id", uuid.UUID{}),
		field.String("target").
			Comment("the target as written, without alias or heading"),
		field.String("target_key").
			Comment("lower-cased target without .md: what resolution matches"),
		field.UUID("target_id", uuid.UUID{}).Optional().Nillable(),
		field.UUID("attachment_id", uuid.UUID{}).Optional().Nillable().
			Comment("set when the target is an attachment of the vault"),
		field.String("alias").Default("").
			Comment("display text after |"),
		field.Enum("kind").Values("wikilink", "embed", "markdown", "property").Default("wikilink").
			Comment("property: a front-matter value that is a link (author: [[Ada]])"),
		field.String("rel").Default("").
			Comment("relation type of a property link, e.g. AUTHOR"),
		field.String("anchor").Default("").
			Comment("heading or ^block-id after #"),
		field.Int("position").Default(0).NonNegative().
			Comment("byte offset in the body"),
	}
}

// Edges of the Link.
func (Link) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("source", Note.Type).Ref("links").Field("source_id").Unique().Required(),
		edge.From("target_note", Note.Type).Ref("backlinks").Field("target_id").Unique(),
		edge.From("attachment", Attachment.Type).Ref("links").Field("attachment_id").Unique(),
	}
}

// Indexes of the Link.
func (Link) Indexes() []ent.Index {
	return []ent.Index{
		// Covering indexes for the graph (backend/sqlgraph): a note's
		// links out and in, with what says whether a link is an edge and
		// of which type, read by index-only scans in (source, target)
		// order, so a walk level stops after the neighbours it needs.
		index.Fields("source_id", "target_id").
			Annotations(entsql.IncludeColumns("kind", "rel", "attachment_id", "target_key")).
			StorageKey("link_source_cover"),
		index.Fields("target_id", "source_id").
			Annotations(entsql.IncludeColumns("kind", "rel", "attachment_id")).
			StorageKey("link_target_cover"),
		index.Fields("target_key"),
	}
}
