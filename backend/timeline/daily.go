package timeline

import (
	"context"
	"time"

	"secondbrain/backend"
)

// maxDailyRange is the longest range of DailyNotes, in days.
const maxDailyRange = 400

// DailyNotes returns the live daily notes dated from from to to
// (YYYY-MM-DD, both included), newest first: what a calendar of daily
// notes marks. Returns EINVALID for a bad date, from after to, or a range
// over 400 days.
func (t *Timeline) DailyNotes(ctx context.Context, from, to string) ([]DatedNote, error) {
	lo, err := time.Parse(time.DateOnly, from)
	if err != nil {
		return nil, backend.Errorf(backend.EINVALID, "from %q is not a date (YYYY-MM-DD)", from)
	}
	hi, err := time.Parse(time.DateOnly, to)
	if err != nil {
		return nil, backend.Errorf(backend.EINVALID, "to %q is not a date (YYYY-MM-DD)", to)
	}
	if hi.Before(lo) {
		return nil, backend.Errorf(backend.EINVALID, "from %s is after to %s", from, to)
	}
	if hi.Sub(lo) > maxDailyRange*24*time.Hour {
		return nil, backend.Errorf(backend.EINVALID, "the range %s to %s is longer than %d days", from, to, maxDailyRange)
	}
	if _, err := t.Sync(ctx); err != nil {
		return nil, err
	}
	return t.dated(ctx, `d.kind = '`+DateDaily+`' AND d.date BETWEEN $1::date AND $2::date`, from, to)
}
