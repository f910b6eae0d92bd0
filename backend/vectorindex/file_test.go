package vectorindex_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/vectorindex"
	"secondbrain/backend/vectortest"
)

// reloaded is an index that, after every change, is written to a file and
// read back into a fresh index: the conformance suite then checks that a
// file keeps everything a search depends on.
type reloaded struct {
	mu sync.RWMutex // the suite calls concurrently; a round trip replaces Index
	*vectorindex.Index
	t    testing.TB
	path string
	opts vectorindex.Options
}

func (r *reloaded) roundTrip() {
	r.t.Helper()
	h := vectorindex.FileHeader{Model: "m", Scope: "v", Checkpoint: 9, Embedded: 8}
	if err := r.Index.WriteFile(r.path, h); err != nil {
		r.t.Fatal(err)
	}
	fresh := vectorindex.NewWithOptions(r.Dim(), r.opts)
	got, err := fresh.ReadFile(r.path, h)
	if err != nil {
		r.t.Fatal(err)
	}
	if got != h {
		r.t.Fatalf("header %+v; want %+v", got, h)
	}
	r.Index = fresh
}

func (r *reloaded) Upsert(ctx context.Context, pts []backend.VectorPoint) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.Index.Upsert(ctx, pts); err != nil {
		return err
	}
	r.roundTrip()
	return nil
}

func (r *reloaded) DeleteNote(ctx context.Context, ids ...uuid.UUID) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.Index.DeleteNote(ctx, ids...); err != nil {
		return err
	}
	r.roundTrip()
	return nil
}

func (r *reloaded) Search(ctx context.Context, v []float32, limit int, f backend.VectorFilter) ([]backend.VectorHit, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.Index.Search(ctx, v, limit, f)
}

func (r *reloaded) Count(ctx context.Context) (int, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.Index.Count(ctx)
}

func TestConformanceThroughFile(t *testing.T) {
	for _, o := range []vectorindex.Options{{}, {ExactUpTo: 1}} {
		vectortest.Run(t, func(t *testing.T, dim int) backend.VectorIndex {
			return &reloaded{Index: vectorindex.NewWithOptions(dim, o), t: t, path: filepath.Join(t.TempDir(), "x.idx"), opts: o}
		})
	}
}

// sample returns an index of n clustered points with payloads, and queries.
func sample(t testing.TB, n int, o vectorindex.Options) (*vectorindex.Index, [][]float32) {
	t.Helper()
	vecs, centres := clustered(n, 12, 64, 3)
	ix := vectorindex.NewWithOptions(64, o)
	pts := make([]backend.VectorPoint, n)
	for i, v := range vecs {
		note := uuid.NewSHA1(uuid.Nil, []byte{byte(i / 3), byte(i / 3 >> 8)})
		pts[i] = backend.VectorPoint{ID: uuid.NewSHA1(note, []byte{byte(i)}), NoteID: note, Chunk: i % 3, Vector: v,
			Tags: []string{[]string{"a", "b", "c"}[i%3], "all"}[:1+i%2], Folder: []string{"", "x", "x/y"}[i%3], Type: []string{"", "person"}[i%2]}
	}
	if err := ix.Upsert(context.Background(), pts); err != nil {
		t.Fatal(err)
	}
	return ix, centres
}

// sameSearches fails unless a and b answer the queries alike, filtered or not.
func sameSearches(t *testing.T, a, b backend.VectorIndex, queries [][]float32) {
	t.Helper()
	ctx := context.Background()
	filters := []backend.VectorFilter{{}, {Tags: []string{"a"}}, {Folder: "x"}, {Type: "person"}, {Tags: []string{"all"}, Folder: "x/y"}}
	for qi, q := range queries {
		for _, f := range filters {
			ha, err := a.Search(ctx, q, 10, f)
			if err != nil {
				t.Fatal(err)
			}
			hb, err := b.Search(ctx, q, 10, f)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(ha, hb) {
				t.Fatalf("query %d, filter %+v:\n got %v\nwant %v", qi, f, hb, ha)
			}
		}
	}
	ca, _ := a.Count(ctx)
	cb, _ := b.Count(ctx)
	if ca != cb {
		t.Fatalf("count %d; want %d", cb, ca)
	}
}

// TestFileAnswersAlike: an index read from a file answers every search as
// the index written, exact and approximate (its signatures included).
func TestFileAnswersAlike(t *testing.T) {
	for _, tc := range []struct {
		name string
		o    vectorindex.Options
	}{{"exact", vectorindex.Options{}}, {"approximate", vectorindex.Options{ExactUpTo: 100}}} {
		t.Run(tc.name, func(t *testing.T) {
			ix, queries := sample(t, 3000, tc.o)
			path := filepath.Join(t.TempDir(), "v.idx")
			h := vectorindex.FileHeader{Model: "builtin", Scope: "vault", Checkpoint: 42}
			if err := ix.WriteFile(path, h); err != nil {
				t.Fatal(err)
			}
			got := vectorindex.NewWithOptions(64, tc.o)
			gh, err := got.ReadFile(path, h)
			if err != nil || gh.Checkpoint != 42 {
				t.Fatalf("ReadFile = %+v, %v; want checkpoint 42", gh, err)
			}
			sameSearches(t, ix, got, queries)
			// Changes after the load behave alike too, and never reach
			// the file (it may be mapped into memory).
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			for _, x := range []*vectorindex.Index{ix, got} {
				var notes []uuid.UUID
				x.Search(ctx, queries[0], 5, backend.VectorFilter{})
				hits, _ := x.Search(ctx, queries[1], 7, backend.VectorFilter{})
				for _, h := range hits {
					notes = append(notes, h.NoteID)
				}
				x.DeleteNote(ctx, notes...)
				x.Upsert(ctx, []backend.VectorPoint{{ID: uuid.MustParse("00000000-0000-0000-0000-000000000001"),
					NoteID: uuid.MustParse("00000000-0000-0000-0000-000000000002"), Vector: queries[2], Tags: []string{"a"}}})
			}
			sameSearches(t, ix, got, queries)
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Fatal("changes to the loaded index changed its file")
			}
		})
	}
}

