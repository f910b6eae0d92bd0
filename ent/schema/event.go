package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
)

// Event is one entry of the append-only event log: every change writes exactly
// one, in the same transaction as its rows. Projections and history read it.
type Event struct {
	ent.Schema
}

// Fields of the Event.
func (Event) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("id").StorageKey("seq").Immutable().
			Comment("log position, assigned by the database"),
		field.Time("time").Default(time.Now).Immutable(),
		field.String("kind").NotEmpty().Immutable(),
		field.UUID("note_id", uuid.UUID{}).Optional().Nillable().Immutable().
			Comment("the note the event is about, kept after the note is deleted"),
		field.String("origin").Default("").Immutable().
			Comment("who made the change: empty for the user (app, CLI, import), agent:NAME for an MCP client"),
		field.JSON("payload", map[string]any{}).
			SchemaType(map[string]string{dialect.Postgres: "jsonb"}),
	}
}

// Indexes of the Event.
func (Event) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("note_id", "id"),
		index.Fields("kind"),
		index.Fields("origin", "id"),
	}
}
