package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"github.com/google/uuid"
)

// VaultFolder is the folder of Markdown files the vault is mirrored to: at
// most one row, present while a folder is attached.
type VaultFolder struct {
	ent.Schema
}

// Fields of the VaultFolder.
func (VaultFolder) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("id", uuid.UUID{}).Default(uuid.New).Immutable().
			Comment("the vault's id, also written to the folder's .secondbrain-vault marker"),
		field.Text("path").NotEmpty().
			Comment("the folder's absolute path"),
		field.Time("attached_at").Default(time.Now).Immutable(),
		field.Int64("seq").Default(0).
			Comment("checkpoint of the database → folder projection: every event up to it is written"),
		field.Text("last_error").Default("").
			Comment("why the last pass failed, empty after a success"),
	}
}
