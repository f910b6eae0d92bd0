package importer_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"

	"secondbrain/backend/blobstore"
	"secondbrain/backend/exporter"
	"secondbrain/backend/importer"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/testkit/corpora"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

type env struct {
	store *pgstore.Store
	blobs *blobstore.Store
}

func newEnv(tb testing.TB) env {
	tb.Helper()
	st, err := pgstore.Open(context.Background(), pgtest.NewDatabase(tb), nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	blobs, err := blobstore.New(filepath.Join(tb.TempDir(), "blobs"))
	if err != nil {
		tb.Fatal(err)
	}
	return env{st, blobs}
}

func (e env) importDir(tb testing.TB, dir string) *importer.Report {
	tb.Helper()
	rep, err := importer.Import(context.Background(), e.store, dir, importer.Options{Blobs: e.blobs})
	if err != nil {
		tb.Fatalf("import %s: %v", dir, err)
	}
	return rep
}

// snapshot describes everything an import derives, independent of ids.
func snapshot(tb testing.TB, db *sql.DB) map[string][]string {
	tb.Helper()
	queries := map[string]string{
		"notes": `SELECT path || '|' || title || '|' || content_hash || '|' || note_type FROM notes WHERE trashed_at IS NULL`,
		"links": `SELECT s.path || '|' || l.target || '|' || l.anchor || '|' || l.alias || '|' || l.kind || '|' || l.rel || '|' || l.position || '|' ||
			coalesce(t.path, '') || '|' || coalesce(a.path, '')
			FROM links l JOIN notes s ON s.id = l.source_id LEFT JOIN notes t ON t.id = l.target_id LEFT JOIN attachments a ON a.id = l.attachment_id`,
		"tags":        `SELECT n.path || '|' || t.name FROM note_tags nt JOIN notes n ON n.id = nt.note_id JOIN tags t ON t.id = nt.tag_id`,
		"properties":  `SELECT n.path || '|' || p.key || '|' || p.value FROM properties p JOIN notes n ON n.id = p.note_id`,
		"aliases":     `SELECT n.path || '|' || a.name FROM aliases a JOIN notes n ON n.id = a.note_id`,
		"attachments": `SELECT path || '|' || content_hash || '|' || size FROM attachments`,
	}
	out := map[string][]string{}
	for name, q := range queries {
		rows, err := db.Query(q)
		if err != nil {
			tb.Fatalf("%s: %v", name, err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				tb.Fatal(err)
			}
			out[name] = append(out[name], s)
		}
		rows.Close()
		sort.Strings(out[name])
	}
	return out
}

func diffSnapshots(t *testing.T, a, b map[string][]string) {
	t.Helper()
	for name, rows := range a {
		other := b[name]
		if len(rows) != len(other) {
			t.Errorf("%s: %d rows before the round trip, %d after", name, len(rows), len(other))
			continue
		}
		for i := range rows {
			if rows[i] != other[i] {
				t.Errorf("%s differ at %d:\n  before %s\n  after  %s", name, i, rows[i], other[i])
				break
			}
		}
	}
}

// TestRoundTripCorpora imports each real vault, exports it, imports the
// export into a new database and finds the same notes, bodies, links,
// tags, properties, aliases and attachments; exported files are
// byte-identical to the originals.
func TestRoundTripCorpora(t *testing.T) {
	for _, tc := range []struct {
		name      string
		dir       string
		minNotes  int
		minLinks  int
		wantFmt   string
		wantTypes bool
	}{
		{"garden", corpora.Dir("garden"), 7700, 45000, "markdown", false},
		{"logseq-docs", corpora.Dir("logseq-docs"), 310, 1000, "markdown", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := os.Stat(tc.dir); err != nil {
				t.Fatalf("corpus missing: %v", err)
			}
			first := newEnv(t)
			rep := first.importDir(t, tc.dir)
			if rep.Notes < tc.minNotes || rep.Links < tc.minLinks || rep.Created != rep.Notes {
				t.Fatalf("report %+v; want ≥ %d notes, ≥ %d links, all created", summary(rep), tc.minNotes, tc.minLinks)
			}
			again := first.importDir(t, tc.dir)
			if again.Created != 0 || again.Updated != 0 || again.Unchanged != rep.Notes || again.Links != rep.Links {
				t.Fatalf("re-import %+v; want everything unchanged, nothing duplicated", summary(again))
			}
			out := filepath.Join(t.TempDir(), "export")
			exp, err := exporter.Export(context.Background(), first.store, first.blobs, out)
			if err != nil {
				t.Fatal(err)
			}
			if exp.Notes != rep.Notes || exp.Attachments != rep.Attachments {
				t.Fatalf("exported %d notes, %d attachments; imported %d, %d", exp.Notes, exp.Attachments, rep.Notes, rep.Attachments)
			}
			renamed := map[string]bool{}
			for _, r := range rep.Renamed {
				renamed[r.Path] = true
			}
			skipped := map[string]bool{}
			for _, s := range rep.Skipped {
				skipped[s.Path] = true
			}
			checked := 0
			filepath.WalkDir(tc.dir, func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
					return nil
				}
				rel, _ := filepath.Rel(tc.dir, p)
				if renamed[rel] || skipped[rel] {
					return nil
				}
				orig, _ := os.ReadFile(p)
				got, err := os.ReadFile(filepath.Join(out, rel))
				if err != nil || !bytes.Equal(orig, got) {
					t.Errorf("%s: exported file differs from the original (%v)", rel, err)
				}
				checked++
				return nil
			})
			if checked < tc.minNotes-200 {
				t.Fatalf("compared %d files byte for byte; want most of %d", checked, rep.Notes)
			}
			second := newEnv(t)
			rep2 := second.importDir(t, out)
			if rep2.Notes != rep.Notes || len(rep2.Renamed) != 0 {
				t.Fatalf("re-import of the export: %+v, renamed %v; want %d notes, none renamed", summary(rep2), rep2.Renamed, rep.Notes)
			}
			diffSnapshots(t, snapshot(t, first.store.DB()), snapshot(t, second.store.DB()))
		})
	}
}

