package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"github.com/google/uuid"
)

// VaultDeletion is a file deleted outside the app as part of a mass
// deletion: its note stays until the user confirms or restores.
type VaultDeletion struct {
	ent.Schema
}

// Fields of the VaultDeletion.
func (VaultDeletion) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").StorageKey("path").NotEmpty().Immutable().
			Comment("the missing file's path relative to the folder"),
		field.UUID("note_id", uuid.UUID{}),
		field.Time("detected_at").Default(time.Now),
	}
}
