package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
)

// Projection is the checkpoint of one derived projection of the event log
// (the Neo4j knowledge graph, the vector index…): every event up to Seq has
// been applied to it. The projector updates the row in the same transaction
// that records its last error, and holds a lock on it while it works, so two
// processes never project the same log at once.
type Projection struct {
	ent.Schema
}

// Fields of the Projection.
func (Projection) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").StorageKey("name").NotEmpty().Immutable().
			Comment("the projection's name, e.g. neo4j"),
		field.Int64("seq").Default(0).
			Comment("every event with a seq up to this one is applied"),
		field.Text("last_error").Default("").
			Comment("why the last attempt failed, empty after a success; safe to show"),
		field.Time("updated_at").Default(time.Now).
			Comment("when the projector last recorded progress or an error"),
	}
}
