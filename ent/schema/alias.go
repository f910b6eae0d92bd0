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

// Alias is another name of a note (front-matter aliases, title): links
// written with it resolve to the note, as in Obsidian.
type Alias struct {
	ent.Schema
}

// Annotations names the table's checks.
func (Alias) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Table("aliases"),
		entsql.Checks(map[string]string{
			"alias_name_key_lower": "name_key = lower(name)",
		}),
	}
}

// Fields of the Alias.
func (Alias) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("id", uuid.UUID{}).Default(uuid.New).Immutable(),
		field.UUID("note_id", uuid.UUID{}),
		field.String("name").NotEmpty(),
		field.String("name_key").NotEmpty(),
	}
}

// Edges of the Alias.
func (Alias) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("note", Note.Type).Ref("aliases").Field("note_id").Unique().Required(),
	}
}

// Indexes of the Alias.
func (Alias) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("name_key"),
		index.Fields("note_id", "name_key").Unique(),
	}
}
