package vectorcache_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"secondbrain/backend"
	"secondbrain/backend/embedder"
	"secondbrain/backend/indexer"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/service"
	"secondbrain/backend/vectorcache"
	"secondbrain/backend/vectorindex"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// vault is a database of embedded notes.
type vault struct {
	t     *testing.T
	ctx   context.Context
	store *pgstore.Store
	notes *service.Notes
	emb   backend.Embedder
	ix    *indexer.Indexer
	path  string
}

func newVault(t *testing.T) *vault {
	t.Helper()
	ctx := context.Background()
	st, err := pgstore.Open(ctx, pgtest.NewDatabase(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	emb, err := embedder.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	v := &vault{t: t, ctx: ctx, store: st, notes: service.NewNotes(st, nil), emb: emb,
		ix: indexer.New(st, emb, nil, indexer.Options{}), path: vectorcache.FilePath(t.TempDir(), emb.Model())}
	topics := []string{"sourdough bread rises in a hot oven", "shares fell as interest rates rose",
		"the hiking trail climbs through pine forest", "a violin concerto in three movements"}
	for i := range 24 {
		body := fmt.Sprintf("# Part\n\n%s, note %d. #%s\n\n# More\n\n%s again.", topics[i%4], i, []string{"food", "money", "walks", "music"}[i%4], topics[(i+1)%4])
		if _, err := v.notes.Create(ctx, fmt.Sprint("Note ", i), []string{"", "a", "a/b"}[i%3], body); err != nil {
			t.Fatal(err)
		}
	}
	v.embed()
	return v
}

// embed embeds every pending note into PostgreSQL (as another process would).
func (v *vault) embed() {
	v.t.Helper()
	if _, err := v.ix.CatchUp(v.ctx); err != nil {
		v.t.Fatal(err)
	}
}

// cache returns a fresh index and its cache over the vault's file.
func (v *vault) cache(model string) (*vectorindex.Index, *vectorcache.Cache) {
	x := vectorindex.New(v.emb.Dim())
	return x, vectorcache.New(v.store, x, vectorcache.Options{Path: v.path, Model: model, Scope: "vault-1"})
}

func (v *vault) load(model string) (*vectorindex.Index, vectorcache.LoadStats) {
	v.t.Helper()
	x, c := v.cache(model)
	st, err := c.Load(v.ctx)
	if err != nil {
		v.t.Fatal(err)
	}
	return x, st
}

// same fails unless x answers as an index read afresh from PostgreSQL.
func (v *vault) same(x *vectorindex.Index) {
	v.t.Helper()
	want := vectorindex.New(v.emb.Dim())
	if _, err := indexer.LoadIndex(v.ctx, v.store, v.emb.Model(), want); err != nil {
		v.t.Fatal(err)
	}
	nw, _ := want.Count(v.ctx)
	nx, _ := x.Count(v.ctx)
	if nw != nx {
		v.t.Fatalf("%d points; a fresh index has %d", nx, nw)
	}
	queries, err := v.emb.Embed(v.ctx, []string{"baking bread", "stock prices", "mountain walk", "orchestra", "new topic entirely"})
	if err != nil {
		v.t.Fatal(err)
	}
	for _, q := range queries {
		for _, f := range []backend.VectorFilter{{}, {Tags: []string{"food"}}, {Folder: "a"}, {Tags: []string{"music"}, Folder: "a/b"}} {
			got, err := x.Search(v.ctx, q, 50, f)
			if err != nil {
				v.t.Fatal(err)
			}
			exp, _ := want.Search(v.ctx, q, 50, f)
			if !reflect.DeepEqual(got, exp) {
				v.t.Fatalf("filter %+v:\n got %v\nwant %v", f, got, exp)
			}
		}
	}
}

func (v *vault) find(title string) *backend.Note {
	v.t.Helper()
	n, err := v.notes.Find(v.ctx, title)
	if err != nil {
		v.t.Fatal(err)
	}
	return n
}

// change edits, retags, trashes, deletes and adds notes, embedding them.
func (v *vault) change() {
	v.t.Helper()
	n := v.find("Note 1")
	if _, err := v.notes.Save(v.ctx, n.ID.String(), n.Version, "An entirely new text about a new topic entirely. #fresh"); err != nil {
		v.t.Fatal(err)
	}
	n = v.find("Note 2")
	if _, err := v.notes.Save(v.ctx, n.ID.String(), n.Version, strings.ReplaceAll(n.Body, "#walks", "#food")); err != nil {
		v.t.Fatal(err)
	}
	if _, err := v.notes.Trash(v.ctx, v.find("Note 3").ID.String()); err != nil {
		v.t.Fatal(err)
	}
	if err := v.notes.Delete(v.ctx, v.find("Note 4").ID.String()); err != nil {
		v.t.Fatal(err)
	}
	if _, err := v.notes.Create(v.ctx, "Added", "a", "A new note on sourdough starters. #food"); err != nil {
		v.t.Fatal(err)
	}
	v.embed()
}

// TestLoadAnswersAlike: the index read from the file plus the changes
// since answers as one read afresh from PostgreSQL — after edits, new
// tags, trashed, deleted and new notes — and Sync keeps a loaded index so.
func TestLoadAnswersAlike(t *testing.T) {
	v := newVault(t)
	model := v.emb.Model()
	first, st := v.load(model)
	if st.FromFile || st.Rebuilt != "no index file" || !st.Saved || st.Points == 0 {
		t.Fatalf("first load = %+v; want a rebuild from PostgreSQL, saved", st)
	}
	v.same(first)
	x, st := v.load(model)
	if !st.FromFile || st.Changed != 0 || st.Saved {
		t.Fatalf("second load = %+v; want the file, unchanged, not saved", st)
	}
	v.same(x)

	// Another process changes notes: a load from the stale file applies them.
	_, running := v.cache(model)
	if _, err := running.Load(v.ctx); err != nil {
		t.Fatal(err)
	}
	v.change()
	x, st = v.load(model)
	if !st.FromFile || st.Changed < 5 || st.Saved {
		t.Fatalf("load after changes = %+v; want the file and 5 notes changed, not saved", st)
	}
	v.same(x)
	// A cache loaded before the changes takes them in with Sync.
	if n, err := running.Sync(v.ctx); err != nil || n < 5 {
		t.Fatalf("Sync = %d, %v; want at least 5 notes", n, err)
	}
	running.SetEmbedded(42)
	running.SetEmbedded(7) // never goes back
	if !running.Save() {
		t.Fatal("Save after a Sync with changes wrote nothing")
	}
	if running.Save() {
		t.Error("a second Save without changes wrote the file again")
	}
	x, c := v.cache(model)
	if st, err := c.Load(v.ctx); err != nil || !st.FromFile || st.Changed != 0 {
		t.Fatalf("load after Save = %+v, %v; want the file with no changes", st, err)
	}
	if c.Embedded() != 42 {
		t.Errorf("the file's mark is %d; want 42", c.Embedded())
	}
	v.same(x)
}

// TestLoadRebuilds: a file that is corrupt, truncated, of another format
// version, model or vault, or too far behind is not used: the index is read
// from PostgreSQL and the file written again.
func TestLoadRebuilds(t *testing.T) {
	v := newVault(t)
	model := v.emb.Model()
	v.load(model)
	good, err := os.ReadFile(v.path)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		data  []byte
		model string
	}{
		{"corrupt", func() []byte { b := append([]byte(nil), good...); b[len(b)/3] ^= 0xff; return b }(), model},
		{"truncated", good[:len(good)/2], model},
		{"other version", func() []byte { b := append([]byte(nil), good...); b[8]++; return b }(), model},
		{"garbage", []byte("not an index"), model},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := os.WriteFile(v.path, tc.data, 0o600); err != nil {
				t.Fatal(err)
			}
			x, st := v.load(tc.model)
			if st.FromFile || !strings.Contains(st.Rebuilt, "unusable index file") || !st.Saved {
				t.Fatalf("load = %+v; want a rebuild, saved", st)
			}
			v.same(x)
			if _, st = v.load(tc.model); !st.FromFile {
				t.Fatalf("load after the rebuild = %+v; want the file", st)
			}
		})
	}
	t.Run("other model", func(t *testing.T) {
		if err := os.WriteFile(v.path, good, 0o600); err != nil {
			t.Fatal(err)
		}
		x, st := v.load("other-model")
		if st.FromFile || !strings.Contains(st.Rebuilt, "model") {
			t.Fatalf("load = %+v; want a rebuild for the other model", st)
		}
		if n, _ := x.Count(v.ctx); n != 0 {
			t.Fatalf("%d points under a model nothing was embedded with", n)
		}
	})
	t.Run("other vault", func(t *testing.T) {
		if err := os.WriteFile(v.path, good, 0o600); err != nil {
			t.Fatal(err)
		}
		x := vectorindex.New(v.emb.Dim())
		c := vectorcache.New(v.store, x, vectorcache.Options{Path: v.path, Model: model, Scope: "vault-2"})
		st, err := c.Load(v.ctx)
		if err != nil || st.FromFile || !strings.Contains(st.Rebuilt, "vault") {
			t.Fatalf("load = %+v, %v; want a rebuild for the other vault", st, err)
		}
		v.same(x)
	})
	t.Run("too far behind", func(t *testing.T) {
		v.load(model)
		// More notes than a fourth of the points (and rewriteAt).
		defer vectorcache.SetRewriteAt(2)()
		for i := 5; i < 20; i++ {
			n := v.find(fmt.Sprint("Note ", i))
			if _, err := v.notes.Save(v.ctx, n.ID.String(), n.Version, n.Body+" More."); err != nil {
				t.Fatal(err)
			}
		}
		v.embed()
		x, st := v.load(model)
		if st.FromFile || !strings.Contains(st.Rebuilt, "too many") || !st.Saved {
			t.Fatalf("load = %+v; want a rebuild for too many changes", st)
		}
		v.same(x)
	})
}

