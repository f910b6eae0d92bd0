package vectortest

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"secondbrain/backend"
)

// Factory returns a new, empty VectorIndex of dimension dim, private to t.
type Factory func(t *testing.T, dim int) backend.VectorIndex

// scoreTolerance is how far a returned score may be from the exact cosine.
const scoreTolerance = 1e-4

// Run runs every case as a subtest of t.
func Run(t *testing.T, newIndex Factory) {
	cases := []struct {
		name string
		run  func(*testing.T, Factory)
	}{
		{"Empty", testEmpty},
		{"UpsertAndSearch", testUpsertAndSearch},
		{"ReplaceByID", testReplaceByID},
		{"DeleteNote", testDeleteNote},
		{"Ranking", testRanking},
		{"Ties", testTies},
		{"Filters", testFilters},
		{"Limit", testLimit},
		{"WrongDimension", testWrongDimension},
		{"Concurrent", testConcurrent},
		{"BruteForce", testBruteForce},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, newIndex) })
	}
}

// ctx returns a context for one case, canceled when it ends.
func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return c
}

// id returns a UUID derived from a name, stable across runs.
func id(name string) uuid.UUID {
	return uuid.NewSHA1(uuid.NameSpaceOID, []byte("vectortest/"+name))
}

// vec returns a vector of length dim starting with vals, zeros after.
func vec(dim int, vals ...float32) []float32 {
	v := make([]float32, dim)
	copy(v, vals)
	return v
}

// cosine returns the exact cosine similarity of a and b (0 for a zero vector).
func cosine(a, b []float32) float64 {
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

// set is a reference copy of what an index should hold, with names for
// readable messages.
type set struct {
	points map[uuid.UUID]backend.VectorPoint
	names  map[uuid.UUID]string
}

func newSet() *set {
	return &set{points: map[uuid.UUID]backend.VectorPoint{}, names: map[uuid.UUID]string{}}
}

// add records points under their names (the point's name is the key of its ID).
func (s *set) add(name string, p backend.VectorPoint) backend.VectorPoint {
	s.points[p.ID] = p
	s.names[p.ID] = name
	return p
}

func (s *set) all() []backend.VectorPoint {
	out := make([]backend.VectorPoint, 0, len(s.points))
	for _, p := range s.points {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b backend.VectorPoint) int { return bytes.Compare(a.ID[:], b.ID[:]) })
	return out
}

func (s *set) deleteNote(notes ...uuid.UUID) {
	for pid, p := range s.points {
		if slices.Contains(notes, p.NoteID) {
			delete(s.points, pid)
		}
	}
}

func (s *set) name(pid uuid.UUID) string {
	if n, ok := s.names[pid]; ok {
		return n
	}
	return pid.String()
}

func (s *set) hitNames(hits []backend.VectorHit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = s.name(h.ID)
	}
	return out
}

// inFolder reports whether folder is dir or inside it.
func inFolder(folder, dir string) bool {
	dir = strings.Trim(dir, "/")
	folder = strings.Trim(folder, "/")
	return dir == "" || folder == dir || strings.HasPrefix(folder, dir+"/")
}

// matches is the reference meaning of a filter.
func matches(p backend.VectorPoint, f backend.VectorFilter) bool {
	for _, tag := range f.Tags {
		if !slices.Contains(p.Tags, tag) {
			return false
		}
	}
	if f.Folder != "" && !inFolder(p.Folder, f.Folder) {
		return false
	}
	if f.Type != "" && p.Type != f.Type {
		return false
	}
	if f.ExcludeNote != uuid.Nil && p.NoteID == f.ExcludeNote {
		return false
	}
	return true
}

// expected is one hit of the brute-force search.
type expected struct {
	id    uuid.UUID
	score float64
}

