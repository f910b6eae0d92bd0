package pgstore_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/google/uuid"

	"secondbrain/backend"
)

// TestWriteHookRunsInTheWriteTransaction checks that a note write runs the
// context's write hook with the versions it made, inside its transaction:
// what the hook writes commits with the note, and a hook that fails rolls
// the note's write back — for one-note writes and for a batch.
func TestWriteHookRunsInTheWriteTransaction(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	db := st.DB()
	if _, err := db.Exec(`CREATE TABLE hook_marks (note_id uuid, version int)`); err != nil {
		t.Fatal(err)
	}
	var seen []backend.WrittenVersion
	mark := backend.WithWriteHook(ctx, func(ctx context.Context, exec backend.Exec, written []backend.WrittenVersion) error {
		seen = append(seen, written...)
		for _, w := range written {
			if err := exec(ctx, `INSERT INTO hook_marks VALUES ($1, $2)`, w.Note.String(), w.Version); err != nil {
				return err
			}
		}
		return nil
	})
	refuse := errors.New("refused")
	fail := backend.WithWriteHook(ctx, func(context.Context, backend.Exec, []backend.WrittenVersion) error { return refuse })
	marks := func() int {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM hook_marks`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	n, err := st.CreateNote(mark, backend.NewNote{Title: "One", Path: "One.md", Body: "a\n"})
	if err != nil {
		t.Fatal(err)
	}
	if n, err = st.UpdateBody(mark, n.ID, n.Version, "b\n", backend.Derived{}, backend.EventNoteUpdated, nil); err != nil {
		t.Fatal(err)
	}
	want := []backend.WrittenVersion{{Note: n.ID, Version: 1}, {Note: n.ID, Version: 2}}
	if !reflect.DeepEqual(seen, want) || marks() != 2 {
		t.Fatalf("the hook saw %v and wrote %d rows; want %v and 2", seen, marks(), want)
	}
	if _, err := st.UpdateBody(fail, n.ID, n.Version, "c\n", backend.Derived{}, backend.EventNoteUpdated, nil); !errors.Is(err, refuse) {
		t.Fatalf("a save whose hook fails returned %v; want %v", err, refuse)
	}
	if got, err := st.Note(ctx, n.ID); err != nil || got.Version != 2 || got.Body != "b\n" {
		t.Fatalf("after a failed hook the note is %+v, %v; want version 2 with b", got, err)
	}

	seen = nil
	ids := []uuid.UUID{uuid.New(), uuid.New()}
	batch := []backend.NoteWrite{{ID: ids[0], Title: "Two", Path: "Two.md", Body: "x\n"}, {ID: ids[1], Title: "Three", Path: "Three.md", Body: "y\n"}}
	if _, err := st.CreateNotes(fail, batch); !errors.Is(err, refuse) {
		t.Fatalf("a batch whose hook fails returned %v; want %v", err, refuse)
	}
	if _, err := st.Note(ctx, ids[0]); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Fatalf("a batch whose hook failed left its note: %v", err)
	}
	if _, err := st.CreateNotes(mark, batch); err != nil {
		t.Fatal(err)
	}
	want = []backend.WrittenVersion{{Note: ids[0], Version: 1}, {Note: ids[1], Version: 1}}
	if !reflect.DeepEqual(seen, want) || marks() != 4 {
		t.Fatalf("the batch's hook saw %v and the marks are %d; want %v and 4", seen, marks(), want)
	}
}
