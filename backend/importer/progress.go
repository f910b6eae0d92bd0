package importer

import (
	"sync"
	"time"
)

// throttle calls fn at most every 100 ms, plus forced reports.
type throttle struct {
	fn   func(Progress)
	mu   sync.Mutex
	last time.Time
}

func newThrottle(fn func(Progress)) *throttle { return &throttle{fn: fn} }

func (t *throttle) report(p Progress, force bool) {
	if t.fn == nil {
		return
	}
	t.mu.Lock()
	now := time.Now()
	if !force && now.Sub(t.last) < 100*time.Millisecond {
		t.mu.Unlock()
		return
	}
	t.last = now
	t.mu.Unlock()
	t.fn(p)
}