// bruteForce returns the exact answer of Search over the set.
func (s *set) bruteForce(q []float32, limit int, f backend.VectorFilter) []expected {
	var out []expected
	for _, p := range s.points {
		if matches(p, f) {
			out = append(out, expected{p.ID, cosine(q, p.Vector)})
		}
	}
	slices.SortFunc(out, func(a, b expected) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		return bytes.Compare(a.id[:], b.id[:])
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// check compares hits with the brute-force answer: the same points in the
// same order, a different point accepted only where its exact score is
// within scoreTolerance of the expected one; scores close to exact; equal
// scores ordered by ID; NoteID and Chunk those of the point.
func (s *set) check(t testing.TB, what string, q []float32, got []backend.VectorHit, want []expected) {
	t.Helper()
	if len(got) != len(want) {
		wantNames := make([]string, len(want))
		for i, w := range want {
			wantNames[i] = s.name(w.id)
		}
		t.Errorf("%s: got %d hits %v; want %d %v", what, len(got), s.hitNames(got), len(want), wantNames)
		return
	}
	seen := map[uuid.UUID]bool{}
	for i, h := range got {
		p, ok := s.points[h.ID]
		if !ok {
			t.Errorf("%s: hit %d is %s, a point the index should not hold", what, i, h.ID)
			continue
		}
		if seen[h.ID] {
			t.Errorf("%s: hit %d repeats %s", what, i, s.name(h.ID))
		}
		seen[h.ID] = true
		exact := cosine(q, p.Vector)
		switch {
		case h.ID == want[i].id:
		case exact == want[i].score:
			t.Errorf("%s: hit %d is %s; want %s, which ties with it (score %.6f) and has the smaller ID", what, i, s.name(h.ID), s.name(want[i].id), exact)
		case math.Abs(exact-want[i].score) > scoreTolerance:
			t.Errorf("%s: hit %d is %s (score %.6f); want %s (score %.6f)", what, i, s.name(h.ID), exact, s.name(want[i].id), want[i].score)
		}
		if math.Abs(float64(h.Score)-exact) > scoreTolerance {
			t.Errorf("%s: hit %d %s: got score %.6f; want %.6f", what, i, s.name(h.ID), h.Score, exact)
		}
		if h.NoteID != p.NoteID || h.Chunk != p.Chunk {
			t.Errorf("%s: hit %d %s: got note %s chunk %d; want note %s chunk %d", what, i, s.name(h.ID), h.NoteID, h.Chunk, p.NoteID, p.Chunk)
		}
		if i > 0 {
			prev := got[i-1]
			if prev.Score < h.Score {
				t.Errorf("%s: hit %d %s (score %v) ranks above hit %d %s (score %v)", what, i-1, s.name(prev.ID), prev.Score, i, s.name(h.ID), h.Score)
			} else if prev.Score == h.Score && bytes.Compare(prev.ID[:], h.ID[:]) > 0 {
				t.Errorf("%s: tie at score %v: %s before %s; want ties by ID ascending", what, h.Score, s.name(prev.ID), s.name(h.ID))
			}
		}
	}
}

// search runs a search that must succeed and checks it against the set.
func (s *set) search(t *testing.T, ix backend.VectorIndex, what string, q []float32, limit int, f backend.VectorFilter) []backend.VectorHit {
	t.Helper()
	got, err := ix.Search(ctx(t), q, limit, f)
	if err != nil {
		t.Fatalf("%s: Search: %v", what, err)
	}
	s.check(t, what, q, got, s.bruteForce(q, limit, f))
	return got
}

func upsert(t *testing.T, ix backend.VectorIndex, points ...backend.VectorPoint) {
	t.Helper()
	if err := ix.Upsert(ctx(t), points); err != nil {
		t.Fatalf("Upsert %d points: %v", len(points), err)
	}
}

func wantCount(t *testing.T, ix backend.VectorIndex, want int) {
	t.Helper()
	got, err := ix.Count(ctx(t))
	if err != nil {
		t.Fatalf("Count: %v", err)
	}
	if got != want {
		t.Errorf("Count = %d; want %d", got, want)
	}
}

func wantCode(t *testing.T, what string, err error, want string) {
	t.Helper()
	if got := backend.ErrorCode(err); got != want {
		t.Errorf("%s: got error %v (code %q); want code %q", what, err, got, want)
	}
}

func testEmpty(t *testing.T, newIndex Factory) {
	ix := newIndex(t, 4)
	wantCount(t, ix, 0)
	for _, f := range []backend.VectorFilter{{}, {Tags: []string{"a"}}, {Folder: "notes"}, {Type: "idea"}, {ExcludeNote: id("n")}} {
		got, err := ix.Search(ctx(t), vec(4, 1), 10, f)
		if err != nil {
			t.Fatalf("Search(%+v) on an empty index: %v", f, err)
		}
		if len(got) != 0 {
			t.Errorf("Search(%+v) on an empty index: got %d hits; want 0", f, len(got))
		}
	}
	if err := ix.DeleteNote(ctx(t), id("nobody")); err != nil {
		t.Errorf("DeleteNote(unknown) on an empty index: %v", err)
	}
	if err := ix.DeleteNote(ctx(t)); err != nil {
		t.Errorf("DeleteNote() with no notes: %v", err)
	}
	if err := ix.Upsert(ctx(t), nil); err != nil {
		t.Errorf("Upsert(nil): %v", err)
	}
	wantCount(t, ix, 0)
}

func testUpsertAndSearch(t *testing.T, newIndex Factory) {
	ix := newIndex(t, 4)
	s := newSet()
	a, b := id("note a"), id("note b")
	upsert(t, ix,
		s.add("a0", backend.VectorPoint{ID: id("a0"), NoteID: a, Chunk: 0, Vector: vec(4, 1, 0, 0, 0), Tags: []string{"x"}, Folder: "f", Type: "idea"}),
		s.add("a1", backend.VectorPoint{ID: id("a1"), NoteID: a, Chunk: 1, Vector: vec(4, 0, 1, 0, 0)}),
		s.add("b0", backend.VectorPoint{ID: id("b0"), NoteID: b, Chunk: 0, Vector: vec(4, 1, 1, 0, 0)}),
	)
	wantCount(t, ix, 3)
	got := s.search(t, ix, "search e1", vec(4, 1, 0, 0, 0), 10, backend.VectorFilter{})
	if names := s.hitNames(got); !slices.Equal(names, []string{"a0", "b0", "a1"}) {
		t.Errorf("search e1: got %v; want [a0 b0 a1]", names)
	}
	if err := ix.Upsert(ctx(t), []backend.VectorPoint{}); err != nil {
		t.Errorf("Upsert(empty): %v", err)
	}
	wantCount(t, ix, 3)
}

func testReplaceByID(t *testing.T, newIndex Factory) {
	ix := newIndex(t, 4)
	s := newSet()
	n := id("note")
	pid := id("p")
	upsert(t, ix, s.add("p", backend.VectorPoint{ID: pid, NoteID: n, Chunk: 0, Vector: vec(4, 1), Tags: []string{"old"}, Folder: "a", Type: "x"}))
	upsert(t, ix, s.add("other", backend.VectorPoint{ID: id("other"), NoteID: id("other note"), Chunk: 0, Vector: vec(4, 1, 1)}))
	upsert(t, ix, s.add("p", backend.VectorPoint{ID: pid, NoteID: n, Chunk: 3, Vector: vec(4, 0, 1), Tags: []string{"new"}, Folder: "b", Type: "y"}))
	wantCount(t, ix, 2)
	got := s.search(t, ix, "after replace", vec(4, 0, 1), 1, backend.VectorFilter{})
	if len(got) == 1 && (got[0].ID != pid || got[0].Chunk != 3 || got[0].Score < 1-scoreTolerance) {
		t.Errorf("after replace: got %s chunk %d score %v; want p chunk 3 score 1", s.name(got[0].ID), got[0].Chunk, got[0].Score)
	}
	tests := []struct {
		name string
		f    backend.VectorFilter
		want []string
	}{
		{"old tag", backend.VectorFilter{Tags: []string{"old"}}, nil},
		{"new tag", backend.VectorFilter{Tags: []string{"new"}}, []string{"p"}},
		{"old folder", backend.VectorFilter{Folder: "a"}, nil},
		{"new folder", backend.VectorFilter{Folder: "b"}, []string{"p"}},
		{"old type", backend.VectorFilter{Type: "x"}, nil},
		{"new type", backend.VectorFilter{Type: "y"}, []string{"p"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.search(t, ix, tt.name, vec(4, 1, 1), 10, tt.f)
			if names := s.hitNames(got); !slices.Equal(names, tt.want) {
				t.Errorf("got %v; want %v", names, tt.want)
			}
		})
	}
}

func testDeleteNote(t *testing.T, newIndex Factory) {
	ix := newIndex(t, 4)
	s := newSet()
	notes := map[string]int{"a": 3, "b": 2, "c": 1, "d": 2}
	var points []backend.VectorPoint
	for n, chunks := range notes {
		for c := range chunks {
			name := fmt.Sprintf("%s%d", n, c)
			points = append(points, s.add(name, backend.VectorPoint{ID: id(name), NoteID: id(n), Chunk: c, Vector: vec(4, float32(c+1), 1, float32(len(n)))}))
		}
	}
	upsert(t, ix, points...)
	wantCount(t, ix, 8)

	steps := []struct {
		name  string
		notes []uuid.UUID
		count int
	}{
		{"one note", []uuid.UUID{id("a")}, 5},
		{"the same again", []uuid.UUID{id("a")}, 5},
		{"several and unknown", []uuid.UUID{id("b"), id("c"), id("nobody")}, 2},
		{"none", nil, 2},
		{"the last", []uuid.UUID{id("d")}, 0},
	}
	for _, st := range steps {
		if err := ix.DeleteNote(ctx(t), st.notes...); err != nil {
			t.Fatalf("%s: DeleteNote: %v", st.name, err)
		}
		s.deleteNote(st.notes...)
		wantCount(t, ix, st.count)
		s.search(t, ix, st.name, vec(4, 1, 1, 1), 20, backend.VectorFilter{})
	}
}

func testRanking(t *testing.T, newIndex Factory) {
	ix := newIndex(t, 4)
	s := newSet()
	n := id("note")
	vs := map[string][]float32{
		"same":     {1, 0, 0, 0},
		"scaled":   {10, 0, 0, 0}, // same direction: ties with "same"
		"close":    {2, 1, 0, 0},
		"diagonal": {1, 1, 0, 0},
		"far":      {0.1, 1, 1, 0},
		"ortho y":  {0, 1, 0, 0},    // score 0
		"ortho z":  {0, 0, 3, 0},    // score 0: ties with "ortho y"
		"behind":   {-1, 0.2, 0, 0}, // negative score
		"opposite": {-2, 0, 0, 0},   // score -1
	}
	c := 0
	for name, v := range vs {
		upsert(t, ix, s.add(name, backend.VectorPoint{ID: id(name), NoteID: n, Chunk: c, Vector: v}))
		c++
	}
	q := vec(4, 3, 0, 0, 0)
	for _, limit := range []int{1, 2, 3, 5, 6, 9, 50} {
		s.search(t, ix, fmt.Sprintf("limit %d", limit), q, limit, backend.VectorFilter{})
	}
	got := s.search(t, ix, "all", q, 50, backend.VectorFilter{})
	if len(got) > 0 {
		if last := got[len(got)-1]; s.name(last.ID) != "opposite" || math.Abs(float64(last.Score)+1) > scoreTolerance {
			t.Errorf("last hit: got %s score %v; want opposite score -1", s.name(last.ID), last.Score)
		}
	}
}

func testTies(t *testing.T, newIndex Factory) {
	ix := newIndex(t, 4)
	s := newSet()
	var points []backend.VectorPoint
	for i := range 6 {
		name := fmt.Sprintf("top%d", i)
		points = append(points, s.add(name, backend.VectorPoint{ID: id(name), NoteID: id("top"), Chunk: i, Vector: vec(4, 1, 0, 0, float32(i)/100)}))
	}
	// A group of equal vectors ranked after the top ones: a limit inside
	// the group must keep its smallest IDs.
	for i := range 30 {
		name := fmt.Sprintf("tie%02d", i)
		points = append(points, s.add(name, backend.VectorPoint{ID: id(name), NoteID: id(fmt.Sprintf("tie note %d", i%5)), Chunk: i, Vector: vec(4, 1, 1, 0, 0)}))
	}
	for i := range 10 {
		name := fmt.Sprintf("low%d", i)
		points = append(points, s.add(name, backend.VectorPoint{ID: id(name), NoteID: id("low"), Chunk: i, Vector: vec(4, 0, 1, float32(i+1), 0)}))
	}
	upsert(t, ix, points...)
	q := vec(4, 1, 0, 0, 0)
	for _, limit := range []int{1, 6, 7, 10, 20, 35, 36, 37, 100} {
		s.search(t, ix, fmt.Sprintf("limit %d", limit), q, limit, backend.VectorFilter{})
	}
	// Only the tie group, through a filter.
	s.search(t, ix, "ties only", q, 3, backend.VectorFilter{ExcludeNote: id("top")})
	// A query the group ties at the top.
	s.search(t, ix, "ties at the top", vec(4, 1, 1, 0, 0), 4, backend.VectorFilter{})
}

func testFilters(t *testing.T, newIndex Factory) {
	ix := newIndex(t, 4)
	s := newSet()
	type pt struct {
		name, note, folder, typ string
		tags                    []string
	}
	pts := []pt{
		{"root", "n1", "", "", []string{"a"}},
		{"notes", "n2", "notes", "idea", []string{"a", "b"}},
		{"notes-sub", "n3", "notes/sub", "idea", []string{"b"}},
		{"notes-sub-deep", "n3", "notes/sub/deep", "person", []string{"a", "b", "c"}},
		{"notes2", "n4", "notes2", "idea", []string{"a", "b"}},
		{"other-notes", "n5", "other/notes", "person", nil},
		{"notes-subway", "n6", "notes/subway", "idea", []string{"c"}},
		{"archive", "n7", "archive", "project", []string{"a", "b", "c"}},
	}
	for i, p := range pts {
		v := vec(4, 1, float32(i)/10, float32(i%3)/5, 0.3)
		upsert(t, ix, s.add(p.name, backend.VectorPoint{ID: id(p.name), NoteID: id(p.note), Chunk: i, Vector: v, Tags: p.tags, Folder: p.folder, Type: p.typ}))
	}
	all := []string{"root", "notes", "notes-sub", "notes-sub-deep", "notes2", "other-notes", "notes-subway", "archive"}
	tests := []struct {
		name string
		f    backend.VectorFilter
		want []string
	}{
		{"none", backend.VectorFilter{}, all},
		{"tag a", backend.VectorFilter{Tags: []string{"a"}}, []string{"root", "notes", "notes-sub-deep", "notes2", "archive"}},
		{"tags a and b", backend.VectorFilter{Tags: []string{"a", "b"}}, []string{"notes", "notes-sub-deep", "notes2", "archive"}},
		{"tags b and a", backend.VectorFilter{Tags: []string{"b", "a"}}, []string{"notes", "notes-sub-deep", "notes2", "archive"}},
		{"tags a b c", backend.VectorFilter{Tags: []string{"a", "b", "c"}}, []string{"notes-sub-deep", "archive"}},
		{"tag nobody has", backend.VectorFilter{Tags: []string{"a", "zzz"}}, nil},
		{"folder notes", backend.VectorFilter{Folder: "notes"}, []string{"notes", "notes-sub", "notes-sub-deep", "notes-subway"}},
		{"folder notes/sub", backend.VectorFilter{Folder: "notes/sub"}, []string{"notes-sub", "notes-sub-deep"}},
		{"folder notes/sub/deep", backend.VectorFilter{Folder: "notes/sub/deep"}, []string{"notes-sub-deep"}},
		{"folder notes2", backend.VectorFilter{Folder: "notes2"}, []string{"notes2"}},
		{"folder other", backend.VectorFilter{Folder: "other"}, []string{"other-notes"}},
		{"folder nowhere", backend.VectorFilter{Folder: "nowhere"}, nil},
		{"folder prefix of a name", backend.VectorFilter{Folder: "note"}, nil},
		{"type idea", backend.VectorFilter{Type: "idea"}, []string{"notes", "notes-sub", "notes2", "notes-subway"}},
		{"type person", backend.VectorFilter{Type: "person"}, []string{"notes-sub-deep", "other-notes"}},
		{"type nobody has", backend.VectorFilter{Type: "zzz"}, nil},
		{"exclude note n3", backend.VectorFilter{ExcludeNote: id("n3")}, []string{"root", "notes", "notes2", "other-notes", "notes-subway", "archive"}},
		{"exclude unknown note", backend.VectorFilter{ExcludeNote: id("nobody")}, all},
		{"tag b in notes", backend.VectorFilter{Tags: []string{"b"}, Folder: "notes"}, []string{"notes", "notes-sub", "notes-sub-deep"}},
		{"tag b, notes, idea", backend.VectorFilter{Tags: []string{"b"}, Folder: "notes", Type: "idea"}, []string{"notes", "notes-sub"}},
		{"tag b, notes, idea, not n2", backend.VectorFilter{Tags: []string{"b"}, Folder: "notes", Type: "idea", ExcludeNote: id("n2")}, []string{"notes-sub"}},
		{"everything excluded", backend.VectorFilter{Tags: []string{"c"}, Type: "project", ExcludeNote: id("n7")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.search(t, ix, tt.name, vec(4, 1, 0.5, 0.1, 0.3), 100, tt.f)
			names := s.hitNames(got)
			slices.Sort(names)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(names, want) {
				t.Errorf("got %v; want %v", names, want)
			}
		})
	}
}

func testLimit(t *testing.T, newIndex Factory) {
	ix := newIndex(t, 4)
	s := newSet()
	var points []backend.VectorPoint
	for i := range 10 {
		name := fmt.Sprintf("p%d", i)
		points = append(points, s.add(name, backend.VectorPoint{ID: id(name), NoteID: id("n"), Chunk: i, Vector: vec(4, 1, float32(i), 0, 0)}))
	}
	upsert(t, ix, points...)
	q := vec(4, 1, 0, 0, 0)
	tests := []struct {
		limit int
		want  int
	}{{1, 1}, {3, 3}, {10, 10}, {11, 10}, {1000, 10}}
	for _, tt := range tests {
		got := s.search(t, ix, fmt.Sprintf("limit %d", tt.limit), q, tt.limit, backend.VectorFilter{})
		if len(got) != tt.want {
			t.Errorf("limit %d: got %d hits; want %d", tt.limit, len(got), tt.want)
		}
	}
	for _, limit := range []int{0, -1} {
		_, err := ix.Search(ctx(t), q, limit, backend.VectorFilter{})
		wantCode(t, fmt.Sprintf("Search limit %d", limit), err, backend.EINVALID)
	}
}

func testWrongDimension(t *testing.T, newIndex Factory) {
	ix := newIndex(t, 4)
	good := backend.VectorPoint{ID: id("good"), NoteID: id("n"), Vector: vec(4, 1)}
	upserts := []struct {
		name   string
		points []backend.VectorPoint
	}{
		{"shorter", []backend.VectorPoint{{ID: id("p"), NoteID: id("n"), Vector: vec(3, 1)}}},
		{"longer", []backend.VectorPoint{{ID: id("p"), NoteID: id("n"), Vector: vec(5, 1)}}},
		{"empty", []backend.VectorPoint{{ID: id("p"), NoteID: id("n")}}},
		{"one bad in a batch", []backend.VectorPoint{good, {ID: id("p"), NoteID: id("n"), Chunk: 1, Vector: vec(8, 1)}}},
	}
	for _, tt := range upserts {
		err := ix.Upsert(ctx(t), tt.points)
		wantCode(t, "Upsert "+tt.name, err, backend.EINVALID)
		wantCount(t, ix, 0)
	}
	upsert(t, ix, good)
	for _, q := range [][]float32{vec(3, 1), vec(5, 1), nil} {
		_, err := ix.Search(ctx(t), q, 10, backend.VectorFilter{})
		wantCode(t, fmt.Sprintf("Search with %d dimensions", len(q)), err, backend.EINVALID)
	}
	wantCount(t, ix, 1)
}

func testConcurrent(t *testing.T, newIndex Factory) {
	const (
		dim     = 8
		workers = 8
		notes   = 12 // per worker
		chunks  = 3
	)
	ix := newIndex(t, dim)
	rng := rand.New(rand.NewPCG(1, 2))
	type job struct {
		note   uuid.UUID
		points []backend.VectorPoint
	}
	var jobs [workers][]job
	s := newSet()
	for w := range workers {
		for n := range notes {
			note := id(fmt.Sprintf("w%d n%d", w, n))
			j := job{note: note}
			for c := range chunks {
				name := fmt.Sprintf("w%d n%d c%d", w, n, c)
				j.points = append(j.points, s.add(name, backend.VectorPoint{ID: id(name), NoteID: note, Chunk: c, Vector: randVec(rng, dim), Tags: []string{fmt.Sprintf("w%d", w)}}))
			}
			jobs[w] = append(jobs[w], j)
		}
	}
	run := func(f func(w int) error) {
		t.Helper()
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := range workers {
			wg.Go(func() {
				if err := f(w); err != nil {
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
	}
	q := randVec(rng, dim)
	c := ctx(t)
	run(func(w int) error {
		for _, j := range jobs[w] {
			if err := ix.Upsert(c, j.points); err != nil {
				return fmt.Errorf("worker %d: Upsert: %w", w, err)
			}
			hits, err := ix.Search(c, q, 5, backend.VectorFilter{Tags: []string{fmt.Sprintf("w%d", w)}})
			if err != nil {
				return fmt.Errorf("worker %d: Search: %w", w, err)
			}
			if len(hits) == 0 {
				return fmt.Errorf("worker %d: Search after its upsert found nothing", w)
			}
			if _, err := ix.Count(c); err != nil {
				return fmt.Errorf("worker %d: Count: %w", w, err)
			}
		}
		return nil
	})
	wantCount(t, ix, workers*notes*chunks)
	// Every worker deletes its odd notes while searching.
	run(func(w int) error {
		for n, j := range jobs[w] {
			if n%2 == 1 {
				if err := ix.DeleteNote(c, j.note); err != nil {
					return fmt.Errorf("worker %d: DeleteNote: %w", w, err)
				}
			}
			if _, err := ix.Search(c, q, 10, backend.VectorFilter{}); err != nil {
				return fmt.Errorf("worker %d: Search: %w", w, err)
			}
		}
		return nil
	})
	for w := range workers {
		for n, j := range jobs[w] {
			if n%2 == 1 {
				s.deleteNote(j.note)
			}
		}
	}
	wantCount(t, ix, workers*notes*chunks/2)
	s.search(t, ix, "after concurrent deletes", q, 200, backend.VectorFilter{})
}

// randVec returns a random vector with normally distributed components.
func randVec(rng *rand.Rand, dim int) []float32 {
	v := make([]float32, dim)
	for i := range v {
		v[i] = float32(rng.NormFloat64())
	}
	return v
}

func testBruteForce(t *testing.T, newIndex Factory) {
	const (
		dim    = 16
		npts   = 3000
		nnotes = 300
	)
	ix := newIndex(t, dim)
	rng := rand.New(rand.NewPCG(42, 7))
	tagPool := []string{"work", "home", "idea", "todo", "read", "ref"}
	folderPool := []string{"", "inbox", "work", "work/2024", "work/2024/q1", "work2", "home", "home/kids", "archive/work"}
	typePool := []string{"", "note", "person", "project"}
	s := newSet()
	type noteMeta struct {
		folder, typ string
		tags        []string
	}
	meta := make([]noteMeta, nnotes)
	for i := range meta {
		var tags []string
		for _, tag := range tagPool {
			if rng.IntN(3) == 0 {
				tags = append(tags, tag)
			}
		}
		meta[i] = noteMeta{folderPool[rng.IntN(len(folderPool))], typePool[rng.IntN(len(typePool))], tags}
	}
	point := func(i int) backend.VectorPoint {
		n := i % nnotes
		m := meta[n]
		name := fmt.Sprintf("p%d", i)
		return s.add(name, backend.VectorPoint{ID: id(name), NoteID: id(fmt.Sprintf("note%d", n)), Chunk: i / nnotes, Vector: randVec(rng, dim), Tags: m.tags, Folder: m.folder, Type: m.typ})
	}
	var batch []backend.VectorPoint
	for i := range npts {
		batch = append(batch, point(i))
		if len(batch) == 500 {
			upsert(t, ix, batch...)
			batch = nil
		}
	}
	upsert(t, ix, batch...)
	// Replace a few hundred points, delete a few notes.
	batch = nil
	for range 200 {
		batch = append(batch, point(rng.IntN(npts)))
	}
	upsert(t, ix, batch...)
	var gone []uuid.UUID
	for range 10 {
		gone = append(gone, id(fmt.Sprintf("note%d", rng.IntN(nnotes))))
	}
	if err := ix.DeleteNote(ctx(t), gone...); err != nil {
		t.Fatalf("DeleteNote: %v", err)
	}
	s.deleteNote(gone...)
	wantCount(t, ix, len(s.points))

	for i := range 40 {
		var f backend.VectorFilter
		if rng.IntN(3) == 0 {
			f.Tags = []string{tagPool[rng.IntN(len(tagPool))]}
			if rng.IntN(2) == 0 {
				f.Tags = append(f.Tags, tagPool[rng.IntN(len(tagPool))])
			}
		}
		if rng.IntN(3) == 0 {
			f.Folder = folderPool[rng.IntN(len(folderPool))]
		}
		if rng.IntN(4) == 0 {
			f.Type = typePool[rng.IntN(len(typePool))]
		}
		if rng.IntN(4) == 0 {
			f.ExcludeNote = id(fmt.Sprintf("note%d", rng.IntN(nnotes)))
		}
		limit := 1 + rng.IntN(60)
		s.search(t, ix, fmt.Sprintf("query %d (limit %d, filter %+v)", i, limit, f), randVec(rng, dim), limit, f)
	}
}
