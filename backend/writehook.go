package backend

import (
	"context"

	"github.com/google/uuid"
)

// WrittenVersion names one version of a note that a store write made.
type WrittenVersion struct {
	Note    uuid.UUID
	Version int
}

// Exec runs one SQL statement in the transaction a WriteHook is called in.
type Exec func(ctx context.Context, query string, args ...any) error

// WriteHook runs inside the transaction of a note write, after the note's
// rows and events: written names the versions the write made. An error
// rolls the whole write back. Device sync uses it to record which hub
// state a version holds in the same commit as the version, so a crash
// cannot leave a pulled version looking like a local edit.
type WriteHook func(ctx context.Context, exec Exec, written []WrittenVersion) error

type writeHookKey struct{}

// WithWriteHook returns a context whose note writes run h in their
// transaction.
func WithWriteHook(ctx context.Context, h WriteHook) context.Context {
	return context.WithValue(ctx, writeHookKey{}, h)
}

// WriteHookOf returns the write hook of ctx, nil for none.
func WriteHookOf(ctx context.Context) WriteHook {
	h, _ := ctx.Value(writeHookKey{}).(WriteHook)
	return h
}
