package stack

import (
	"context"
	"sync"
)

// background is one long-running job of a stack (a projector, the
// indexer): started at most once, stopped by Close.
type background struct {
	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}
}

// start runs fn in a goroutine; it does nothing when the job already runs.
// fn's context carries ctx's values and ends when ctx ends or stop is called.
func (b *background) start(ctx context.Context, fn func(ctx context.Context)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.cancel != nil {
		return
	}
	rctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	b.cancel, b.done = cancel, make(chan struct{})
	go func() {
		defer close(b.done)
		stop := context.AfterFunc(ctx, cancel)
		defer stop()
		fn(rctx)
	}()
}

// running reports whether start has been called.
func (b *background) running() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.cancel != nil
}

// stop cancels the job and waits for it to return.
func (b *background) stop() {
	b.mu.Lock()
	cancel, done := b.cancel, b.done
	b.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}
