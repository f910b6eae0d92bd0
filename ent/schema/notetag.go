package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
)

// NoteTag is a tag on a note: the join table of Note.tags, declared so
// that it can carry an index by tag.
type NoteTag struct {
	ent.Schema
}

// Annotations make (note_id, tag_id) the primary key.
func (NoteTag) Annotations() []schema.Annotation {
	return []schema.Annotation{
		field.ID("note_id", "tag_id"),
	}
}

// Fields of the NoteTag.
func (NoteTag) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("note_id", uuid.UUID{}),
		field.UUID("tag_id", uuid.UUID{}),
	}
}

// Edges of the NoteTag.
func (NoteTag) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("note", Note.Type).Unique().Required().Field("note_id").
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("tag", Tag.Type).Unique().Required().Field("tag_id").
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the NoteTag.
func (NoteTag) Indexes() []ent.Index {
	return []ent.Index{
		// A tag's notes in note order (backend/sqlgraph): its degree, and
		// the first notes of a walk through it, by index-only scans.
		index.Fields("tag_id", "note_id").StorageKey("note_tag_tag"),
	}
}
