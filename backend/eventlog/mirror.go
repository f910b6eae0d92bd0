package eventlog

import (
	"context"
	"sync"
)

// Mirror holds an in-memory copy of some tables (a *T), built in the
// background once enabled and then used by calls that bring it up to their
// own snapshot first (with a Cursor). Until it is built, and while it is
// built again after a call dropped it, callers answer from the tables
// instead. It is safe for concurrent use; calls using the copy take turns.
type Mirror[T any] struct {
	load func(ctx context.Context) (*T, error)

	mu       sync.Mutex
	v        *T              // nil until built, and after a call dropped it
	ctx      context.Context // non-nil once enabled: bounds background builds
	building bool            // a background build runs
}

// NewMirror returns a mirror that builds its copy with load (in a
// transaction of load's own; it must not call the mirror).
func NewMirror[T any](load func(ctx context.Context) (*T, error)) *Mirror[T] {
	return &Mirror[T]{load: load}
}

// Enable starts building the copy in the background. ctx bounds the
// builds: once it is done no more start, and Use finds no copy whenever
// the copy is gone.
func (m *Mirror[T]) Enable(ctx context.Context) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ctx == nil {
		m.ctx = ctx
	}
	m.startBuild()
}

// Build is Enable that waits for the copy to be built and returns the
// build's error, if any.
func (m *Mirror[T]) Build(ctx context.Context) error {
	m.mu.Lock()
	if m.ctx == nil {
		m.ctx = ctx
	}
	built := m.v != nil
	m.mu.Unlock()
	if built {
		return nil
	}
	return m.build(ctx)
}

// Built says whether there is a copy now.
func (m *Mirror[T]) Built() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.v != nil
}

// Use runs fn with the copy, holding the mirror's lock, and says whether
// it did: it does not when there is no copy (then a build is started, if
// enabled). fn returns drop when the copy cannot be used any more (it
// could not follow the event log, or is half-updated): the copy is then
// dropped and built again in the background.
func (m *Mirror[T]) Use(fn func(v *T) (drop bool, err error)) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.v == nil {
		m.startBuild() // after a failed build
		return false, nil
	}
	drop, err := fn(m.v)
	if drop {
		m.v = nil
		m.startBuild()
	}
	return true, err
}

// startBuild starts a background build unless one runs, the copy is
// built, or the mirror is not enabled (any more). m.mu is held.
func (m *Mirror[T]) startBuild() {
	if m.ctx == nil || m.ctx.Err() != nil || m.building || m.v != nil {
		return
	}
	m.building = true
	ctx := m.ctx
	go func() {
		_ = m.build(ctx) // on failure the next Use starts another
		m.mu.Lock()
		m.building = false
		m.mu.Unlock()
	}()
}

// build loads a copy without holding m.mu (calls meanwhile answer from the
// tables) and installs it unless another build got there first.
func (m *Mirror[T]) build(ctx context.Context) error {
	v, err := m.load(ctx)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.v == nil {
		m.v = v
	}
	return nil
}
