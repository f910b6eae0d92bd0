package service_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"secondbrain/backend"
)

// TestCreateManyWithID checks that CreateManyWithID makes the writes
// CreateWithID would make as they are, with their derived rows and
// origins, and leaves the others unmade: an invalid or uncleaned title,
// a path other than the title's in its folder, a path or id an earlier
// write has, a path or id taken here.
func TestCreateManyWithID(t *testing.T) {
	ctx := context.Background()
	notes, st := newNotes(t)
	taken, err := notes.Create(ctx, "Taken", "dir", "here first")
	if err != nil {
		t.Fatal(err)
	}
	w := func(title, path string) backend.NoteWrite {
		return backend.NoteWrite{ID: uuid.New(), Origin: "device:other", Title: title, Path: path, Body: "#tag [[Ada]] of " + title}
	}
	dupID := w("Dup id", "Dup id.md")
	batch := []backend.NoteWrite{
		w("Ada", "people/Ada.md"),
		w("Bob", "Bob.md"),
		w(" Padded", "Padded.md"),
		w("Wrong", "dir/Other.md"),
		w("a/b", "a/b.md"),
		w("", ".md"),
		w("ada", "PEOPLE/ada.md"),
		w("Taken", "dir/Taken.md"),
		{ID: taken.ID, Title: "Same id", Path: "Same id.md"},
		{ID: uuid.Nil, Title: "No id", Path: "No id.md"},
		dupID,
		{ID: dupID.ID, Title: "Dup id 2", Path: "Dup id 2.md"},
	}
	outs, err := notes.CreateManyWithID(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{backend.WriteCreated, backend.WriteCreated, "", "", "", "", "", backend.WriteExists, backend.WriteExists, "", backend.WriteCreated, ""}
	for i, o := range outs {
		if o.Action != want[i] || o.ID != batch[i].ID {
			t.Errorf("%q at %q: %+v; want %q", batch[i].Title, batch[i].Path, o, want[i])
		}
	}
	bob, err := notes.Get(ctx, batch[1].ID.String())
	if err != nil || bob.Body != batch[1].Body || bob.Path != "Bob.md" || bob.Version != 1 {
		t.Fatalf("Bob: %+v, %v", bob, err)
	}
	links, err := st.OutgoingLinks(ctx, bob.ID)
	if err != nil || len(links) != 1 || links[0].TargetID != batch[0].ID {
		t.Errorf("Bob's links: %+v, %v; want one to Ada", links, err)
	}
	h, err := notes.History(ctx, bob.ID.String())
	if err != nil || len(h) != 1 || h[0].Origin != "device:other" {
		t.Errorf("Bob's history: %+v, %v; want one version from device:other", h, err)
	}
}
