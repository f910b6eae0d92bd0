package vault_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"secondbrain/backend"
)

func TestThreeWayMergeClean(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.write("n.md", "one\ntwo\nthree\nfour\nfive\n")
	e.attach()
	n := e.find("n")
	// The app changes line 1 while an editor changes line 5, unsynced.
	if _, err := e.notes.Save(ctx, n.ID.String(), n.Version, "ONE\ntwo\nthree\nfour\nfive\n"); err != nil {
		t.Fatal(err)
	}
	e.write("n.md", "one\ntwo\nthree\nfour\nFIVE\n")
	st := e.sync()
	want := "ONE\ntwo\nthree\nfour\nFIVE\n"
	if got := e.find("n").Body; got != want {
		t.Fatalf("merged note %q; want %q", got, want)
	}
	if got := e.read("n.md"); got != want {
		t.Fatalf("merged file %q", got)
	}
	if st.Conflicts != 0 {
		t.Fatalf("conflicts %d", st.Conflicts)
	}
	e.checkSame()
}

func TestThreeWayMergeConflict(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.write("n.md", "one\ntwo\nthree\n")
	e.attach()
	n := e.find("n")
	if _, err := e.notes.Save(ctx, n.ID.String(), n.Version, "one\nTWO from app\nthree\n"); err != nil {
		t.Fatal(err)
	}
	e.write("n.md", "one\nTWO from file\nthree\n")
	st := e.sync()
	if st.Conflicts != 1 {
		t.Fatalf("status %+v; want one conflict", st)
	}
	if got := e.find("n").Body; got != "one\nTWO from app\nthree\n" {
		t.Fatalf("the note holds %q; want the database's text", got)
	}
	copyPath := "n (conflict 2026-12-07 1030).md"
	if got := e.read(copyPath); got != "one\nTWO from file\nthree\n" {
		t.Fatalf("conflict copy %q", got)
	}
	e.checkSame()
	cs, err := e.m.Conflicts(ctx)
	if err != nil || len(cs) != 1 || cs[0].ConflictPath != copyPath || cs[0].NoteID != n.ID || cs[0].Title != "n" {
		t.Fatalf("conflicts %+v, %v", cs, err)
	}
	// The copy is not imported as a note, pass after pass.
	e.sync()
	if got := e.live(); len(got) != 1 {
		t.Fatalf("notes %v", got)
	}
	// keep both: the copy becomes a note of its own
	if err := e.m.Resolve(ctx, cs[0].ID.String(), "both"); err != nil {
		t.Fatal(err)
	}
	if got := e.find(copyPath).Body; got != "one\nTWO from file\nthree\n" {
		t.Fatalf("kept copy %q", got)
	}
	if st := e.sync(); st.Conflicts != 0 {
		t.Fatalf("after resolve %+v", st)
	}
	e.checkSame()
}

func TestResolveKeepFile(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.write("n.md", "a\n")
	e.attach()
	n := e.find("n")
	e.notes.Save(ctx, n.ID.String(), n.Version, "a from app\n")
	e.write("n.md", "a from file\n")
	e.sync()
	cs, _ := e.m.Conflicts(ctx)
	if len(cs) != 1 {
		t.Fatalf("conflicts %+v", cs)
	}
	if err := e.m.Resolve(ctx, cs[0].ID.String(), "file"); err != nil {
		t.Fatal(err)
	}
	if got := e.find("n").Body; got != "a from file\n" {
		t.Fatalf("note %q", got)
	}
	if e.exists(cs[0].ConflictPath) || !e.exists(".trash/"+cs[0].ConflictPath) {
		t.Fatal("the conflict copy did not go to .trash")
	}
	e.sync()
	e.checkSame()
	hist, _ := e.notes.History(ctx, n.ID.String())
	var bodies []string
	for _, v := range hist {
		full, _ := e.notes.Version(ctx, n.ID.String(), v.Version)
		bodies = append(bodies, full.Body)
	}
	if !strings.Contains(strings.Join(bodies, "|"), "a from app\n") {
		t.Fatalf("the app's text left history: %q", bodies)
	}
}

func TestSyncToolConflictCopy(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.write("n.md", "mine\n")
	e.attach()
	e.write("n.sync-conflict-20261201-101010-ABCDEFG.md", "theirs\n")
	st := e.sync()
	if st.Conflicts != 1 || len(e.live()) != 1 {
		t.Fatalf("status %+v, notes %v", st, e.live())
	}
	cs, _ := e.m.Conflicts(ctx)
	d, err := e.m.Conflict(ctx, cs[0].ID.String())
	if err != nil || d.FileText != "theirs\n" || d.Path != "n.md" {
		t.Fatalf("conflict %+v %v", d, err)
	}
	e.sync()
	if cs, _ := e.m.Conflicts(ctx); len(cs) != 1 {
		t.Fatalf("recorded twice: %d", len(cs))
	}
	if err := e.m.Resolve(ctx, d.ID.String(), "note"); err != nil {
		t.Fatal(err)
	}
	if st := e.sync(); st.Conflicts != 0 || e.find("n").Body != "mine\n" {
		t.Fatalf("after keep note: %+v", st)
	}
}

