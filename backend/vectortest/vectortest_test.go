package vectortest

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"testing"

	"github.com/google/uuid"

	"secondbrain/backend"
)

// memIndex is the simplest correct backend.VectorIndex, a brute-force scan
// under a mutex: it checks that the suite itself holds.
type memIndex struct {
	dim    int
	mu     sync.Mutex
	points map[uuid.UUID]backend.VectorPoint
}

func (m *memIndex) Upsert(_ context.Context, points []backend.VectorPoint) error {
	for _, p := range points {
		if len(p.Vector) != m.dim {
			return backend.Errorf(backend.EINVALID, "vector of %d dimensions; want %d", len(p.Vector), m.dim)
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, p := range points {
		m.points[p.ID] = p
	}
	return nil
}

func (m *memIndex) DeleteNote(_ context.Context, notes ...uuid.UUID) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for pid, p := range m.points {
		if slices.Contains(notes, p.NoteID) {
			delete(m.points, pid)
		}
	}
	return nil
}

func (m *memIndex) Search(_ context.Context, q []float32, limit int, f backend.VectorFilter) ([]backend.VectorHit, error) {
	if len(q) != m.dim || limit < 1 {
		return nil, backend.Errorf(backend.EINVALID, "bad query")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var hits []backend.VectorHit
	for _, p := range m.points {
		if matches(p, f) {
			hits = append(hits, backend.VectorHit{ID: p.ID, NoteID: p.NoteID, Chunk: p.Chunk, Score: float32(cosine(q, p.Vector))})
		}
	}
	slices.SortFunc(hits, func(a, b backend.VectorHit) int {
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return bytes.Compare(a.ID[:], b.ID[:])
	})
	return hits[:min(limit, len(hits))], nil
}

func (m *memIndex) Count(context.Context) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.points), nil
}

func TestMemIndex(t *testing.T) {
	Run(t, func(t *testing.T, dim int) backend.VectorIndex {
		return &memIndex{dim: dim, points: map[uuid.UUID]backend.VectorPoint{}}
	})
}

func TestInFolder(t *testing.T) {
	tests := []struct {
		folder, dir string
		want        bool
	}{
		{"notes", "notes", true},
		{"notes/sub", "notes", true},
		{"notes2", "notes", false},
		{"other/notes", "notes", false},
		{"", "notes", false},
		{"", "", true},
		{"notes", "", true},
		{"notes/sub", "notes/", true},
	}
	for _, tt := range tests {
		if got := inFolder(tt.folder, tt.dir); got != tt.want {
			t.Errorf("inFolder(%q, %q) = %v; want %v", tt.folder, tt.dir, got, tt.want)
		}
	}
}

func TestCosine(t *testing.T) {
	tests := []struct {
		a, b []float32
		want float64
	}{
		{[]float32{1, 0}, []float32{5, 0}, 1},
		{[]float32{1, 0}, []float32{0, 2}, 0},
		{[]float32{1, 0}, []float32{-1, 0}, -1},
		{[]float32{1, 1}, []float32{1, 0}, 1 / math.Sqrt2},
		{[]float32{0, 0}, []float32{1, 0}, 0},
	}
	for _, tt := range tests {
		if got := cosine(tt.a, tt.b); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("cosine(%v, %v) = %v; want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// brokenTies orders ties by descending ID: the suite must notice.
type brokenTies struct{ *memIndex }

func (b brokenTies) Search(ctx context.Context, q []float32, limit int, f backend.VectorFilter) ([]backend.VectorHit, error) {
	hits, err := b.memIndex.Search(ctx, q, 1000000, f)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(hits, func(a, b backend.VectorHit) int {
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return bytes.Compare(b.ID[:], a.ID[:])
	})
	return hits[:min(limit, len(hits))], nil
}

// recorder collects the errors a check reports instead of failing.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// TestCheckCatchesBrokenTies checks that a tie broken by the larger ID,
// also at the limit, is reported.
func TestCheckCatchesBrokenTies(t *testing.T) {
	s := newSet()
	ix := brokenTies{&memIndex{dim: 4, points: map[uuid.UUID]backend.VectorPoint{}}}
	for _, name := range []string{"a", "b", "c"} {
		s.add(name, backend.VectorPoint{ID: id(name), NoteID: id("n"), Vector: vec(4, 1)})
	}
	if err := ix.Upsert(context.Background(), s.all()); err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int{1, 3} {
		q := vec(4, 1)
		got, err := ix.Search(context.Background(), q, limit, backend.VectorFilter{})
		if err != nil {
			t.Fatal(err)
		}
		r := &recorder{TB: t}
		s.check(r, "broken", q, got, s.bruteForce(q, limit, backend.VectorFilter{}))
		if len(r.errs) == 0 {
			t.Errorf("limit %d: check reported nothing for ties in descending ID order %v", limit, s.hitNames(got))
		}
	}
}