// TestFileRefused: a file that is corrupt, truncated, of another version,
// model, vault or dimension is refused with ErrBadFile, and the index keeps
// what it held.
func TestFileRefused(t *testing.T) {
	ix, queries := sample(t, 500, vectorindex.Options{})
	dir := t.TempDir()
	good := filepath.Join(dir, "good.idx")
	h := vectorindex.FileHeader{Model: "builtin", Scope: "vault", Checkpoint: 7}
	if err := ix.WriteFile(good, h); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	edit := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), data...)) }
	cases := []struct {
		name string
		data []byte
		want vectorindex.FileHeader
	}{
		{"flipped vector byte", edit(func(b []byte) []byte { b[len(b)/2] ^= 0x10; return b }), h},
		{"flipped checksum", edit(func(b []byte) []byte { b[len(b)-1] ^= 1; return b }), h},
		{"truncated", data[:len(data)-300], h},
		{"truncated header", data[:20], h},
		{"empty", nil, h},
		{"extra bytes", append(append([]byte(nil), data...), 0), h},
		{"other version", edit(func(b []byte) []byte { binary.LittleEndian.PutUint32(b[8:], vectorindex.FileVersion+1); return b }), h},
		{"other magic", edit(func(b []byte) []byte { b[0] = 'X'; return b }), h},
		{"huge count", edit(func(b []byte) []byte { binary.LittleEndian.PutUint64(b[16:], 1<<40); return b }), h},
		{"other model", data, vectorindex.FileHeader{Model: "nomic", Scope: "vault"}},
		{"other vault", data, vectorindex.FileHeader{Model: "builtin", Scope: "other"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, "bad.idx")
			if err := os.WriteFile(p, tc.data, 0o600); err != nil {
				t.Fatal(err)
			}
			x, _ := sample(t, 500, vectorindex.Options{})
			if _, err := x.ReadFile(p, tc.want); !errors.Is(err, vectorindex.ErrBadFile) {
				t.Fatalf("ReadFile = %v; want ErrBadFile", err)
			}
			sameSearches(t, ix, x, queries[:2])
		})
	}
	t.Run("other dimension", func(t *testing.T) {
		x := vectorindex.New(32)
		if _, err := x.ReadFile(good, h); !errors.Is(err, vectorindex.ErrBadFile) {
			t.Fatalf("ReadFile = %v; want ErrBadFile", err)
		}
	})
	t.Run("missing", func(t *testing.T) {
		x := vectorindex.New(64)
		if _, err := x.ReadFile(filepath.Join(dir, "none.idx"), h); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("ReadFile = %v; want fs.ErrNotExist", err)
		}
	})
}

// TestFileReplacedWhileRead: readers reading the file while writers
// replace it always read a whole file, one of those written.
func TestFileReplacedWhileRead(t *testing.T) {
	small, _ := sample(t, 300, vectorindex.Options{})
	big, _ := sample(t, 2000, vectorindex.Options{})
	path := filepath.Join(t.TempDir(), "v.idx")
	h := vectorindex.FileHeader{Model: "m", Scope: "s"}
	if err := small.WriteFile(path, h); err != nil {
		t.Fatal(err)
	}
	const rounds = 40
	var wg sync.WaitGroup
	errs := make(chan error, 8*rounds)
	for w, src := range []*vectorindex.Index{small, big} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range rounds {
				if err := src.WriteFile(path, vectorindex.FileHeader{Model: "m", Scope: "s", Checkpoint: int64(w*1000 + i)}); err != nil {
					errs <- err
				}
			}
		}()
	}
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range rounds {
				x := vectorindex.New(64)
				got, err := x.ReadFile(path, h)
				cp := got.Checkpoint
				if err != nil {
					errs <- err
					continue
				}
				n, _ := x.Count(context.Background())
				if want := map[bool]int{true: 300, false: 2000}[cp < 1000]; n != want {
					errs <- errors.New("a file of one writer with the points of the other")
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range entries {
		if e.Name() != filepath.Base(path) && e.Name() != filepath.Base(path)+".checked" {
			t.Errorf("%s left in the folder; want only the index and its stamp", e.Name())
		}
	}
	x := vectorindex.New(64)
	if _, err := x.ReadFile(path, h); err != nil {
		t.Fatal(err)
	}
}
