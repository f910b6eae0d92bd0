package devicesync

import (
	"context"
	"time"
)

// debounce is how long Run waits after a local change for more before a
// pass, so a burst of saves makes one push; maxWait bounds the wait while
// changes keep coming, so a long burst still syncs.
const (
	debounce = 200 * time.Millisecond
	maxWait  = time.Second
)

// Run syncs continuously until ctx ends: a pass, then a wait for the hub
// to hold a change after the pulled one (Hub.Wait), for a local change
// (Options.Listen; then for a pause of debounce, maxWait at most), or —
// after a failed pass — for a retry with backoff up to a minute. It
// returns ctx's error.
func (e *Engine) Run(ctx context.Context) error {
	var local <-chan struct{}
	if e.opts.Listen != nil {
		if ch, err := e.opts.Listen(ctx); err == nil {
			local = ch
		} else {
			e.log.Warn("listen for local changes", "err", err)
		}
	}
	backoff := time.Second
	for {
		err := e.RunOnce(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			e.log.Warn("sync pass failed", "err", err)
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(backoff):
			case <-local:
			}
			backoff = min(2*backoff, time.Minute)
			continue
		}
		backoff = time.Second
		st, _, err := e.readState(ctx, e.db)
		if err != nil {
			continue
		}
		e.pass.Lock()
		hub := e.hub
		e.pass.Unlock()
		wctx, cancel := context.WithCancel(ctx)
		woke := make(chan struct{})
		go func() {
			defer close(woke)
			if hub != nil {
				if hub.Wait(wctx, st.PulledSeq) != nil {
					<-wctx.Done()
				}
				return
			}
			<-wctx.Done()
		}()
		select {
		case <-ctx.Done():
		case <-woke:
		case <-local:
			quiet, most := time.NewTimer(debounce), time.NewTimer(maxWait)
		drain:
			for {
				select {
				case <-local:
					quiet.Reset(debounce)
				case <-quiet.C:
					break drain
				case <-most.C:
					break drain
				case <-ctx.Done():
					break drain
				}
			}
			quiet.Stop()
			most.Stop()
		}
		cancel()
		<-woke
	}
}
