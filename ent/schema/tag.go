package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"github.com/google/uuid"
)

// Tag is a #tag, case-insensitive; nested tags keep their slashes ("a/b").
type Tag struct {
	ent.Schema
}

// Annotations names the table's checks.
func (Tag) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			"tag_name_lower": "name = lower(name)",
		}),
	}
}

// Fields of the Tag.
func (Tag) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("id", uuid.UUID{}).Default(uuid.New).Immutable(),
		field.String("name").NotEmpty().Unique().
			Comment("lower-cased, without the leading #"),
	}
}

// Edges of the Tag.
func (Tag) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("notes", Note.Type).Ref("tags").Through("tag_notes", NoteTag.Type),
	}
}
