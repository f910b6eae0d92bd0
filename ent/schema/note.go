package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
)

// Note holds one Markdown note. Its title is the file name without ".md";
// path is where it lives inside the vault. Version increases by one on every
// change and is the optimistic-concurrency token.
type Note struct {
	ent.Schema
}

// Annotations names the table's checks.
func (Note) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			"note_version_positive": "version > 0",
			"note_title_not_blank":  "btrim(title) <> ''",
			"note_path_key_lower":   "path_key = lower(path)",
			"note_title_key_lower":  "title_key = lower(title)",
		}),
	}
}

// Fields of the Note.
func (Note) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("id", uuid.UUID{}).Default(uuid.New).Immutable(),
		field.String("title").NotEmpty().
			Comment("file name without .md"),
		field.String("title_key").NotEmpty().
			Comment("lower(title): links resolve by it"),
		field.String("path").NotEmpty().
			Comment("path inside the vault, with / separators, ending in .md"),
		field.String("path_key").NotEmpty().
			Comment("lower(path): live notes are unique by it"),
		field.Text("body").Default("").
			SchemaType(map[string]string{dialect.Postgres: "text"}),
		field.String("content_hash").Default("").
			Comment("hex SHA-256 of body"),
		field.Int("version").Default(1).Positive(),
		field.String("note_type").Default("").
			Comment("the front-matter type (person, idea, project…), \"\" for a plain note"),
		field.Time("created_at").Default(time.Now).Immutable(),
		field.Time("updated_at").Default(time.Now),
		field.Time("trashed_at").Optional().Nillable(),
	}
}

// Edges of the Note.
func (Note) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("tags", Tag.Type).Through("note_tags", NoteTag.Type),
		edge.To("links", Link.Type).
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("backlinks", Link.Type).
			Annotations(entsql.OnDelete(entsql.SetNull)),
		edge.To("properties", Property.Type).
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("aliases", Alias.Type).
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the Note.
func (Note) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("path_key").Unique().
			Annotations(entsql.IndexWhere("trashed_at IS NULL")).
			StorageKey("note_live_path_key"),
		index.Fields("updated_at"),
		index.Fields("title_key"),
		// The trashed notes' ids, usually few: the graph (backend/sqlgraph)
		// reads them once per statement into a hash to tell live links,
		// instead of probing every link's notes.
		index.Fields("id").
			Annotations(entsql.IndexWhere("trashed_at IS NOT NULL")).
			StorageKey("note_trashed_id"),
	}
}
