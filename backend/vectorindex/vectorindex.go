// Package vectorindex is the embedded, in-process vector index: an exact
// search by dot products over unit vectors kept quantized (quant.go) in one
// contiguous slab, split across the cores for large indexes, and beyond
// Options.ExactUpTo points an approximate one (ann.go) that ranks exactly
// only the candidates whose random-projection signatures are nearest. It
// implements backend.VectorIndex and is filled from the vectors stored in
// PostgreSQL.
package vectorindex

import (
	"bytes"
	"container/heap"
	"context"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/google/uuid"

	"secondbrain/backend"
)

// Index is an exact in-memory vector index of one dimension. It is goroutine-safe.
type Index struct {
	dim  int
	opts Options

	mu     sync.RWMutex
	vecs   []elem    // len(meta) × dim, quantized
	scales []float32 // len(meta): the scale of each vector
	meta   []point
	// byID and byNote find the points of an id or note for changes; an
	// index read from a file builds them on its first change (a process
	// that only searches never needs them).
	byID   map[uuid.UUID]int
	byNote map[uuid.UUID][]uuid.UUID
	// strs holds the points' folders, types and tags, which a point
	// refers to by number: a vault has few. strN numbers them for Upsert;
	// like byID, an index read from a file builds it on its first change.
	strs []string
	strN map[string]uint32
	// sigs holds sigWords signature words per point once approximate
	// search is on (nil before); rot makes them.
	sigs []uint64
	rot  *rotation
	// mapped is the index file that vecs, scales and sigs point into, mapped into
	// memory by ReadFile (nil when they are on the heap).
	mapped []byte
}

// point is what the index holds of a vector besides the vector: 72
// bytes, and 4 a tag.
type point struct {
	id     uuid.UUID
	note   uuid.UUID
	chunk  int32
	folder uint32   // in strs
	typ    uint32   // in strs
	tags   []uint32 // in strs
}

var _ backend.VectorIndex = (*Index)(nil)

// New returns an empty index of vectors of length dim with the default options.
func New(dim int) *Index { return NewWithOptions(dim, Options{}) }

// NewWithOptions returns an empty index of vectors of length dim.
func NewWithOptions(dim int, o Options) *Index {
	if o.ExactUpTo == 0 {
		o.ExactUpTo = DefaultExactUpTo
	}
	return &Index{dim: dim, opts: o, byID: map[uuid.UUID]int{}, byNote: map[uuid.UUID][]uuid.UUID{}, strN: map[string]uint32{}}
}

// Dim returns the vector length.
func (x *Index) Dim() int { return x.dim }

// Upsert adds or replaces points. Returns EINVALID for a wrong dimension.
func (x *Index) Upsert(ctx context.Context, points []backend.VectorPoint) error {
	for _, p := range points {
		if len(p.Vector) != x.dim {
			return backend.Errorf(backend.EINVALID, "a vector of %d dimensions in an index of %d", len(p.Vector), x.dim)
		}
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.ensureMaps()
	for _, p := range points {
		m := point{id: p.ID, note: p.NoteID, chunk: int32(p.Chunk), folder: x.str(strings.Trim(p.Folder, "/")), typ: x.str(p.Type)}
		if len(p.Tags) > 0 {
			m.tags = make([]uint32, len(p.Tags))
			for i, t := range p.Tags {
				m.tags[i] = x.str(t)
			}
		}
		if i, ok := x.byID[p.ID]; ok {
			if old := x.meta[i].note; old != p.NoteID {
				x.unlinkNote(old, p.ID)
				x.byNote[p.NoteID] = append(x.byNote[p.NoteID], p.ID)
			}
			x.meta[i] = m
			u := unit(p.Vector)
			x.scales[i] = quantize(u, x.vecs[i*x.dim:(i+1)*x.dim])
			if x.sigs != nil {
				x.signature(u, x.sigs[i*sigWords:(i+1)*sigWords])
			}
			continue
		}
		x.byID[p.ID] = len(x.meta)
		x.meta = append(x.meta, m)
		u := unit(p.Vector)
		k := len(x.vecs)
		x.vecs = slices.Grow(x.vecs, x.dim)[:k+x.dim]
		x.scales = append(x.scales, quantize(u, x.vecs[k:]))
		if x.sigs != nil {
			var sig [sigWords]uint64
			x.signature(u, sig[:])
			x.sigs = append(x.sigs, sig[:]...)
		}
		x.byNote[p.NoteID] = append(x.byNote[p.NoteID], p.ID)
	}
	if x.approximate() && x.sigs == nil {
		x.enableANN() // here, not in the first search that needs them
	}
	x.releaseMapping()
	return nil
}

// str returns the number of s in strs, adding it when new; called with
// the write lock held, after ensureMaps.
func (x *Index) str(s string) uint32 {
	if i, ok := x.strN[s]; ok {
		return i
	}
	i := uint32(len(x.strs))
	x.strs = append(x.strs, s)
	x.strN[s] = i
	return i
}

// ensureMaps builds byID, byNote and strN when they are missing; called
// with the write lock held.
func (x *Index) ensureMaps() {
	if x.strN == nil {
		x.strN = make(map[string]uint32, len(x.strs))
		for i, s := range x.strs {
			if _, ok := x.strN[s]; !ok {
				x.strN[s] = uint32(i)
			}
		}
	}
	if x.byID != nil {
		return
	}
	x.byID = make(map[uuid.UUID]int, len(x.meta))
	x.byNote = make(map[uuid.UUID][]uuid.UUID, len(x.meta))
	for i := range x.meta {
		m := &x.meta[i]
		x.byID[m.id] = i
		x.byNote[m.note] = append(x.byNote[m.note], m.id)
	}
}

func (x *Index) unlinkNote(note, id uuid.UUID) {
	ids := x.byNote[note]
	if i := slices.Index(ids, id); i >= 0 {
		ids = slices.Delete(ids, i, i+1)
	}
	if len(ids) == 0 {
		delete(x.byNote, note)
	} else {
		x.byNote[note] = ids
	}
}

// DeleteNote removes every point of the notes.
func (x *Index) DeleteNote(ctx context.Context, noteIDs ...uuid.UUID) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.ensureMaps()
	for _, n := range noteIDs {
		for _, id := range x.byNote[n] {
			x.remove(id)
		}
		delete(x.byNote, n)
	}
	return nil
}

