package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
)

// The timeline tables are a projection of the event log kept by
// backend/timeline with plain SQL (it is rebuilt by dropping their rows and
// replaying the log); the Ent types exist for the migrations.

// TimelineEvent is one note event of the log as the timeline counts it:
// its activity time, the note's folder, type and tags then, and the words
// the change added and removed. Keyed by the event's seq, so applying an
// event twice changes nothing.
type TimelineEvent struct {
	ent.Schema
}

// Fields of the TimelineEvent.
func (TimelineEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("id").StorageKey("seq").Immutable().
			Comment("the event's seq in the log"),
		field.Time("at").Default(time.Now).
			Comment("when the change happened: the event's time, or an imported file's modification time"),
		field.UUID("note_id", uuid.UUID{}),
		field.String("kind").NotEmpty().
			Comment("created, edited, renamed, trashed, restored or deleted"),
		field.String("origin").Default(""),
		field.Int("version").Default(0),
		field.String("title").Default(""),
		field.String("path").Default(""),
		field.String("folder").Default("").
			Comment("the note's folder after the change, \"\" for the vault's root"),
		field.String("note_type").Default(""),
		field.Strings("tags").Optional().
			SchemaType(map[string]string{dialect.Postgres: "text[]"}).
			Comment("the note's lower-cased tags after the change"),
		field.Int("words_added").Default(0),
		field.Int("words_removed").Default(0),
	}
}

// Indexes of the TimelineEvent.
func (TimelineEvent) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("at").Annotations(entsql.IndexType("BRIN")),
		index.Fields("note_id", "id"),
	}
}

// TimelineMinute is the activity of one note in one minute: the rollup the
// timeline's queries read, summed to hours, days, weeks and months in the
// user's time zone.
type TimelineMinute struct {
	ent.Schema
}

// Fields of the TimelineMinute.
func (TimelineMinute) Fields() []ent.Field {
	return []ent.Field{
		field.Time("minute").Comment("the minute's start (UTC)"),
		field.UUID("note_id", uuid.UUID{}),
		field.String("folder").Default(""),
		field.String("note_type").Default(""),
		field.Strings("tags").Optional().
			SchemaType(map[string]string{dialect.Postgres: "text[]"}),
		field.Int("created").Default(0),
		field.Int("edited").Default(0),
		field.Int("renamed").Default(0),
		field.Int("trashed").Default(0),
		field.Int("restored").Default(0),
		field.Int("words_added").Default(0),
		field.Int("words_removed").Default(0),
	}
}

// Indexes of the TimelineMinute.
func (TimelineMinute) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("minute", "note_id").Unique(),
		index.Fields("minute").Annotations(entsql.IndexType("BRIN")).StorageKey("timelineminute_minute_brin"),
	}
}

// TimelineDate is a date written inside a live note: the date of a daily
// note, a date-valued front-matter property, a task's date.
type TimelineDate struct {
	ent.Schema
}

// Fields of the TimelineDate.
func (TimelineDate) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("note_id", uuid.UUID{}),
		field.String("kind").NotEmpty().
			Comment("daily, property or task"),
		field.Time("date").SchemaType(map[string]string{dialect.Postgres: "date"}),
		field.String("detail").Default("").
			Comment("the property's key or the task's text"),
	}
}

// Indexes of the TimelineDate.
func (TimelineDate) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("date"),
		index.Fields("note_id"),
	}
}

// TimelineDay is the activity of one local calendar day in the zone the
// day rollup is kept for (TimelineDayZone): the sums of the day's minute
// rows and the distinct notes changed that day. A year by day reads 365
// of these rows instead of every note's minutes.
type TimelineDay struct {
	ent.Schema
}

// Fields of the TimelineDay.
func (TimelineDay) Fields() []ent.Field {
	return []ent.Field{
		field.Time("day").SchemaType(map[string]string{dialect.Postgres: "date"}).
			Comment("the local calendar day"),
		field.Int("created").Default(0),
		field.Int("edited").Default(0),
		field.Int("renamed").Default(0),
		field.Int("trashed").Default(0),
		field.Int("restored").Default(0),
		field.Int("words_added").Default(0),
		field.Int("words_removed").Default(0),
		field.Int("notes").Default(0).
			Comment("distinct notes changed on the day: the rows of timeline_day_notes"),
	}
}

// Indexes of the TimelineDay.
func (TimelineDay) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("day").Unique(),
	}
}

// TimelineDayNote says a note changed on a local day: inserting the pair
// when it is new is how the day rollup counts each note once per day.
type TimelineDayNote struct {
	ent.Schema
}

// Fields of the TimelineDayNote.
func (TimelineDayNote) Fields() []ent.Field {
	return []ent.Field{
		field.Time("day").SchemaType(map[string]string{dialect.Postgres: "date"}),
		field.UUID("note_id", uuid.UUID{}),
	}
}

// Indexes of the TimelineDayNote.
func (TimelineDayNote) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("day", "note_id").Unique(),
	}
}

// TimelineDayZone is the time zone (IANA name) the day rollup is kept in:
// the configured timeline zone when it was last built. At most one row;
// the rollup is rebuilt from the minute rows when the setting changes.
type TimelineDayZone struct {
	ent.Schema
}

// Fields of the TimelineDayZone.
func (TimelineDayZone) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").StorageKey("zone").NotEmpty().Immutable(),
	}
}
