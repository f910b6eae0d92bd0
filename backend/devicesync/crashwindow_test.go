package devicesync_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/devicesync"
)

// dyingNotes is the note service of a device whose process dies right
// after the next write commits: the write is kept, the pass's context
// ends there (die), so nothing after it in the pass runs.
type dyingNotes struct {
	*countingNotes
	batch, single bool // die after the next batch, or one-note write
	die           context.CancelFunc
}

func (d *dyingNotes) CreateManyWithID(ctx context.Context, batch []backend.NoteWrite) ([]backend.WriteOutcome, error) {
	outs, err := d.countingNotes.CreateManyWithID(ctx, batch)
	if err == nil && d.batch {
		d.batch = false
		d.die()
		return nil, ctx.Err()
	}
	return outs, err
}

func (d *dyingNotes) CreateWithID(ctx context.Context, id uuid.UUID, title, folder, body string) (*backend.Note, error) {
	return d.dieAfter(ctx)(d.countingNotes.CreateWithID(ctx, id, title, folder, body))
}

func (d *dyingNotes) Save(ctx context.Context, id string, expectedVersion int, body string) (*backend.Note, error) {
	return d.dieAfter(ctx)(d.countingNotes.Save(ctx, id, expectedVersion, body))
}

// dieAfter returns what passes a one-note write's result on, or dies when
// it succeeded and single is set.
func (d *dyingNotes) dieAfter(ctx context.Context) func(*backend.Note, error) (*backend.Note, error) {
	return func(n *backend.Note, err error) (*backend.Note, error) {
		if err == nil && d.single {
			d.single = false
			d.die()
			return nil, ctx.Err()
		}
		return n, err
	}
}

// TestCrashAfterWriteCommitLosesNothing checks that a device whose process
// dies right after writing pulled notes — a batch of new ones, or one
// version of one — still receives every later version when it syncs again:
// which hub state a written version holds is committed with the version.
// (Before, it was written after the commit: a crash in between left the
// notes looking edited here, and they waited for ever.)
func TestCrashAfterWriteCommitLosesNothing(t *testing.T) {
	for _, tc := range []struct {
		name          string
		createBatch   int
		batch, single bool
	}{
		{"batch of new notes", 100, true, false},
		{"one new note", 1, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			hub := devicesync.NewMemHub()
			a, _ := newBatchDevice(t, "a", hub, 1)
			a.setup(t, "pw")
			var made []*backend.Note
			for i := range 6 {
				n, err := a.notes.Create(ctx, fmt.Sprintf("Note %d", i), "", "first\n")
				if err != nil {
					t.Fatal(err)
				}
				made = append(made, n)
			}
			a.run(t)
			for _, n := range made {
				if _, err := a.notes.Save(ctx, n.ID.String(), n.Version, "first\nsecond\n"); err != nil {
					t.Fatal(err)
				}
			}
			a.run(t)

			b, counting := newBatchDevice(t, "b", hub, tc.createBatch)
			b.setup(t, "pw")
			dctx, die := context.WithCancel(ctx)
			dying := &dyingNotes{countingNotes: counting, batch: tc.batch, single: tc.single, die: die}
			eng := devicesync.New(b.st.DB(), dying, devicesync.Options{
				DataDir: b.dataDir, HubDSN: hubDSN, Keys: testKeys{}, Logger: debugLogger("b"), Batch: 64, CreateBatch: tc.createBatch,
				OpenHub: func(ctx context.Context, dsn string) (devicesync.Hub, error) { return hub, nil },
			})
			if err := eng.RunOnce(dctx); !errors.Is(err, context.Canceled) {
				t.Fatalf("the dying pass returned %v; want it to die", err)
			}
			if dying.batch || dying.single {
				t.Fatal("the pass ended before the write it was to die after")
			}
			eng.Close()
			if tc.batch && counting.batched == 0 {
				t.Fatal("no note was made in a batch: the test does not test the batch")
			}

			// The process starts again: b's own engine, a pass and one more
			// (the first pushes nothing of its own if all is well).
			b.run(t)
			b.run(t)
			if x, y := a.snapshot(t), b.snapshot(t); !reflect.DeepEqual(x, y) {
				t.Errorf("after the restart b holds %v; want a's %v", y, x)
			}
			st, err := b.eng.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if st.PendingIn != 0 || st.PendingOut != 0 || st.Conflicts != 0 {
				t.Errorf("after the restart b's status is %+v; want nothing pending and no conflicts", st)
			}
			// a hears nothing from b: b's pulled versions are not pushed back as b's edits.
			before := a.snapshot(t)
			a.run(t)
			if after := a.snapshot(t); !reflect.DeepEqual(before, after) {
				t.Errorf("a changed after b's restart: %v, was %v", after, before)
			}
		})
	}
}
