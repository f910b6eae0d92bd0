package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
)

// Setting is one user setting kept with the data (daily-note folder and
// template, rename behaviour…), as JSON.
type Setting struct {
	ent.Schema
}

// Fields of the Setting.
func (Setting) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").StorageKey("key").NotEmpty().Immutable(),
		field.Text("value").Default("null").
			Comment("the value encoded as JSON"),
		field.Time("updated_at").Default(time.Now),
	}
}
