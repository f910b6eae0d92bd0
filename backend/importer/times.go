package importer

import (
	"encoding/json"
	"strings"
	"time"

	"secondbrain/backend"
)

// Front-matter keys whose dates a note's times come from, compared
// case-insensitively; the first of each list present and parsed wins.
var (
	createdKeys = []string{"created", "created_at", "date created", "creation date"}
	updatedKeys = []string{"updated", "updated_at", "modified", "last modified", "date modified"}
)

// dateLayouts are the date forms front matter is read in; those without a
// zone are local time.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02",
}

// noteTimes sets the write's times: the file's modification time, unless
// the front matter has a created or updated date (see createdKeys and
// updatedKeys). A note is never updated before it was created: a later
// creation date moves the update time up to it.
func noteTimes(w *backend.NoteWrite, modified time.Time) {
	w.CreatedAt, w.UpdatedAt = modified, modified
	created, okC := propertyTime(w.Derived.Properties, createdKeys)
	updated, okU := propertyTime(w.Derived.Properties, updatedKeys)
	if okC {
		w.CreatedAt = created
	}
	if okU {
		w.UpdatedAt = updated
	}
	if w.UpdatedAt.Before(w.CreatedAt) {
		if okU && !okC {
			w.CreatedAt = w.UpdatedAt // the file is older than the note says it was updated
		} else {
			w.UpdatedAt = w.CreatedAt
		}
	}
}

// propertyTime returns the date of the first of keys that the properties
// (JSON values) hold as a date.
func propertyTime(props map[string]string, keys []string) (time.Time, bool) {
	if len(props) == 0 {
		return time.Time{}, false
	}
	lower := make(map[string]string, len(props))
	for k, v := range props {
		lower[strings.ToLower(strings.TrimSpace(k))] = v
	}
	for _, k := range keys {
		raw, ok := lower[k]
		if !ok {
			continue
		}
		var s string
		if json.Unmarshal([]byte(raw), &s) != nil {
			continue // a number, a list: not a date
		}
		if t, ok := parseDate(s); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseDate reads s in one of dateLayouts.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		var t time.Time
		var err error
		if strings.Contains(l, "Z07") || strings.Contains(l, "-07") {
			t, err = time.Parse(l, s)
		} else {
			t, err = time.ParseInLocation(l, s, time.Local)
		}
		if err == nil && t.Year() >= 1 && t.Year() <= 9999 {
			return t, true
		}
	}
	return time.Time{}, false
}
