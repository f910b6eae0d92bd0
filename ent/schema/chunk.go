package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
)

// Chunk is one embedded piece of a note: a run of paragraphs under one
// heading, its text hash and its vector under one embedding model. The
// indexer derives chunks from the notes; they are never authoritative. A
// chunk whose text hash and model are unchanged keeps its vector, so it is
// never embedded twice. A chunk the model failed on keeps an empty vector
// and the reason in error, and is not retried until its note changes.
type Chunk struct {
	ent.Schema
}

// Annotations names the table's checks.
func (Chunk) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Checks(map[string]string{
			"chunk_ordinal_nonnegative": "ordinal >= 0",
			"chunk_vector_dim":          "length(vector) = 4 * dim",
		}),
	}
}

// Fields of the Chunk.
func (Chunk) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("id", uuid.UUID{}).Immutable().
			Comment("deterministic from note id, model and ordinal: the vector index's point id"),
		field.UUID("note_id", uuid.UUID{}).
			Comment("the note the chunk comes from; chunks of deleted or trashed notes are removed by the indexer"),
		field.Int("ordinal").
			Comment("position of the chunk in its note, from 0"),
		field.Int("note_version").Positive().
			Comment("the note version the chunk was cut from"),
		field.String("model").NotEmpty().
			Comment("embedding model id; vectors of different models are never compared"),
		field.String("text_hash").NotEmpty().
			Comment("hex SHA-256 of the embedded text"),
		field.Text("text").Default("").
			SchemaType(map[string]string{dialect.Postgres: "text"}).
			Comment("the embedded text, for snippets"),
		field.String("heading").Default("").
			Comment("the heading the chunk sits under, empty before the first"),
		field.Int("dim").Default(0).NonNegative().
			Comment("vector length, 0 for a chunk without a vector"),
		field.Bytes("vector").Default([]byte{}).
			Comment("dim little-endian float32 values of unit length"),
		field.Text("error").Default("").
			Comment("why the model failed on the chunk, empty otherwise; safe to show"),
		field.Time("updated_at").Default(time.Now),
	}
}

// Indexes of the Chunk.
func (Chunk) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("note_id", "model", "ordinal").Unique(),
		index.Fields("model", "text_hash"),
	}
}
