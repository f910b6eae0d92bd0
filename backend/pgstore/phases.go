package pgstore

import (
	"log/slog"
	"time"
)

// phases times the steps of one bulk operation, for a debug log line that
// says where its time went ("lock=3ms copy=40ms …").
type phases struct {
	start, last time.Time
	attrs       []any
}

func newPhases() *phases {
	t := time.Now()
	return &phases{start: t, last: t}
}

// mark ends the step named name.
func (p *phases) mark(name string) {
	if p == nil {
		return
	}
	t := time.Now()
	p.attrs = append(p.attrs, slog.Duration(name, t.Sub(p.last)))
	p.last = t
}

// set adds a value to the log line, such as a count.
func (p *phases) set(key string, v any) {
	if p != nil {
		p.attrs = append(p.attrs, slog.Any(key, v))
	}
}

// log writes the steps at debug level, with the total as dur.
func (p *phases) log(l *slog.Logger, msg string, args ...any) {
	args = append(args, "dur", time.Since(p.start))
	l.Debug(msg, append(args, p.attrs...)...)
}
