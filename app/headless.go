package app

import "context"

// RunHeadless opens the backend without a window, as the window's startup
// hook does, with ev and dl standing in for the Wails runtime; it returns
// once the backend is ready, or its start-up error. The e2e bridge uses it
// to serve the bound APIs over HTTP; Shutdown stops what it started.
func (a *App) RunHeadless(ctx context.Context, ev Events, dl Dialogs) error {
	a.ctx, a.events, a.dialogs = ctx, ev, dl
	a.open(ctx)
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.openErr
}

// Shutdown stops the backend and the embedded cluster, as closing the
// window does.
func (a *App) Shutdown(ctx context.Context) { a.shutdown(ctx) }
