package service_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"secondbrain/backend"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/service"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// newNotes returns the notes use case over a fresh database.
func newNotes(tb testing.TB) (*service.Notes, *pgstore.Store) {
	tb.Helper()
	st, err := pgstore.Open(context.Background(), pgtest.NewDatabase(tb), nil)
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	tb.Cleanup(func() { st.Close() })
	return service.NewNotes(st, nil), st
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := backend.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v); want %q", got, err, code)
	}
}

func TestCreateGetSave(t *testing.T) {
	ctx := context.Background()
	notes, _ := newNotes(t)
	n, err := notes.Create(ctx, "  Ada Lovelace ", "people/math", "first")
	if err != nil {
		t.Fatal(err)
	}
	if n.Title != "Ada Lovelace" || n.Path != "people/math/Ada Lovelace.md" || n.Version != 1 {
		t.Fatalf("created %+v; want title Ada Lovelace, path people/math/Ada Lovelace.md, version 1", n)
	}
	got, err := notes.Get(ctx, n.ID.String())
	if err != nil {
		t.Fatal(err)
	}
	if got.Body != "first" || !got.UpdatedAt.Equal(n.UpdatedAt) {
		t.Fatalf("get = %+v; want the created note", got)
	}
	saved, err := notes.Save(ctx, n.ID.String(), 1, "second")
	if err != nil {
		t.Fatal(err)
	}
	if saved.Version != 2 || saved.Body != "second" {
		t.Fatalf("saved version %d body %q; want 2, second", saved.Version, saved.Body)
	}
	_, err = notes.Save(ctx, n.ID.String(), 1, "stale edit")
	wantCode(t, err, backend.ECONFLICT)
	got, _ = notes.Get(ctx, n.ID.String())
	if got.Body != "second" || got.Version != 2 {
		t.Fatalf("after a stale save: body %q version %d; want second, 2", got.Body, got.Version)
	}
	// Same path in another letter case is the same file on half the world's disks.
	_, err = notes.Create(ctx, "ada lovelace", "People/Math", "")
	wantCode(t, err, backend.ECONFLICT)
	// The same title in another folder is fine, and then Find by title is ambiguous.
	if _, err := notes.Create(ctx, "Ada Lovelace", "", ""); err != nil {
		t.Fatal(err)
	}
	_, err = notes.Find(ctx, "ada lovelace")
	wantCode(t, err, backend.ECONFLICT)
	f, err := notes.Find(ctx, "people/math/Ada Lovelace")
	if err != nil || f.ID != n.ID {
		t.Fatalf("find by path = %v, %v; want %s", f, err, n.ID)
	}
	_, err = notes.Find(ctx, "nobody")
	wantCode(t, err, backend.ENOTFOUND)
	_, err = notes.Get(ctx, "6b0b4b2e-0000-4000-8000-000000000000")
	wantCode(t, err, backend.ENOTFOUND)
}

// TestConcurrentSaves races 20 writers on one note, round after round, all
// holding the same expected version: exactly one wins each round, the others
// get a conflict, and the winner's text is what the note and its history hold.
func TestConcurrentSaves(t *testing.T) {
	ctx := context.Background()
	notes, _ := newNotes(t)
	n, err := notes.Create(ctx, "Contended", "", "v1")
	if err != nil {
		t.Fatal(err)
	}
	const writers, rounds = 20, 10
	for r := 1; r <= rounds; r++ {
		var (
			wg        sync.WaitGroup
			mu        sync.Mutex
			winners   []string
			conflicts int
			others    []error
			start     = make(chan struct{})
		)
		for w := 0; w < writers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				body := fmt.Sprintf("round %d writer %d", r, w)
				<-start
				_, err := notes.Save(ctx, n.ID.String(), r, body)
				mu.Lock()
				defer mu.Unlock()
				switch backend.ErrorCode(err) {
				case "":
					winners = append(winners, body)
				case backend.ECONFLICT:
					conflicts++
				default:
					others = append(others, err)
				}
			}()
		}
		close(start)
		wg.Wait()
		if len(others) > 0 {
			t.Fatalf("round %d: unexpected errors: %v", r, others)
		}
		if len(winners) != 1 || conflicts != writers-1 {
			t.Fatalf("round %d: %d winners, %d conflicts; want 1 and %d", r, len(winners), conflicts, writers-1)
		}
		got, err := notes.Get(ctx, n.ID.String())
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != r+1 || got.Body != winners[0] {
			t.Fatalf("round %d: note at version %d with %q; want version %d with %q", r, got.Version, got.Body, r+1, winners[0])
		}
		v, err := notes.Version(ctx, n.ID.String(), r+1)
		if err != nil || v.Body != winners[0] {
			t.Fatalf("round %d: history version %d = %v, %v; want %q", r, r+1, v, err, winners[0])
		}
	}
	hist, err := notes.History(ctx, n.ID.String())
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != rounds+1 {
		t.Fatalf("history has %d entries; want %d (one per successful save, no lost update)", len(hist), rounds+1)
	}
}

