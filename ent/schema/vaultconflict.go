package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
)

// VaultConflict is an edit that overlapped an edit of its note: from the
// vault folder (source "folder": the note kept the database's text, the
// file's text is here and in a conflict copy next to the note's file) or
// from another device (source "device:NAME": the other device's text is
// here and in the conflict copy note copy_note_id). One list, one set of
// resolve actions.
type VaultConflict struct {
	ent.Schema
}

// Fields of the VaultConflict.
func (VaultConflict) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("id", uuid.UUID{}).Default(uuid.New).Immutable(),
		field.UUID("note_id", uuid.UUID{}),
		field.String("path").Comment("the note's file"),
		field.String("conflict_path").Comment("the conflict copy holding the file's text"),
		field.Int("base_version").Comment("the version both sides started from"),
		field.Int("note_version").Comment("the note's version when the conflict was found"),
		field.Text("file_text"),
		field.Time("created_at").Default(time.Now).Immutable(),
		field.Time("resolved_at").Optional().Nillable(),
		field.String("source").Default("folder").
			Comment(`"folder", or "device:NAME" for device sync`),
		field.UUID("copy_note_id", uuid.UUID{}).Optional().Nillable().
			Comment("device sync: the conflict copy note holding the other text"),
	}
}

// Indexes of the VaultConflict.
func (VaultConflict) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("note_id"),
		index.Fields("conflict_path"),
	}
}