func TestMassDeletionHeld(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for i := range 10 {
		e.write(string(rune('a'+i))+".md", "text "+string(rune('a'+i))+"\n")
	}
	e.attach()
	for _, p := range []string{"a.md", "b.md", "c.md"} {
		os.Remove(filepath.Join(e.dir, p))
	}
	st := e.sync()
	if st.PendingDeletions != 3 || len(e.live()) != 10 {
		t.Fatalf("status %+v, %d notes; want 3 held, 10 notes", st, len(e.live()))
	}
	st = e.sync() // still held
	if st.PendingDeletions != 3 {
		t.Fatalf("second pass %+v", st)
	}
	// restore: the files come back from the database
	if st, err := e.m.ConfirmDeletions(ctx, false); err != nil || st.PendingDeletions != 0 {
		t.Fatalf("restore %+v %v", st, err)
	}
	if e.read("a.md") != "text a\n" {
		t.Fatal("a.md not restored")
	}
	e.checkSame()
	for _, p := range []string{"a.md", "b.md", "c.md"} {
		os.Remove(filepath.Join(e.dir, p))
	}
	e.sync()
	if st, err := e.m.ConfirmDeletions(ctx, true); err != nil || st.PendingDeletions != 0 {
		t.Fatalf("apply %+v %v", st, err)
	}
	if got := e.live(); len(got) != 7 {
		t.Fatalf("notes %v", got)
	}
	e.checkSame()
}

func TestBadFilesReported(t *testing.T) {
	e := newEnv(t)
	e.write("good.md", "good\n")
	e.attach()
	outside := filepath.Join(t.TempDir(), "secret.md")
	os.WriteFile(outside, []byte("secret\n"), 0o644)
	os.Symlink(outside, filepath.Join(e.dir, "link.md"))
	e.write("latin1.md", "caf\xe9\n")
	e.write("bin.md", "PK\x00\x01\x02")
	e.write("what?.md", "q\n")
	e.write("CON.md", "dev\n")
	e.write("fine.md", "fine\n")
	e.write("big.md", strings.Repeat("x", 33<<20))
	noread := filepath.Join(e.dir, "noread.md")
	os.WriteFile(noread, []byte("x"), 0o000)
	st := e.sync()
	want := map[string]string{"link.md": "outside", "latin1.md": "UTF-8", "bin.md": "binary", "what?.md": "Windows",
		"CON.md": "device", "big.md": "MB"}
	if os.Geteuid() != 0 {
		want["noread.md"] = "permission"
	}
	got := map[string]string{}
	for _, is := range st.Issues {
		got[is.Path] = is.Message
	}
	for p, w := range want {
		if !strings.Contains(got[p], w) {
			t.Errorf("%s: issue %q; want one saying %q", p, got[p], w)
		}
	}
	if live := e.live(); strings.Join(live, ",") != "fine.md,good.md" && !(os.Geteuid() == 0 && strings.Join(live, ",") == "fine.md,good.md,noread.md") {
		t.Fatalf("notes %v", live)
	}
	// fixing a file clears its entry
	e.write("latin1.md", "café\n")
	st = e.sync()
	for _, is := range st.Issues {
		if is.Path == "latin1.md" {
			t.Fatalf("fixed file still reported: %+v", is)
		}
	}
	if e.find("latin1").Body != "café\n" {
		t.Fatal("fixed file not imported")
	}
}

func TestFolderVanishesPauses(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.write("a.md", "a\n")
	e.attach()
	away := e.dir + ".away"
	if err := os.Rename(e.dir, away); err != nil {
		t.Fatal(err)
	}
	_, err := e.m.SyncOnce(ctx)
	if err == nil || !strings.Contains(backend.ErrorMessage(err), "missing") {
		t.Fatalf("sync of a missing folder: %v", err)
	}
	if st := e.m.Status(ctx); !strings.Contains(st.LastError, "paused") || len(e.live()) != 1 {
		t.Fatalf("status %+v, notes %v", st, e.live())
	}
	os.Rename(away, e.dir)
	if st := e.sync(); st.LastError != "" {
		t.Fatalf("after return %+v", st)
	}
	e.checkSame()
}

func TestIdempotentRerun(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.write("a.md", "a\n")
	e.write("f/b.md", "b\n")
	e.attach()
	var max1, max2 int64
	e.st.DB().QueryRowContext(ctx, `SELECT max(seq) FROM events`).Scan(&max1)
	e.sync()
	e.sync()
	// a second mirror (a restart) changes nothing either
	m2 := newMirror(e.st, e.notes, e.data)
	if _, err := m2.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := m2.Attach(ctx, e.dir); err != nil {
		t.Fatal(err)
	}
	e.st.DB().QueryRowContext(ctx, `SELECT max(seq) FROM events`).Scan(&max2)
	if max1 != max2 {
		t.Fatalf("re-running wrote %d events", max2-max1)
	}
	e.checkSame()
}