// remove drops one point by moving the last one into its slot.
func (x *Index) remove(id uuid.UUID) {
	i, ok := x.byID[id]
	if !ok {
		return
	}
	last := len(x.meta) - 1
	if i != last {
		x.meta[i] = x.meta[last]
		copy(x.vecs[i*x.dim:(i+1)*x.dim], x.vecs[last*x.dim:])
		x.scales[i] = x.scales[last]
		if x.sigs != nil {
			copy(x.sigs[i*sigWords:(i+1)*sigWords], x.sigs[last*sigWords:])
		}
		x.byID[x.meta[i].id] = i
	}
	x.meta = x.meta[:last]
	x.vecs = x.vecs[:last*x.dim]
	x.scales = x.scales[:last]
	if x.sigs != nil {
		x.sigs = x.sigs[:last*sigWords]
	}
	delete(x.byID, id)
}

// Reset removes every point.
func (x *Index) Reset(ctx context.Context) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.unmap()
	x.vecs, x.scales, x.meta, x.sigs, x.rot = nil, nil, nil, nil, nil
	x.byID, x.byNote = map[uuid.UUID]int{}, map[uuid.UUID][]uuid.UUID{}
	x.strs, x.strN = nil, map[string]uint32{}
	return nil
}

// Count returns the number of points.
func (x *Index) Count(ctx context.Context) (int, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.meta), nil
}

// MemoryBytes estimates the memory the index holds.
func (x *Index) MemoryBytes() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	n := cap(x.vecs)*elemSize + cap(x.scales)*4 + cap(x.sigs)*8 + cap(x.meta)*int(unsafe.Sizeof(point{})) + len(x.byID)*48 + len(x.byNote)*64
	for _, m := range x.meta {
		n += 4 * cap(m.tags)
	}
	for _, s := range x.strs {
		n += len(s) + 16 + 24 // and its entry in strN
	}
	return n
}

// Search returns the nearest points passing the filter by cosine
// similarity: vectors are made unit length on the way in, so it is a dot product.
func (x *Index) Search(ctx context.Context, vector []float32, limit int, f backend.VectorFilter) ([]backend.VectorHit, error) {
	if len(vector) != x.dim {
		return nil, backend.Errorf(backend.EINVALID, "a query of %d dimensions in an index of %d", len(vector), x.dim)
	}
	if limit < 1 {
		return nil, backend.Errorf(backend.EINVALID, "a vector search needs a limit of at least 1")
	}
	if err := ctx.Err(); err != nil {
		return nil, backend.Errorf(backend.ECANCELED, "vector search canceled")
	}
	vector = unit(vector)
	x.mu.RLock()
	defer x.mu.RUnlock()
	keep := x.filter(f)
	var all []scored
	if x.approximate() && x.sigs != nil {
		all = x.annSearch(vector, limit, keep)
	} else {
		all = x.exactSearch(vector, limit, keep)
	}
	slices.SortFunc(all, func(a, b scored) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		return bytes.Compare(a.id[:], b.id[:])
	})
	if len(all) > limit {
		all = all[:limit]
	}
	out := make([]backend.VectorHit, len(all))
	for i, s := range all {
		m := x.meta[s.slot]
		out[i] = backend.VectorHit{ID: m.id, NoteID: m.note, Chunk: int(m.chunk), Score: s.score}
	}
	return out, nil
}