func summary(r *importer.Report) map[string]int {
	return map[string]int{"notes": r.Notes, "created": r.Created, "updated": r.Updated, "unchanged": r.Unchanged,
		"links": r.Links, "unresolved": r.UnresolvedLinks, "attachments": r.Attachments, "skipped": len(r.Skipped), "renamed": len(r.Renamed)}
}

func write(t *testing.T, root, rel string, data []byte) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBadInput: every bad file gets a clear report entry; nothing else is lost.
func TestBadInput(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	write(t, outside, "secret.md", []byte("outside the vault"))
	write(t, root, "good.md", []byte("# Good\nlinks [[other]] and [up](../../etc/passwd.md) and ![[pic.png]]\n"))
	write(t, root, "other.md", []byte("embeds ![[cycle]]"))
	write(t, root, "cycle.md", []byte("embeds ![[other]]"))
	write(t, root, "img/pic.png", []byte("\x89PNG fake image"))
	write(t, root, "img/copy.png", []byte("\x89PNG fake image")) // same bytes, not linked
	write(t, root, "bad utf8.md", []byte("caf\xe9 au lait"))
	write(t, root, "binary.md", []byte("\x00\x01\x02 binary"))
	write(t, root, "yaml.md", []byte("---\ntitle: [unclosed\n---\nbody survives\n"))
	write(t, root, "Case.md", []byte("upper"))
	write(t, root, "case.md", []byte("lower"))
	write(t, root, ".obsidian/workspace.md", []byte("hidden"))
	write(t, root, "bad\xffname.md", []byte("x"))
	var many strings.Builder
	for i := 0; i < 10000; i++ {
		many.WriteString("[[target ")
		many.WriteString(strings.Repeat("x", i%7))
		many.WriteString("]] ")
	}
	write(t, root, "many links.md", []byte(many.String()))
	big, err := os.Create(filepath.Join(root, "huge.md"))
	if err != nil {
		t.Fatal(err)
	}
	big.Truncate(50 << 20) // 50 MB
	big.Close()
	if err := os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(root, "escape.md")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(root, "pipe.md"), 0o644); err != nil {
		t.Fatal(err)
	}

	e := newEnv(t)
	rep := e.importDir(t, root)
	reasons := map[string]string{}
	for _, s := range rep.Skipped {
		reasons[s.Path] = s.Reason
	}
	for path, want := range map[string]string{
		"bad utf8.md":      "not valid UTF-8",
		"binary.md":        "binary",
		"huge.md":          "limited to 32 MB",
		"escape.md":        "outside the vault",
		"pipe.md":          "not a regular file",
		"img/copy.png":     "no note links to it",
		`"bad\xffname.md"`: "not valid UTF-8",
	} {
		if !strings.Contains(reasons[path], want) {
			t.Errorf("skipped[%s] = %q; want it to mention %q", path, reasons[path], want)
		}
	}
	if len(rep.Renamed) != 1 || rep.Renamed[0].Path != "case.md" || rep.Renamed[0].NewPath != "case (2).md" {
		t.Errorf("renamed = %+v; want case.md → case (2).md", rep.Renamed)
	}
	if len(rep.Warnings) != 1 || rep.Warnings[0].Path != "yaml.md" {
		t.Errorf("warnings = %+v; want one for yaml.md", rep.Warnings)
	}
	if rep.Notes != 7 { // good, other, cycle, yaml, Case, case (2), many links
		t.Errorf("imported %d notes; want 7 (%+v)", rep.Notes, summary(rep))
	}
	if rep.Attachments != 1 {
		t.Errorf("attachments = %d; want 1 (pic.png)", rep.Attachments)
	}
	var body string
	e.store.DB().QueryRow(`SELECT body FROM notes WHERE path = 'yaml.md'`).Scan(&body)
	if !strings.Contains(body, "title: [unclosed") || !strings.Contains(body, "body survives") {
		t.Errorf("yaml.md body = %q; want the raw front matter and body kept", body)
	}
	var resolvedEmbeds int
	e.store.DB().QueryRow(`SELECT count(*) FROM links WHERE kind = 'embed' AND (target_id IS NOT NULL OR attachment_id IS NOT NULL)`).Scan(&resolvedEmbeds)
	if resolvedEmbeds != 3 { // cycle both ways + pic.png
		t.Errorf("%d embeds resolved; want 3", resolvedEmbeds)
	}
	var escaping string
	e.store.DB().QueryRow(`SELECT target_key || '|' || (target_id IS NULL)::text FROM links WHERE target LIKE '%passwd%'`).Scan(&escaping)
	if escaping != "|true" {
		t.Errorf("escaping link = %q; want an empty key, unresolved", escaping)
	}
	var manyLinks int
	e.store.DB().QueryRow(`SELECT count(*) FROM links l JOIN notes n ON n.id = l.source_id WHERE n.path = 'many links.md'`).Scan(&manyLinks)
	if manyLinks != 10000 {
		t.Errorf("many links.md has %d links; want 10000", manyLinks)
	}
}

