package service_test

import (
	"context"
	"testing"

	"secondbrain/backend"
)

// TestRestoreAs brings a trashed note back under another name when a live
// note took its path meanwhile — one step, both kept in history.
func TestRestoreAs(t *testing.T) {
	ctx := context.Background()
	notes, _ := newNotes(t)
	a, err := notes.Create(ctx, "Plan", "work", "a's text")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := notes.Trash(ctx, a.ID.String()); err != nil {
		t.Fatal(err)
	}
	if _, err := notes.Create(ctx, "Plan", "work", "b's text"); err != nil {
		t.Fatal(err)
	}
	_, err = notes.Restore(ctx, a.ID.String())
	wantCode(t, err, backend.ECONFLICT) // the old path is taken
	_, err = notes.RestoreAs(ctx, a.ID.String(), "Plan", "work")
	wantCode(t, err, backend.ECONFLICT) // and so is the same path again
	got, err := notes.RestoreAs(ctx, a.ID.String(), "Plan (2)", "work")
	if err != nil {
		t.Fatal(err)
	}
	if got.TrashedAt != nil || got.Path != "work/Plan (2).md" || got.Title != "Plan (2)" || got.Body != "a's text" {
		t.Fatalf("restored %+v", got)
	}
	hist, err := notes.History(ctx, a.ID.String())
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) < 4 || hist[0].Kind != backend.EventNoteRestored || hist[1].Kind != backend.EventNoteRenamed {
		t.Fatalf("history %+v", hist)
	}
	_, err = notes.RestoreAs(ctx, a.ID.String(), "Plan (3)", "work")
	wantCode(t, err, backend.ECONFLICT) // not in the trash
	_, err = notes.RestoreAs(ctx, a.ID.String(), "", "work")
	wantCode(t, err, backend.EINVALID)
}
