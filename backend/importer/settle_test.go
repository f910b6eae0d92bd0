package importer_test

import (
	"context"
	"testing"

	"secondbrain/backend/importer"
	"secondbrain/backend/testkit/corpora"
)

// TestSettledLinksResolveAsAtTheEnd checks the links an import resolves as
// it writes them: each must point where resolving every link once at the
// end points it. The small vault puts better candidates in later batches
// (an exact path after a title match, a title in a shorter folder, a note
// beside the source, an alias in a shorter path), names with non-ASCII
// letters; batches of one note make every link a forward or a backward one.
func TestSettledLinksResolveAsAtTheEnd(t *testing.T) {
	small := t.TempDir()
	for rel, body := range map[string]string{
		"0src.md":       "[[Bar]] [[x/Bar]] [[c/Bar]] [[ÉTÉ]] [[alias me]] [[Aliased]] [md](sub/Bar.md) ![[pic.png]] [[Missing]]",
		"a/0src.md":     "[[Bar]] [[Foo]] [rel](Foo.md) [[b/c/Bar]] [[été]]",
		"a/Bar.md":      "[[bar]] [[Foo]]",
		"a/Foo.md":      "[[0src]] [[Bar]]",
		"bar.md":        "[[x/Bar]] [[Été]]",
		"b/c/Bar.md":    "[[Bar]] [[c/Bar]]",
		"x/Bar.md":      "[[Bar]] [[alias me]]",
		"zz/Bar.md":     "[[bar]] [[alias me]]",
		"é/A.md":        "---\naliases: [alias me]\n---\nan alias in a shorter path, written later",
		"zz/Aliased.md": "---\naliases: [alias me]\n---\n[[Bar]]",
		"Été.md":        "[[ÉTÉ]] [[Bar]]",
		"z/Été.md":      "[[été]] [[z/été]]",
		"sub/Bar.md":    "[[0src]]",
		// Each link of m/0src.md has a worse candidate before it and a
		// better one after it: a title in a shorter path, a vault path
		// over a title, a vault path over a path suffix, a note beside it.
		"m/0src.md":      "[[Leaf]] [[Été]] [[p/Leaf]] [[Near]]",
		"k/long/Leaf.md": "",
		"n/Leaf.md":      "",
		"c/x/Été.md":     "",
		"k/p/Leaf.md":    "",
		"p/Leaf.md":      "",
		"a/Near.md":      "",
		"m/Near.md":      "",
	} {
		write(t, small, rel, []byte(body))
	}
	write(t, small, "pic.png", []byte("\x89PNG"))
	for _, tc := range []struct {
		name  string
		dir   string
		batch int
	}{
		{"small", small, 1},
		{"garden", corpora.Dir("garden"), 500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			if _, err := importer.Import(context.Background(), e.store, tc.dir, importer.Options{Blobs: e.blobs, BatchSize: tc.batch}); err != nil {
				t.Fatal(err)
			}
			db := e.store.DB()
			// The links resolved at the end are those the links.resolved
			// events name; some must have been resolved as written.
			var atEnd, resolved int
			if err := db.QueryRow(`SELECT
				(SELECT count(DISTINCT s) FROM events e, jsonb_array_elements_text(e.payload->'sources') s WHERE e.kind = 'links.resolved'),
				(SELECT count(DISTINCT source_id) FROM links WHERE target_id IS NOT NULL)`).Scan(&atEnd, &resolved); err != nil {
				t.Fatal(err)
			}
			if resolved == 0 || atEnd >= resolved {
				t.Errorf("%d notes have resolved links, %d of them resolved at the end; want fewer: some resolved as written", resolved, atEnd)
			}
			got := snapshot(t, db)
			if _, err := db.Exec(`UPDATE links SET target_id = NULL, attachment_id = NULL`); err != nil {
				t.Fatal(err)
			}
			if _, err := e.store.ResolveLinks(context.Background()); err != nil {
				t.Fatal(err)
			}
			diffSnapshots(t, got, snapshot(t, db))
		})
	}
}