func TestRenameTrashRestoreDelete(t *testing.T) {
	ctx := context.Background()
	notes, st := newNotes(t)
	n, _ := notes.Create(ctx, "Draft", "ideas", "secret text")
	r, err := notes.Rename(ctx, n.ID.String(), 1, "Final", true)
	if err != nil {
		t.Fatal(err)
	}
	if r.Path != "ideas/Final.md" || r.Version != 2 || r.Body != "secret text" {
		t.Fatalf("renamed to %+v; want ideas/Final.md at version 2 with the body kept", r)
	}
	_, err = notes.Rename(ctx, n.ID.String(), 1, "Stale", true)
	wantCode(t, err, backend.ECONFLICT)
	other, _ := notes.Create(ctx, "Other", "ideas", "")
	_, err = notes.Rename(ctx, other.ID.String(), 1, "final", true)
	wantCode(t, err, backend.ECONFLICT)

	if _, err := notes.Trash(ctx, n.ID.String()); err != nil {
		t.Fatal(err)
	}
	page, _ := notes.List(ctx, backend.ListOptions{})
	if page.Total != 1 || page.Notes[0].ID != other.ID {
		t.Fatalf("live list = %+v; want only Other", page)
	}
	trash, _ := notes.List(ctx, backend.ListOptions{Trashed: true})
	if trash.Total != 1 || trash.Notes[0].ID != n.ID {
		t.Fatalf("trash = %+v; want Final", trash)
	}
	cur, _ := notes.Get(ctx, n.ID.String())
	_, err = notes.Save(ctx, n.ID.String(), cur.Version, "edit in trash")
	wantCode(t, err, backend.ECONFLICT)
	// A new note takes the trashed note's path: restoring must not clobber it.
	taker, err := notes.Create(ctx, "Final", "ideas", "new")
	if err != nil {
		t.Fatalf("path of a trashed note should be free: %v", err)
	}
	_, err = notes.Restore(ctx, n.ID.String())
	wantCode(t, err, backend.ECONFLICT)
	if err := notes.Delete(ctx, taker.ID.String()); err != nil {
		t.Fatal(err)
	}
	restored, err := notes.Restore(ctx, n.ID.String())
	if err != nil || restored.TrashedAt != nil {
		t.Fatalf("restore = %+v, %v; want a live note", restored, err)
	}

	if err := notes.Delete(ctx, n.ID.String()); err != nil {
		t.Fatal(err)
	}
	_, err = notes.Get(ctx, n.ID.String())
	wantCode(t, err, backend.ENOTFOUND)
	var leaked int
	if err := st.DB().QueryRow(`SELECT count(*) FROM events WHERE note_id = $1 AND payload::text LIKE '%secret text%'`, n.ID).Scan(&leaked); err != nil {
		t.Fatal(err)
	}
	if leaked != 0 {
		t.Fatalf("%d events still hold a deleted note's text; want 0", leaked)
	}
	hist, err := st.History(ctx, n.ID, false)
	if err != nil || hist[0].Kind != backend.EventNoteDeleted {
		t.Fatalf("history after delete = %v, %v; want a deleted event first", hist, err)
	}
}

func TestHistoryRevert(t *testing.T) {
	ctx := context.Background()
	notes, _ := newNotes(t)
	n, _ := notes.Create(ctx, "Journal", "", "one")
	notes.Save(ctx, n.ID.String(), 1, "two")
	notes.Rename(ctx, n.ID.String(), 2, "Diary", true)
	notes.Save(ctx, n.ID.String(), 3, "three")
	hist, err := notes.History(ctx, n.ID.String())
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, v := range hist {
		kinds = append(kinds, fmt.Sprintf("%d:%s", v.Version, v.Kind))
	}
	if got, want := strings.Join(kinds, " "), "4:note.updated 3:note.renamed 2:note.updated 1:note.created"; got != want {
		t.Fatalf("history = %s; want %s", got, want)
	}
	v3, _ := notes.Version(ctx, n.ID.String(), 3)
	if v3.Body != "two" || v3.Title != "Diary" {
		t.Fatalf("version 3 = %q titled %q; want two, Diary (a rename keeps the text)", v3.Body, v3.Title)
	}
	_, err = notes.Revert(ctx, n.ID.String(), 3, 1)
	wantCode(t, err, backend.ECONFLICT)
	r, err := notes.Revert(ctx, n.ID.String(), 4, 1)
	if err != nil {
		t.Fatal(err)
	}
	if r.Body != "one" || r.Version != 5 {
		t.Fatalf("reverted to %q at version %d; want one at 5", r.Body, r.Version)
	}
	_, err = notes.Version(ctx, n.ID.String(), 99)
	wantCode(t, err, backend.ENOTFOUND)
}