// TestCancelHalfway cancels after the first batch: what was committed stays
// consistent and running again finishes the job.
func TestCancelHalfway(t *testing.T) {
	root := t.TempDir()
	for i := 0; i < 50; i++ {
		write(t, root, fmt.Sprintf("n%03d.md", i), []byte("see [[n000]] and [[n049]]"))
	}
	e := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	rep, err := importer.Import(ctx, e.store, root, importer.Options{Blobs: e.blobs, BatchSize: 10,
		OnProgress: func(p importer.Progress) {
			if p.Phase == "notes" && p.Done >= 10 {
				cancel()
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Canceled || rep.Notes == 0 || rep.Notes >= 50 {
		t.Fatalf("canceled import: %+v canceled=%v; want a partial, canceled import", summary(rep), rep.Canceled)
	}
	// No half batch: whole batches of 10 notes, each note with its links,
	// search data and event.
	var notes, links, searchable, events int
	e.store.DB().QueryRow(`SELECT (SELECT count(*) FROM notes), (SELECT count(*) FROM links), (SELECT count(*) FROM note_search),
		(SELECT count(*) FROM events WHERE note_id IS NOT NULL)`).Scan(&notes, &links, &searchable, &events)
	if notes == 0 || notes%10 != 0 || links != 2*notes || searchable != notes || events != notes {
		t.Fatalf("after the cancel: %d notes (want whole batches of 10), %d links, %d indexed, %d events", notes, links, searchable, events)
	}
	var unresolvedToPresent int
	e.store.DB().QueryRow(`SELECT count(*) FROM links l JOIN notes n ON lower(n.title) = l.target_key WHERE l.target_id IS NULL`).Scan(&unresolvedToPresent)
	if unresolvedToPresent != 0 {
		t.Fatalf("%d links point at imported notes but are unresolved after the cancel", unresolvedToPresent)
	}
	rep = e.importDir(t, root)
	if rep.Notes != 50 || rep.Canceled || rep.UnresolvedLinks != 0 || rep.Links != 100 {
		t.Fatalf("second run: %+v; want 50 notes, 100 links, all resolved", summary(rep))
	}
}
