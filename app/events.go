package app

import (
	"context"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"
)

// Event names the frontend listens to.
const (
	// EventBackendReady fires once the backend has started or failed: {ok, error}.
	EventBackendReady = "backend:ready"
	// EventBackendProgress fires as each step of the backend's start begins
	// (creating the embedded database on a first start, starting it, the
	// schema, the services): a StartupProgress.
	EventBackendProgress = "backend:progress"
	// EventNoteChanged fires after a note was saved, renamed, trashed or deleted: {id, version}.
	EventNoteChanged = "note:changed"
)

// Events is the seam over the Wails runtime's event emitter, so code that
// emits can be tested without a webview.
type Events interface {
	Emit(name string, data any)
}

type wailsEvents struct{ ctx context.Context }

func (w wailsEvents) Emit(name string, data any) { wruntime.EventsEmit(w.ctx, name, data) }

type nopEvents struct{}

func (nopEvents) Emit(string, any) {}

// Dialogs is the seam over the Wails runtime's native dialogs.
type Dialogs interface {
	// PickFolder asks for a folder; "" when the person cancels.
	PickFolder(title string) (string, error)
}

type wailsDialogs struct{ ctx context.Context }

func (w wailsDialogs) PickFolder(title string) (string, error) {
	return wruntime.OpenDirectoryDialog(w.ctx, wruntime.OpenDialogOptions{Title: title})
}

type noDialogs struct{}

func (noDialogs) PickFolder(string) (string, error) { return "", nil }
