package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
)

// VaultFile is one Markdown file of the attached folder as the mirror last
// wrote or read it: what a rescan compares the disk with.
type VaultFile struct {
	ent.Schema
}

// Fields of the VaultFile.
func (VaultFile) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").StorageKey("path").NotEmpty().Immutable().
			Comment("the file's path relative to the folder, with /"),
		field.UUID("note_id", uuid.UUID{}),
		field.Int("base_version").
			Comment("the note version the file was last written from or read as"),
		field.Text("base_text").Optional().Nillable().
			Comment("the text the file was last read as, when no note version holds it (a merge the file outran); the next merge's base"),
		field.String("hash").
			Comment("SHA-256 of the file's bytes, hex"),
		field.Int64("size"),
		field.Int64("mtime_ns").Comment("modification time, Unix nanoseconds"),
		field.Uint64("inode").Default(0),
	}
}

// Indexes of the VaultFile.
func (VaultFile) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("note_id"),
		index.Fields("hash"),
	}
}
