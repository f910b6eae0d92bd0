package importer_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"secondbrain/backend/importer"
)

// TestImportKeepsTime: notes take their files' modification times as
// created and updated, front-matter dates winning when they parse; the
// first version's event keeps the time it was written and records the
// note's times; importing a changed file moves only the update time.
func TestImportKeepsTime(t *testing.T) {
	e := newEnv(t)
	dir := t.TempDir()
	mtime := time.Date(2019, 5, 6, 7, 8, 9, 0, time.UTC)
	files := map[string]string{
		"plain.md":    "no front matter",
		"both.md":     "---\ncreated: 2018-01-02\nupdated: 2020-03-04T05:06:07Z\n---\nbody",
		"created.md":  "---\nCreated: 2017-07-08 09:10\n---\nbody",
		"modified.md": "---\nmodified: \"2021-02-03T04:05:06+02:00\"\n---\nbody",
		"bad.md":      "---\ncreated: someday\nupdated: 42\n---\nbody",
		"later.md":    "---\ncreated: 2022-01-01T00:00:00Z\n---\nbody",
	}
	for name, body := range files {
		write(t, dir, name, []byte(body))
		if err := os.Chtimes(filepath.Join(dir, name), mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	before := time.Now().Add(-time.Minute)
	rep := e.importDir(t, dir)
	if rep.Created != len(files) {
		t.Fatalf("created %d; want %d", rep.Created, len(files))
	}
	local := func(y int, m time.Month, d, h, min int) time.Time {
		return time.Date(y, m, d, h, min, 0, 0, time.Local)
	}
	want := map[string][2]time.Time{
		"plain.md":    {mtime, mtime},
		"both.md":     {local(2018, 1, 2, 0, 0), time.Date(2020, 3, 4, 5, 6, 7, 0, time.UTC)},
		"created.md":  {local(2017, 7, 8, 9, 10), mtime},
		"modified.md": {mtime, time.Date(2021, 2, 3, 2, 5, 6, 0, time.UTC)},
		"bad.md":      {mtime, mtime},
		"later.md":    {time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	db := e.store.DB()
	for path, w := range want {
		var created, updated, evTime time.Time
		var evCreated, evUpdated string
		err := db.QueryRow(`SELECT n.created_at, n.updated_at, e.time, e.payload->>'created_at', e.payload->>'updated_at'
			FROM notes n JOIN events e ON e.note_id = n.id AND e.kind = 'note.created' WHERE n.path = $1`, path).
			Scan(&created, &updated, &evTime, &evCreated, &evUpdated)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if !created.Equal(w[0]) || !updated.Equal(w[1]) {
			t.Errorf("%s: created %s, updated %s; want %s, %s", path, created, updated, w[0], w[1])
		}
		if evTime.Before(before) {
			t.Errorf("%s: the event's time %s is not the import's", path, evTime)
		}
		if c, err := time.Parse(time.RFC3339Nano, evCreated); err != nil || !c.Equal(w[0]) {
			t.Errorf("%s: the event records created_at %q; want %s", path, evCreated, w[0])
		}
		if u, err := time.Parse(time.RFC3339Nano, evUpdated); err != nil || !u.Equal(w[1]) {
			t.Errorf("%s: the event records updated_at %q; want %s", path, evUpdated, w[1])
		}
	}

	// The file changes: its note is updated at the new modification time
	// and keeps its creation time.
	newer := time.Date(2024, 8, 9, 10, 11, 12, 0, time.UTC)
	write(t, dir, "plain.md", []byte("changed"))
	if err := os.Chtimes(filepath.Join(dir, "plain.md"), newer, newer); err != nil {
		t.Fatal(err)
	}
	if rep := e.importDir(t, dir); rep.Updated != 1 {
		t.Fatalf("re-import updated %d; want 1", rep.Updated)
	}
	var created, updated time.Time
	if err := db.QueryRow(`SELECT created_at, updated_at FROM notes WHERE path = 'plain.md'`).Scan(&created, &updated); err != nil {
		t.Fatal(err)
	}
	if !created.Equal(mtime) || !updated.Equal(newer) {
		t.Errorf("after the change: created %s, updated %s; want %s, %s", created, updated, mtime, newer)
	}
}

// TestReportCountsThisImport: a second import's report counts its own
// notes' links and lists its own unresolved links, not the vault's; embeds
// whose file is missing are listed apart.
func TestReportCountsThisImport(t *testing.T) {
	e := newEnv(t)
	first := t.TempDir()
	write(t, first, "a.md", []byte("[[b]] [[nowhere]] [[gone too]] ![[lost.png]]"))
	write(t, first, "b.md", []byte("[[a]]"))
	rep := e.importDir(t, first)
	if rep.Links != 5 || rep.UnresolvedLinks != 3 || len(rep.Unresolved) != 3 {
		t.Fatalf("first import: %d links, %d unresolved (%v); want 5, 3", rep.Links, rep.UnresolvedLinks, rep.Unresolved)
	}
	if len(rep.MissingEmbeds) != 1 || rep.MissingEmbeds[0] != (importer.Unresolved{Source: "a.md", Target: "lost.png"}) {
		t.Errorf("first import's missing embeds %v; want a.md → lost.png", rep.MissingEmbeds)
	}

	second := t.TempDir()
	write(t, second, "c.md", []byte("![[here.png]] ![[photo.jpg]] ![[Missing note]] [[a]]"))
	write(t, second, "here.png", []byte("\x89PNG\r\n\x1a\nnot really"))
	rep, err := importer.Import(context.Background(), e.store, second, importer.Options{Blobs: e.blobs})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Notes != 1 || rep.Links != 4 || rep.UnresolvedLinks != 2 {
		t.Errorf("second import: %d notes, %d links, %d unresolved; want 1, 4, 2 (its own, not the vault's)", rep.Notes, rep.Links, rep.UnresolvedLinks)
	}
	for _, u := range rep.Unresolved {
		if u.Source != "c.md" {
			t.Errorf("second import lists %v, another import's link", u)
		}
	}
	want := []importer.Unresolved{{Source: "c.md", Target: "photo.jpg"}, {Source: "c.md", Target: "Missing note"}}
	if len(rep.MissingEmbeds) != len(want) || rep.MissingEmbeds[0] != want[0] || rep.MissingEmbeds[1] != want[1] {
		t.Errorf("second import's missing embeds %v; want %v", rep.MissingEmbeds, want)
	}
}