// TestLoadRewritesWhenBehind: a load that applies rewriteAt changes or more
// writes the file, so the next load applies none.
func TestLoadRewritesWhenBehind(t *testing.T) {
	v := newVault(t)
	model := v.emb.Model()
	v.load(model)
	defer vectorcache.SetRewriteAt(3)()
	v.change()
	// 5 changes of 3 needed, but at most max(3, points/4) ≥ 5 read: applied.
	x, st := v.load(model)
	if !st.FromFile || !st.Saved {
		t.Fatalf("load = %+v; want the file and the changes, saved", st)
	}
	v.same(x)
	if _, st = v.load(model); !st.FromFile || st.Changed != 0 {
		t.Fatalf("next load = %+v; want no changes", st)
	}
}

// TestUnwritableFolder: when the file cannot be written the index still loads.
func TestUnwritableFolder(t *testing.T) {
	v := newVault(t)
	blocker := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocker, nil, 0o600)
	x := vectorindex.New(v.emb.Dim())
	c := vectorcache.New(v.store, x, vectorcache.Options{Path: filepath.Join(blocker, "vectors", "m.idx"), Model: v.emb.Model(), Scope: "s"})
	st, err := c.Load(v.ctx)
	if err != nil || st.Saved || errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Load = %+v, %v; want loaded, not saved", st, err)
	}
	v.same(x)
}

