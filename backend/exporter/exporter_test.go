package exporter_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/blobstore"
	"secondbrain/backend/exporter"
	"secondbrain/backend/importer"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/service"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// fakeSource is a vault in memory, in whatever order the test gives it.
type fakeSource struct {
	notes []*backend.Note
	atts  []backend.Attachment
	links map[uuid.UUID][]backend.ResolvedLink // by source note
	// onNote, when set, is called before each note NotesForExport hands out.
	onNote func()
}

func (f *fakeSource) NotesForExport(ctx context.Context, fn func(*backend.Note) error) error {
	for _, n := range f.notes {
		if f.onNote != nil {
			f.onNote()
		}
		if err := fn(n); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeSource) Attachments(ctx context.Context) ([]backend.Attachment, error) {
	return f.atts, nil
}

func (f *fakeSource) Backlinks(ctx context.Context, id uuid.UUID) ([]backend.Backlink, error) {
	var out []backend.Backlink
	for src, links := range f.links {
		for _, l := range links {
			if l.TargetID == id || l.AttachmentID == id {
				out = append(out, backend.Backlink{SourceID: src, Position: l.Position})
			}
		}
	}
	return out, nil
}

func (f *fakeSource) OutgoingLinks(ctx context.Context, id uuid.UUID) ([]backend.ResolvedLink, error) {
	return f.links[id], nil
}

// note adds a note and returns its id.
func (f *fakeSource) note(path, body string) uuid.UUID {
	id := uuid.NewSHA1(uuid.NameSpaceURL, []byte("note:"+path))
	f.notes = append(f.notes, &backend.Note{ID: id, Path: path, Title: strings.TrimSuffix(filepath.Base(path), ".md"), Body: body})
	return id
}

// attach stores data as an attachment at path.
func (f *fakeSource) attach(tb testing.TB, blobs *blobstore.Store, path, data string) uuid.UUID {
	tb.Helper()
	hash, size, err := blobs.Put(strings.NewReader(data))
	if err != nil {
		tb.Fatal(err)
	}
	id := uuid.NewSHA1(uuid.NameSpaceURL, []byte("att:"+path))
	f.atts = append(f.atts, backend.Attachment{ID: id, Path: path, Size: size, ContentHash: hash})
	return id
}

// link records that the note src links, at the first occurrence of text in
// its body, to the note or attachment target.
func (f *fakeSource) link(src uuid.UUID, text, target, kind string, to uuid.UUID, attachment bool) {
	if f.links == nil {
		f.links = map[uuid.UUID][]backend.ResolvedLink{}
	}
	for _, n := range f.notes {
		if n.ID != src {
			continue
		}
		l := backend.ResolvedLink{LinkRef: backend.LinkRef{Target: target, Kind: kind, Position: strings.Index(n.Body, text)}}
		if attachment {
			l.AttachmentID = to
		} else {
			l.TargetID = to
		}
		f.links[src] = append(f.links[src], l)
	}
}

// reversed returns a copy of f with its notes and attachments in the
// opposite order.
func (f *fakeSource) reversed() *fakeSource {
	r := &fakeSource{links: f.links}
	for i := len(f.notes) - 1; i >= 0; i-- {
		r.notes = append(r.notes, f.notes[i])
	}
	for i := len(f.atts) - 1; i >= 0; i-- {
		r.atts = append(r.atts, f.atts[i])
	}
	return r
}

func newBlobs(tb testing.TB) *blobstore.Store {
	tb.Helper()
	b, err := blobstore.New(filepath.Join(tb.TempDir(), "blobs"))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// tree reads every file under root: slash path → content.
func tree(tb testing.TB, root string) map[string]string {
	tb.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// entries lists the names in dir.
func entries(tb testing.TB, dir string) []string {
	tb.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// collisions is a vault whose paths collide on case-insensitive and
// normalizing disks, and where a file has a folder's name.
func collisions(tb testing.TB, blobs *blobstore.Store) *fakeSource {
	f := &fakeSource{}
	x := f.note("x.md", "# x\n")
	f.note("x.md/y.md", "y\n")
	a := f.note("a.md", "see [[x]] and [x](x.md) and ![[dir]] and [[Case]]\n")
	upper := f.note("Case.md", "upper\n")
	f.note("case.md", "lower\n")
	f.note("caf\u00e9.md", "composed\n")
	f.note("cafe\u0301.md", "decomposed\n")
	f.note("Notes/A.md", "A\n")
	f.note("notes/a.md", "a\n")
	f.note("x (2).md", "already taken\n")
	dir := f.attach(tb, blobs, "dir", "a file named like a folder")
	f.attach(tb, blobs, "Dir/pic.png", "png")
	f.link(a, "[[x]]", "x", "wikilink", x, false)
	f.link(a, "[x](x.md)", "x.md", "markdown", x, false)
	f.link(a, "![[dir]]", "dir", "embed", dir, true)
	f.link(a, "[[Case]]", "Case", "wikilink", upper, false)
	return f
}

// TestCollisions: a file with a folder's name, names that differ only in
// letter case or Unicode normalization are written under free names, each
// listed with its reason, links to them follow, and nothing else moves.
func TestCollisions(t *testing.T) {
	blobs := newBlobs(t)
	src := collisions(t, blobs)
	out := filepath.Join(t.TempDir(), "export")
	rep, err := exporter.Export(context.Background(), src, blobs, out)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rep.Renamed {
		got[r.Path] = r.NewPath
		if r.Reason == "" {
			t.Errorf("renamed %s without a reason", r.Path)
		}
	}
	want := map[string]string{
		"x.md":         "x (3).md",
		"case.md":      "case (2).md",
		"caf\u00e9.md": "caf\u00e9 (2).md",
		"notes/a.md":   "notes/a (2).md",
		"dir":          "dir (2)",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("renamed %v; want %v", got, want)
	}
	files := tree(t, out)
	if len(files) != 12 || rep.Notes != 10 || rep.Attachments != 2 {
		t.Fatalf("wrote %d files, report %d notes %d attachments; want 12, 10, 2: %v", len(files), rep.Notes, rep.Attachments, files)
	}
	folded := map[string]string{}
	for p := range files {
		k := strings.ToLower(p)
		if other, ok := folded[k]; ok {
			t.Errorf("%q and %q differ only in letter case", p, other)
		}
		folded[k] = p
	}
	for p, body := range map[string]string{
		"x (3).md":    "# x\n",
		"x.md/y.md":   "y\n",
		"x (2).md":    "already taken\n",
		"Case.md":     "upper\n",
		"case (2).md": "lower\n",
		"a.md":        "see [[x (3)]] and [x](x%20%283%29.md) and ![[dir (2)]] and [[Case]]\n",
		"dir (2)":     "a file named like a folder",
		"Dir/pic.png": "png",
	} {
		if files[p] != body {
			t.Errorf("%s = %q; want %q", p, files[p], body)
		}
	}
}

// TestDeterministic: the same vault in another order gives the same files
// and the same report, into a new folder as into an existing empty one.
func TestDeterministic(t *testing.T) {
	blobs := newBlobs(t)
	src := collisions(t, blobs)
	var trees []map[string]string
	var renamed [][]exporter.Renamed
	for i, s := range []*fakeSource{src, src.reversed()} {
		parent := t.TempDir()
		out := filepath.Join(parent, "export")
		if i == 1 {
			os.Mkdir(out, 0o700)
		}
		rep, err := exporter.Export(context.Background(), s, blobs, out)
		if err != nil {
			t.Fatal(err)
		}
		trees = append(trees, tree(t, out))
		renamed = append(renamed, rep.Renamed)
		if got := entries(t, parent); !reflect.DeepEqual(got, []string{"export"}) {
			t.Errorf("beside the export: %v; want only the export", got)
		}
		for _, name := range entries(t, out) {
			if strings.HasPrefix(name, ".") {
				t.Errorf("the export holds the temporary %s", name)
			}
		}
	}
	if !reflect.DeepEqual(trees[0], trees[1]) {
		t.Errorf("the two orders wrote different files:\n%v\n%v", trees[0], trees[1])
	}
	if !reflect.DeepEqual(renamed[0], renamed[1]) {
		t.Errorf("the two orders renamed differently:\n%v\n%v", renamed[0], renamed[1])
	}
}

// TestAllOrNothing: a cancel or a failed write part-way through leaves the
// destination as it was (absent, or empty) and no temporary folder behind.
func TestAllOrNothing(t *testing.T) {
	for _, tc := range []struct {
		name     string
		existing bool // the destination is an existing empty folder
		cancel   bool // cancel after a few notes; otherwise a write fails
		wantCode string
	}{
		{"cancel new folder", false, true, backend.ECANCELED},
		{"cancel empty folder", true, true, backend.ECANCELED},
		{"failed write new folder", false, false, backend.EINVALID},
		{"failed write empty folder", true, false, backend.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			blobs := newBlobs(t)
			src := collisions(t, blobs)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.cancel {
				handed := 0
				src.onNote = func() {
					// The first pass plans, the second writes: cancel
					// after three notes are written.
					if handed++; handed == len(src.notes)+4 {
						cancel()
					}
				}
			} else {
				// Sorted last and too long a name for any disk: the
				// failure comes after every other note is written.
				src.note("zz/"+strings.Repeat("z", 300)+".md", "too long\n")
			}
			parent := t.TempDir()
			out := filepath.Join(parent, "deep", "export")
			if tc.existing {
				out = filepath.Join(parent, "export")
				if err := os.Mkdir(out, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			rep, err := exporter.Export(ctx, src, blobs, out)
			if err == nil || backend.ErrorCode(err) != tc.wantCode {
				t.Fatalf("Export = %v, %v; want a %s error", rep, err, tc.wantCode)
			}
			if tc.existing {
				if got := entries(t, out); len(got) != 0 {
					t.Errorf("the export folder holds %v after the failure; want it empty", got)
				}
			} else if got := entries(t, parent); len(got) != 0 {
				t.Errorf("the parent folder holds %v after the failure; want nothing", got)
			}
		})
	}
}

// TestRefused: an export never writes into a folder that is not empty, and
// an export folder that cannot be made leaves nothing behind.
func TestRefused(t *testing.T) {
	blobs := newBlobs(t)
	src := collisions(t, blobs)
	parent := t.TempDir()
	full := filepath.Join(parent, "full")
	os.Mkdir(full, 0o755)
	os.WriteFile(filepath.Join(full, "keep.md"), []byte("mine"), 0o644)
	file := filepath.Join(parent, "file")
	os.WriteFile(file, []byte("a file"), 0o644)
	dirs := []string{full, file, filepath.Join(file, "export"), filepath.Join(file, "a", "b")}
	if runtime.GOOS == "linux" {
		dirs = append(dirs, "/proc/secondbrain-export") // no one may create folders there, not even root
	}
	for _, dir := range dirs {
		if _, err := exporter.Export(context.Background(), src, blobs, dir); backend.ErrorCode(err) != backend.EINVALID {
			t.Errorf("Export to %s: %v; want an invalid error", dir, err)
		}
	}
	if got := entries(t, parent); !reflect.DeepEqual(got, []string{"file", "full"}) {
		t.Errorf("parent holds %v; want [file full]", got)
	}
	if got := tree(t, full); !reflect.DeepEqual(got, map[string]string{"keep.md": "mine"}) {
		t.Errorf("the full folder holds %v; want keep.md untouched", got)
	}
}

// TestFileAndFolderRoundTrip is the case of the issue: a note x.md and a
// note x.md/y.md. Before, the export failed half-way with "not a
// directory"; now x.md is written as "x (3).md" (another note is named
// "x (2)"), the links to it in the
// other notes follow, and importing the export resolves every link the
// vault resolved, to the same notes.
func TestFileAndFolderRoundTrip(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	blobs := newBlobs(t)
	bodies := map[string]string{
		"x.md":         "# x\nsee [[x.md/y]] and [[x]] itself\n",
		"x.md/y.md":    "back to [[x]] and [up](../x.md#top)\n",
		"a.md":         "[[x]], [x](x.md), [[x|an alias]], ![[x#h]] and [[b]]\n",
		"sub/b.md":     "[[x]] and [up](../x.md) and [[a]]\n",
		"sub/x (2).md": "a note of the same name elsewhere, linked as [[sub/x (2)]]\n",
		"c.md":         "---\ntitle: C\n---\n[[x.md/y]] and [[x]]\n",
		"d.md":         "d\n", "e.md": "e\n", "f.md": "f\n", "g.md": "g\n", "h.md": "h\n",
	}
	var batch []backend.NoteWrite
	for p, body := range bodies {
		batch = append(batch, backend.NoteWrite{Title: strings.TrimSuffix(filepath.Base(p), ".md"), Path: p, Body: body, Derived: service.Derive(p, body)})
	}
	if _, err := st.WriteNotes(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ResolveLinks(ctx); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "export")
	rep, err := exporter.Export(ctx, st, blobs, out)
	if err != nil {
		t.Fatal(err)
	}
	want := []exporter.Renamed{{Path: "x.md", NewPath: "x (3).md",
		Reason: `the folder "x.md/" has the same name, and a file and a folder cannot share one`}}
	if rep.Notes != len(bodies) || !reflect.DeepEqual(rep.Renamed, want) {
		t.Fatalf("report %+v; want %d notes and %v", rep, len(bodies), want)
	}
	files := tree(t, out)
	for p, body := range map[string]string{
		"x (3).md":  "# x\nsee [[x.md/y]] and [[x (3)]] itself\n",
		"x.md/y.md": "back to [[x (3)]] and [up](../x%20%283%29.md#top)\n",
		"a.md":      "[[x (3)]], [x](x%20%283%29.md), [[x (3)|an alias]], ![[x (3)#h]] and [[b]]\n",
		"sub/b.md":  "[[x (3)]] and [up](../x%20%283%29.md) and [[a]]\n",
		"c.md":      "---\ntitle: C\n---\n[[x.md/y]] and [[x (3)]]\n",
	} {
		if files[p] != body {
			t.Errorf("%s = %q; want %q", p, files[p], body)
		}
	}

	again := newStore(t)
	irep, err := importer.Import(ctx, again, out, importer.Options{Blobs: newBlobs(t)})
	if err != nil {
		t.Fatal(err)
	}
	if irep.Notes != len(bodies) || len(irep.Renamed) != 0 {
		t.Fatalf("re-import: %d notes, renamed %v; want %d, none", irep.Notes, irep.Renamed, len(bodies))
	}
	before := resolved(t, st, map[string]string{"x.md": "x (3).md"})
	after := resolved(t, again, nil)
	if !reflect.DeepEqual(before, after) {
		t.Errorf("resolved links before the export (renames applied):\n%s\nafter the re-import:\n%s",
			strings.Join(before, "\n"), strings.Join(after, "\n"))
	}
	if len(before) < 14 {
		t.Errorf("%d resolved links; want the vault's links", len(before))
	}
}

func newStore(tb testing.TB) *pgstore.Store {
	tb.Helper()
	st, err := pgstore.Open(context.Background(), pgtest.NewDatabase(tb), nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// resolved lists "source → target" for every resolved link, with paths
// renamed by rename.
func resolved(tb testing.TB, st *pgstore.Store, rename map[string]string) []string {
	tb.Helper()
	rows, err := st.DB().Query(`SELECT s.path, t.path FROM links l JOIN notes s ON s.id = l.source_id JOIN notes t ON t.id = l.target_id`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s, t string
		if err := rows.Scan(&s, &t); err != nil {
			tb.Fatal(err)
		}
		if r, ok := rename[s]; ok {
			s = r
		}
		if r, ok := rename[t]; ok {
			t = r
		}
		out = append(out, s+" → "+t)
	}
	sort.Strings(out)
	return out
}
