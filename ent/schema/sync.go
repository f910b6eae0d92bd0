package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
)

// SyncState is this device's place in device sync (backend/devicesync):
// at most one row, present once `sync setup` ran. The hub's DSN is kept in
// the config file and the vault key in a 0600 file of the data dir, never
// here.
type SyncState struct {
	ent.Schema
}

// Fields of the SyncState.
func (SyncState) Fields() []ent.Field {
	return []ent.Field{
		field.Int("id").Comment("always 1"),
		field.UUID("device_id", uuid.UUID{}),
		field.String("device_name"),
		field.String("token").Comment("the device's secret the hub knows the hash of"),
		field.String("hub").Default("").Comment("the hub's address without its password, for status"),
		field.Int64("pushed_event_seq").Default(0).
			Comment("push checkpoint: every local event up to it is in the outbox"),
		field.Int64("device_seq").Default(0).Comment("the last device seq given to a change"),
		field.Int64("pulled_seq").Default(0).Comment("every hub change up to it is replayed"),
		field.Int("pending_trash").Default(0).
			Comment("notes a pull would trash, waiting for confirmation (0 for none)"),
		field.Int64("trash_confirmed_seq").Default(0).
			Comment("the pulled seq up to which the user confirmed a mass trash"),
		field.Text("last_error").Default(""),
		field.Time("last_sync_at").Optional().Nillable(),
	}
}

// SyncChange is one hub change replayed on this device: its place, its
// raw state (a merge base for the device's later changes) and what replay
// did.
type SyncChange struct {
	ent.Schema
}

// Fields of the SyncChange.
func (SyncChange) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("id").StorageKey("seq").Comment("the hub's seq"),
		field.UUID("device", uuid.UUID{}),
		field.Int64("device_seq"),
		field.String("author").Default(""),
		field.UUID("note_id", uuid.UUID{}),
		field.String("kind"),
		field.String("outcome").Default(""),
		field.Bool("merged").Default(false),
		field.UUID("copy_id", uuid.UUID{}).Optional().Nillable(),
		field.Text("raw_title"),
		field.Text("raw_path"),
		field.Text("raw_body"),
		field.Bool("raw_trashed").Default(false),
	}
}

// Indexes of the SyncChange.
func (SyncChange) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("device", "device_seq").Unique(),
		index.Fields("note_id", "id"),
	}
}

// SyncCanon is a note's canonical state after a hub change: the merge
// base of changes made on top of it.
type SyncCanon struct {
	ent.Schema
}

// Fields of the SyncCanon.
func (SyncCanon) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("note_id", uuid.UUID{}),
		field.Int64("seq"),
		field.Text("title"),
		field.Text("path"),
		field.Text("body"),
		field.Bool("trashed").Default(false),
	}
}

// Indexes of the SyncCanon.
func (SyncCanon) Indexes() []ent.Index {
	return []ent.Index{index.Fields("note_id", "seq").Unique()}
}

// SyncNote is a note's current canonical state and how far this device
// wrote it into its own notes.
type SyncNote struct {
	ent.Schema
}

// Fields of the SyncNote.
func (SyncNote) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("id", uuid.UUID{}).StorageKey("note_id"),
		field.Int64("head_seq"),
		field.Text("path_key").Comment("lowercased path while live, empty in the trash"),
		field.Int64("written_seq").Default(0).
			Comment("the last hub change written to the local note"),
	}
}

// Indexes of the SyncNote.
func (SyncNote) Indexes() []ent.Index {
	return []ent.Index{index.Fields("path_key"), index.Fields("head_seq", "written_seq")}
}

// SyncVersion maps a local note version to the hub state it holds: the
// base of the next local change of the note.
type SyncVersion struct {
	ent.Schema
}

// Fields of the SyncVersion.
func (SyncVersion) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("note_id", uuid.UUID{}),
		field.Int("version"),
		field.Int64("base_canon").Default(0),
		field.UUID("base_device", uuid.UUID{}).Optional().Nillable(),
		field.Int64("base_device_seq").Default(0),
	}
}

// Indexes of the SyncVersion.
func (SyncVersion) Indexes() []ent.Index {
	return []ent.Index{index.Fields("note_id", "version").Unique()}
}

// SyncOutbox is a sealed change waiting to be pushed (or pushed and not
// yet pulled back): kept sealed so a resumed push sends the same bytes.
type SyncOutbox struct {
	ent.Schema
}

// Fields of the SyncOutbox.
func (SyncOutbox) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("id").StorageKey("device_seq"),
		field.UUID("note_id", uuid.UUID{}),
		field.Bytes("sealed"),
		field.Bool("pushed").Default(false),
	}
}
