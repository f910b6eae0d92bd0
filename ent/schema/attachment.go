package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
)

// Attachment is a non-Markdown file of the vault (image, PDF…). Its bytes
// live in the data dir, stored by content hash; this row keeps the metadata.
type Attachment struct {
	ent.Schema
}

// Annotations names the table's checks.
func (Attachment) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			"attachment_size_nonnegative": "size >= 0",
			"attachment_path_key_lower":   "path_key = lower(path)",
		}),
	}
}

// Fields of the Attachment.
func (Attachment) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("id", uuid.UUID{}).Default(uuid.New).Immutable(),
		field.String("path").NotEmpty().
			Comment("path inside the vault"),
		field.String("path_key").NotEmpty().Unique(),
		field.String("name_key").NotEmpty().
			Comment("lower-cased file name: links by bare name resolve by it"),
		field.String("mime_type").Default("application/octet-stream"),
		field.Int64("size"),
		field.String("content_hash").NotEmpty().
			Comment("hex SHA-256 of the bytes; also the blob's file name"),
		field.Time("created_at").Default(time.Now).Immutable(),
		field.Time("updated_at").Default(time.Now),
	}
}

// Edges of the Attachment.
func (Attachment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("links", Link.Type).
			Annotations(entsql.OnDelete(entsql.SetNull)),
	}
}

// Indexes of the Attachment.
func (Attachment) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("content_hash"),
		index.Fields("name_key"),
	}
}
