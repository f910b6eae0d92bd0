package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
)

// Property is one front-matter key of a note with its value as JSON text
// (strings, numbers, lists and maps keep their shape).
type Property struct {
	ent.Schema
}

// Fields of the Property.
func (Property) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("id", uuid.UUID{}).Default(uuid.New).Immutable(),
		field.UUID("note_id", uuid.UUID{}),
		field.String("key").NotEmpty(),
		field.Text("value").Default("").
			Comment("the value encoded as JSON"),
	}
}

// Edges of the Property.
func (Property) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("note", Note.Type).Ref("properties").Field("note_id").Unique().Required(),
	}
}

// Indexes of the Property.
func (Property) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("note_id", "key").Unique(),
		index.Fields("key"),
	}
}