// approximate says whether searches go through the signatures.
func (x *Index) approximate() bool {
	return x.opts.ExactUpTo >= 0 && len(x.meta) > x.opts.ExactUpTo
}

// exactSearch scores every point passing keep; called with the read lock held.
func (x *Index) exactSearch(vector []float32, limit int, keep func(*point) bool) []scored {
	n := len(x.meta)
	parts := 1
	if n >= 20000 {
		parts = cpuParts()
	}
	heaps := make([]hitHeap, parts)
	inParts(n, parts, func(p, lo, hi int) {
		h := make(hitHeap, 0, limit+1)
		for i := lo; i < hi; i++ {
			if keep != nil && !keep(&x.meta[i]) {
				continue
			}
			h.offer(x.score(vector, i), i, x.meta[i].id, limit)
		}
		heaps[p] = h
	})
	return slices.Concat(heaps...)
}

// cpuParts is how many parts a pass over the points is cut into: one per
// processor, at most 8.
func cpuParts() int {
	return max(1, min(runtime.GOMAXPROCS(0), 8))
}

// inParts cuts [0, n) into parts ranges of (nearly) equal size, calls
// fn(p, lo, hi) for each in its own goroutine and waits for them all.
func inParts(n, parts int, fn func(p, lo, hi int)) {
	var wg sync.WaitGroup
	for p := range parts {
		lo, hi := p*n/parts, (p+1)*n/parts
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(p, lo, hi)
		}()
	}
	wg.Wait()
}

// filter returns a predicate for f, nil when f keeps everything; called
// with the lock held, the predicate too.
func (x *Index) filter(f backend.VectorFilter) func(*point) bool {
	tags := cloneTags(f.Tags)
	folder := strings.Trim(f.Folder, "/")
	if len(tags) == 0 && folder == "" && f.Type == "" && f.ExcludeNote == uuid.Nil {
		return nil
	}
	// which of strs each condition accepts, decided once
	accepts := func(ok func(s string) bool) []bool {
		m := make([]bool, len(x.strs))
		for i, s := range x.strs {
			m[i] = ok(s)
		}
		return m
	}
	var typ, inFolder []bool
	if f.Type != "" {
		typ = accepts(func(s string) bool { return s == f.Type })
	}
	if folder != "" {
		inFolder = accepts(func(s string) bool { return s == folder || strings.HasPrefix(s, folder+"/") })
	}
	isTag := make([][]bool, len(tags))
	for i, t := range tags {
		isTag[i] = accepts(func(s string) bool { return s == t })
	}
	return func(p *point) bool {
		if f.ExcludeNote != uuid.Nil && p.note == f.ExcludeNote {
			return false
		}
		if typ != nil && !typ[p.typ] {
			return false
		}
		if inFolder != nil && !inFolder[p.folder] {
			return false
		}
		for _, is := range isTag {
			if !slices.ContainsFunc(p.tags, func(i uint32) bool { return is[i] }) {
				return false
			}
		}
		return true
	}
}

func cloneTags(ss []string) []string { return slices.Clone(ss) }

// unit returns v scaled to unit length, in a new slice; the zero vector stays zero.
func unit(v []float32) []float32 {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	out := make([]float32, len(v))
	if s == 0 {
		return out
	}
	inv := 1 / math.Sqrt(s)
	for i, x := range v {
		out[i] = float32(float64(x) * inv)
	}
	return out
}

// score is the dot product of the unit query with the vector of row i.
func (x *Index) score(query []float32, i int) float32 {
	return x.scales[i] * qdot(query, x.vecs[i*x.dim:(i+1)*x.dim:(i+1)*x.dim])
}

type scored struct {
	score float32
	slot  int
	id    uuid.UUID
}

// hitHeap is a min-heap: the worst kept hit on top.
type hitHeap []scored

func (h hitHeap) better(s float32, id uuid.UUID, than scored) bool {
	if s != than.score {
		return s > than.score
	}
	return bytes.Compare(id[:], than.id[:]) < 0
}
func (h hitHeap) Len() int           { return len(h) }
func (h hitHeap) Less(i, j int) bool { return h.better(h[j].score, h[j].id, h[i]) }
func (h hitHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }

// offer keeps the hit (score s of row i, note id) if it is among the best
// limit seen so far.
func (h *hitHeap) offer(s float32, i int, id uuid.UUID, limit int) {
	if len(*h) == limit && !h.better(s, id, (*h)[0]) {
		return
	}
	heap.Push(h, scored{s, i, id})
	if len(*h) > limit {
		heap.Pop(h)
	}
}

func (h *hitHeap) Push(v any) { *h = append(*h, v.(scored)) }
func (h *hitHeap) Pop() any {
	old := *h
	v := old[len(old)-1]
	*h = old[:len(old)-1]
	return v
}