func TestListPaging(t *testing.T) {
	ctx := context.Background()
	notes, _ := newNotes(t)
	for _, title := range []string{"banana", "Apple", "cherry", "date", "Elder"} {
		if _, err := notes.Create(ctx, title, "", ""); err != nil {
			t.Fatal(err)
		}
	}
	var titles []string
	for off := 0; off < 5; off += 2 {
		p, err := notes.List(ctx, backend.ListOptions{Order: backend.OrderTitle, Offset: off, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		if p.Total != 5 {
			t.Fatalf("total = %d; want 5", p.Total)
		}
		for _, n := range p.Notes {
			titles = append(titles, n.Title)
		}
	}
	if got, want := strings.Join(titles, ","), "Apple,banana,cherry,date,Elder"; got != want {
		t.Fatalf("by title = %s; want %s", got, want)
	}
	p, _ := notes.List(ctx, backend.ListOptions{Order: backend.OrderUpdated, Limit: 1})
	if p.Notes[0].Title != "Elder" {
		t.Fatalf("most recently updated = %s; want Elder", p.Notes[0].Title)
	}
	_, err := notes.List(ctx, backend.ListOptions{Order: "size"})
	wantCode(t, err, backend.EINVALID)
}

// TestBadInput: each bad input gets an EINVALID error and leaves stored notes untouched.
func TestBadInput(t *testing.T) {
	ctx := context.Background()
	notes, _ := newNotes(t)
	keep, _ := notes.Create(ctx, "Keep", "", "precious")
	big := strings.Repeat("0123456789abcdef", 10<<20/16) // 10 MB
	if n, err := notes.Create(ctx, "Big", "", big); err != nil {
		t.Fatalf("a 10 MB note should be accepted: %v", err)
	} else if got, _ := notes.Get(ctx, n.ID.String()); got.Body != big {
		t.Fatalf("10 MB note read back with %d bytes; want %d", len(got.Body), len(big))
	}
	tests := []struct {
		name, title, folder, body, wantMsg string
	}{
		{"invalid UTF-8 body", "T1", "", "ok \xff\xfe bad", "not valid UTF-8"},
		{"NUL in body", "T2", "", "a\x00b", "NUL"},
		{"too large", "T3", "", strings.Repeat("x", service.MaxBodyBytes+1), "limit"},
		{"empty title", "   ", "", "", "empty"},
		{"slash in title", "a/b", "", "", "path separator"},
		{"dot-dot title", "..", "", "", "cannot name a file"},
		{"escaping folder", "T4", "../outside", "", "leaves the vault"},
		{"absolute folder", "T5", "/etc", "", "absolute"},
		{"invalid UTF-8 title", "bad\xff", "", "", "not valid UTF-8"},
		{"control char title", "tab\there", "", "", "control character"},
		{"huge title", strings.Repeat("é", 200), "", "", "limit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := notes.Create(ctx, tc.title, tc.folder, tc.body)
			wantCode(t, err, backend.EINVALID)
			if msg := backend.ErrorMessage(err); !strings.Contains(msg, tc.wantMsg) {
				t.Fatalf("message %q; want it to mention %q", msg, tc.wantMsg)
			}
		})
	}
	_, err := notes.Save(ctx, keep.ID.String(), 1, "bad \xc3")
	wantCode(t, err, backend.EINVALID)
	got, _ := notes.Get(ctx, keep.ID.String())
	if got.Body != "precious" || got.Version != 1 {
		t.Fatalf("after rejected input the note is %q v%d; want precious v1", got.Body, got.Version)
	}
	p, _ := notes.List(ctx, backend.ListOptions{})
	if p.Total != 2 {
		t.Fatalf("%d notes stored; want 2 (Keep, Big)", p.Total)
	}
}

func TestWrongDSN(t *testing.T) {
	_, err := pgstore.Open(context.Background(), "postgres://alice:s3cr3t-pw@127.0.0.1:1/notesdb?connect_timeout=3", nil)
	wantCode(t, err, backend.EUNAVAILABLE)
	msg := backend.ErrorMessage(err)
	for _, want := range []string{"127.0.0.1", "notesdb"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q; want it to name %q", msg, want)
		}
	}
	if strings.Contains(msg, "s3cr3t-pw") || strings.Contains(err.Error(), "s3cr3t-pw") {
		t.Errorf("error %q shows the password", err)
	}
	_, err = pgstore.Open(context.Background(), "postgres://alice:s3cr3t-pw@[bad/", nil)
	wantCode(t, err, backend.EINVALID)
	if strings.Contains(err.Error(), "s3cr3t-pw") {
		t.Errorf("parse error %q shows the password", err)
	}
}
