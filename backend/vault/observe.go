package vault

import (
	"context"

	"secondbrain/backend"
)

// OnNoteChanged sets the function told of every note the mirror changed in
// the vault from the folder (created, saved, moved, trashed, restored), so
// that a window showing the note loads its new text. Call it before Run.
func (m *Mirror) OnNoteChanged(fn func(n *backend.Note)) {
	m.mu.Lock()
	m.onNote = fn
	m.mu.Unlock()
}

// noteChanged tells OnNoteChanged of n.
func (m *Mirror) noteChanged(n *backend.Note) {
	m.mu.Lock()
	fn := m.onNote
	m.mu.Unlock()
	if fn != nil && n != nil {
		fn(n)
	}
}

// observed is the mirror's Notes, telling the mirror of each change made.
type observed struct {
	Notes
	m *Mirror
}

func (o observed) tell(n *backend.Note, err error) (*backend.Note, error) {
	if err == nil {
		o.m.noteChanged(n)
	}
	return n, err
}

func (o observed) Create(ctx context.Context, title, folder, body string) (*backend.Note, error) {
	return o.tell(o.Notes.Create(ctx, title, folder, body))
}

func (o observed) Save(ctx context.Context, id string, expectedVersion int, body string) (*backend.Note, error) {
	return o.tell(o.Notes.Save(ctx, id, expectedVersion, body))
}

func (o observed) Move(ctx context.Context, id string, expectedVersion int, title, folder string, rewriteLinks bool) (*backend.Note, error) {
	return o.tell(o.Notes.Move(ctx, id, expectedVersion, title, folder, rewriteLinks))
}

func (o observed) Trash(ctx context.Context, id string) (*backend.Note, error) {
	return o.tell(o.Notes.Trash(ctx, id))
}

func (o observed) Restore(ctx context.Context, id string) (*backend.Note, error) {
	return o.tell(o.Notes.Restore(ctx, id))
}
