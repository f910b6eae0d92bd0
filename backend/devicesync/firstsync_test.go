package devicesync_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"secondbrain/backend"
	"secondbrain/backend/devicesync"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/service"
	"secondbrain/backend/testkit/sqltext"
)

// countingNotes is the note service, counting the notes CreateManyWithID
// makes; with fail set, CreateManyWithID fails.
type countingNotes struct {
	*service.Notes
	batched int
	fail    bool
}

func (c *countingNotes) CreateManyWithID(ctx context.Context, batch []backend.NoteWrite) ([]backend.WriteOutcome, error) {
	if c.fail {
		return nil, errors.New("batch refused")
	}
	outs, err := c.Notes.CreateManyWithID(ctx, batch)
	for _, o := range outs {
		if o.Action == backend.WriteCreated {
			c.batched++
		}
	}
	return outs, err
}

// newBatchDevice is newDevice with the engine's CreateBatch given, its
// note service counting the notes made in batches.
func newBatchDevice(tb testing.TB, name string, hub *devicesync.MemHub, createBatch int) (*device, *countingNotes) {
	tb.Helper()
	ctx := context.Background()
	st, err := pgstore.Open(ctx, pgtest.NewDatabase(tb), nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	notes := &countingNotes{Notes: service.NewNotes(st, nil)}
	dataDir := tb.TempDir()
	eng := devicesync.New(st.DB(), notes, devicesync.Options{
		DataDir:     dataDir,
		OpenHub:     func(ctx context.Context, dsn string) (devicesync.Hub, error) { return hub, nil },
		Keys:        testKeys{},
		Logger:      debugLogger(name),
		Batch:       64,
		CreateBatch: createBatch,
	})
	tb.Cleanup(func() { eng.Close() })
	return &device{name: name, dataDir: dataDir, st: st, notes: notes.Notes, eng: eng}, notes
}

// TestFirstSyncBatchMatchesOneByOne checks that a first sync that creates
// the new notes in batches leaves what creating them one by one leaves:
// the notes, their links and where they resolve, tags, aliases,
// properties, every version in history with its origin, and the sync
// ledger's marks — for notes made once, edited, renamed, trashed,
// restored, merged from two devices and linking to each other in both
// directions.
func TestFirstSyncBatchMatchesOneByOne(t *testing.T) {
	ctx := context.Background()
	hub := devicesync.NewMemHub()
	a, _ := newBatchDevice(t, "a", hub, 1)
	b, _ := newBatchDevice(t, "b", hub, 1)
	a.setup(t, "pw")
	b.setup(t, "pw")
	const n = 60
	var made []*backend.Note
	for i := range n {
		// Each note links to the next, made after it, and to the first by
		// a path suffix; some have tags, properties and aliases.
		body := fmt.Sprintf("---\naliases: [Alias %d]\nstatus: s%d\n---\n# Note %d\n\n[[Note %d]] [[f0/Note 0]] #t%d\n", i, i%3, i, i+1, i%4)
		nt, err := a.notes.Create(ctx, fmt.Sprintf("Note %d", i), fmt.Sprintf("f%d", i%3), body)
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, nt)
	}
	edit := func(d *device, i int, f func(*backend.Note) (*backend.Note, error)) {
		t.Helper()
		cur, err := d.notes.Get(ctx, made[i].ID.String())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f(cur); err != nil {
			t.Fatalf("%s: note %d: %v", d.name, i, err)
		}
	}
	save := func(body string) func(*backend.Note) (*backend.Note, error) {
		return func(c *backend.Note) (*backend.Note, error) {
			return a.notes.Save(ctx, c.ID.String(), c.Version, c.Body+body)
		}
	}
	for _, i := range []int{1, 2, 3} { // several versions
		edit(a, i, save("second\n"))
		edit(a, i, save("third\n"))
	}
	edit(a, 4, func(c *backend.Note) (*backend.Note, error) {
		return a.notes.Move(ctx, c.ID.String(), c.Version, "Renamed", "elsewhere", false)
	})
	edit(a, 5, func(c *backend.Note) (*backend.Note, error) { return a.notes.Trash(ctx, c.ID.String()) })
	edit(a, 6, func(c *backend.Note) (*backend.Note, error) { return a.notes.Trash(ctx, c.ID.String()) })
	edit(a, 6, func(c *backend.Note) (*backend.Note, error) { return a.notes.Restore(ctx, c.ID.String()) })
	a.run(t)
	b.run(t)
	// Concurrent edits of note 7 on a and b merge on the hub; b makes
	// notes of its own, one linking to a's.
	edit(a, 7, save("from a\n"))
	bsave := func(c *backend.Note) (*backend.Note, error) {
		return b.notes.Save(ctx, c.ID.String(), c.Version, "from b\n"+c.Body)
	}
	edit(b, 7, bsave)
	for i := range 5 {
		if _, err := b.notes.Create(ctx, fmt.Sprintf("B %d", i), "", fmt.Sprintf("[[Note %d]] [[B %d]]\n", i, i+1)); err != nil {
			t.Fatal(err)
		}
	}
	a.run(t)
	b.run(t)
	a.run(t)

	one, _ := newBatchDevice(t, "one", hub, 1)
	many, counted := newBatchDevice(t, "many", hub, 16)
	for _, d := range []*device{one, many} {
		d.setup(t, "pw")
		d.run(t)
		d.run(t)
		if st, err := d.eng.Status(ctx); err != nil || st.PendingIn != 0 || st.PendingOut != 0 || st.LastError != "" {
			t.Fatalf("%s after its first sync: %+v, %v", d.name, st, err)
		}
	}
	if counted.batched < n {
		t.Fatalf("the batch path made %d notes; want at least %d", counted.batched, n)
	}
	for _, q := range []string{
		`SELECT id, title, title_key, path, path_key, body, content_hash, version, note_type, trashed_at IS NULL FROM notes ORDER BY id`,
		`SELECT l.source_id, l.target, l.target_key, l.kind, l.rel, l.position, l.target_id FROM links l ORDER BY 1, l.position, l.rel, l.target`,
		`SELECT nt.note_id, t.name FROM note_tags nt JOIN tags t ON t.id = nt.tag_id ORDER BY 1, 2`,
		`SELECT note_id, name_key FROM aliases ORDER BY 1, 2`,
		`SELECT note_id, key, value FROM properties ORDER BY 1, 2`,
		`SELECT note_id, title_vec::text, body_vec::text FROM note_search ORDER BY 1`,
		`SELECT note_id, kind, origin, payload - 'created_at' - 'updated_at' FROM events WHERE note_id IS NOT NULL ORDER BY note_id, seq`,
		`SELECT note_id, version, base_canon, base_device, base_device_seq FROM sync_versions ORDER BY 1, 2`,
		`SELECT note_id, head_seq, written_seq, path_key FROM sync_notes ORDER BY 1`,
	} {
		if x, y := sqltext.Rows(t, one.st.DB(), q), sqltext.Rows(t, many.st.DB(), q); !reflect.DeepEqual(x, y) {
			t.Errorf("%s\none by one (%d rows): %v\nin batches (%d rows): %v", q, len(x), x, len(y), y)
		}
	}
	// The later states of a batch-made note are every version of it.
	h, err := many.notes.History(ctx, made[2].ID.String())
	if err != nil || len(h) != 3 {
		t.Errorf("history of an edited note: %d versions, %v; want 3", len(h), err)
	}
}

// TestFirstSyncWhenBatchFails checks that the notes of a batch that fails
// are written one by one.
func TestFirstSyncWhenBatchFails(t *testing.T) {
	ctx := context.Background()
	hub := devicesync.NewMemHub()
	a, _ := newBatchDevice(t, "a", hub, 1)
	a.setup(t, "pw")
	for i := range 5 {
		if _, err := a.notes.Create(ctx, fmt.Sprintf("Note %d", i), "", "text\n"); err != nil {
			t.Fatal(err)
		}
	}
	a.run(t)
	b, notes := newBatchDevice(t, "b", hub, 2)
	notes.fail = true
	b.setup(t, "pw")
	b.run(t)
	if x, y := a.snapshot(t), b.snapshot(t); !reflect.DeepEqual(x, y) {
		t.Errorf("b holds %v; want a's %v", y, x)
	}
}
