package timeline

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"secondbrain/backend/markdown"
)

// Kinds of dates inside notes.
const (
	DateDaily    = "daily"    // the note is the daily note of the date (by its title)
	DateProperty = "property" // a front-matter property holds the date
	DateTask     = "task"     // a task names the date (due, scheduled, 📅)
)

// NoteDate is a date written inside a note.
type NoteDate struct {
	Kind string
	Date time.Time // midnight UTC of the calendar date
	// Detail is the property's key or the task's text.
	Detail string
}

var (
	dailyTitle = regexp.MustCompile(`^(\d{4})[-_.](\d{2})[-_.](\d{2})$`)
	isoDate    = regexp.MustCompile(`(?:^|[^\d])(\d{4})-(\d{2})-(\d{2})(?:$|[^\d])`)
	isoPrefix  = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})(?:$|[T ]\d{2}:\d{2})`)
)

// NoteDates returns the dates inside a note: its title's date for a daily
// note, front-matter properties whose value is an ISO date (or a list of
// them), and the ISO dates of its tasks; each once per kind and detail,
// sorted.
func NoteDates(title, body string) []NoteDate {
	var out []NoteDate
	seen := map[string]bool{}
	add := func(kind string, d time.Time, detail string) {
		k := fmt.Sprint(kind, d, detail)
		if !seen[k] {
			seen[k] = true
			out = append(out, NoteDate{Kind: kind, Date: d, Detail: detail})
		}
	}
	if m := dailyTitle.FindStringSubmatch(strings.TrimSpace(title)); m != nil {
		if d, ok := calendarDate(m[1], m[2], m[3]); ok {
			add(DateDaily, d, "")
		}
	}
	if !strings.Contains(body, "-") && !strings.Contains(body, "📅") {
		sortDates(out)
		return out
	}
	doc := markdown.Parse([]byte(body))
	for key, v := range doc.Properties {
		for _, d := range propertyDates(v) {
			add(DateProperty, d, key)
		}
	}
	for _, t := range doc.Tasks {
		for _, m := range isoDate.FindAllStringSubmatch(t.Text, -1) {
			if d, ok := calendarDate(m[1], m[2], m[3]); ok {
				add(DateTask, d, t.Text)
			}
		}
	}
	sortDates(out)
	return out
}

// propertyDates returns the dates a property value holds: a date (YAML
// may have parsed it), an ISO date or date-time string, or a list of them.
func propertyDates(v any) []time.Time {
	switch x := v.(type) {
	case time.Time:
		return []time.Time{time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC)}
	case string:
		if m := isoPrefix.FindStringSubmatch(strings.TrimSpace(x)); m != nil {
			if d, ok := calendarDate(m[1], m[2], m[3]); ok {
				return []time.Time{d}
			}
		}
	case []any:
		var out []time.Time
		for _, e := range x {
			out = append(out, propertyDates(e)...)
		}
		return out
	}
	return nil
}

// calendarDate parses a year, month and day, refusing dates that do not
// exist (2026-02-30).
func calendarDate(y, m, d string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, y+"-"+m+"-"+d)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

func sortDates(ds []NoteDate) {
	sort.Slice(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if !a.Date.Equal(b.Date) {
			return a.Date.Before(b.Date)
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Detail < b.Detail
	})
}
