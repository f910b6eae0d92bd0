package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
)

// VaultIssue is a file of the attached folder the mirror cannot sync
// (invalid UTF-8, too large, a name Windows refuses…), with why.
type VaultIssue struct {
	ent.Schema
}

// Fields of the VaultIssue.
func (VaultIssue) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").StorageKey("path").NotEmpty().Immutable().
			Comment("the file's path relative to the folder"),
		field.Text("message"),
		field.Time("updated_at").Default(time.Now),
	}
}