// TestMoveEmbeddedSaves: SaveIfBehind writes the file once the owner's mark
// moved past as many touched notes as make a load write it, not before,
// and a mark that does not move counts nothing.
func TestMoveEmbeddedSaves(t *testing.T) {
	defer vectorcache.SetRewriteAt(3)()
	v := newVault(t)
	model := v.emb.Model()
	v.load(model) // the file, written
	_, c := v.cache(model)
	if _, err := c.Load(v.ctx); err != nil {
		t.Fatal(err)
	}
	c.MoveEmbedded(5, 0)
	if !c.SaveIfBehind() {
		t.Fatal("SaveIfBehind did not write the file lacking a mark")
	}
	c.MoveEmbedded(10, 2)
	if c.SaveIfBehind() {
		t.Fatal("SaveIfBehind wrote the file with the mark 2 notes past it; want it at 3")
	}
	c.MoveEmbedded(10, 5) // not past 10: counts nothing
	c.MoveEmbedded(9, 5)
	if c.SaveIfBehind() {
		t.Fatal("SaveIfBehind wrote the file for a mark that did not move")
	}
	c.MoveEmbedded(11, 1)
	if !c.SaveIfBehind() {
		t.Fatal("SaveIfBehind did not write the file with the mark 3 notes past it")
	}
	if c.SaveIfBehind() {
		t.Error("a second SaveIfBehind wrote the file again")
	}
	if _, c = v.cache(model); func() error { _, err := c.Load(v.ctx); return err }() != nil || c.Embedded() != 11 {
		t.Errorf("the file's mark is %d; want 11", c.Embedded())
	}
}
