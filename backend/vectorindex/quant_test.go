package vectorindex

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/uuid"

	"secondbrain/backend"
)

// TestQuantizedScores checks that searches over the quantized vectors rank
// and score as float64 cosines over the original vectors do, on random
// dense vectors of the built-in model's dimension: at least 95% of each
// top 10 shared, and every score within the conformance tolerance (1e-4).
func TestQuantizedScores(t *testing.T) {
	const n, dim, queries, k = 5000, 256, 50, 10
	rng := rand.New(rand.NewPCG(7, 8))
	randVec := func() []float32 {
		v := make([]float32, dim)
		for j := range v {
			v[j] = float32(rng.NormFloat64())
		}
		return v
	}
	ix := NewWithOptions(dim, Options{ExactUpTo: -1})
	vecs := make([][]float32, n)
	pts := make([]backend.VectorPoint, n)
	for i := range pts {
		vecs[i] = randVec()
		pts[i] = backend.VectorPoint{ID: uuid.New(), NoteID: uuid.New(), Vector: vecs[i]}
	}
	if err := ix.Upsert(context.Background(), pts); err != nil {
		t.Fatal(err)
	}
	cos := func(a, b []float32) float64 {
		var d, na, nb float64
		for i := range a {
			d += float64(a[i]) * float64(b[i])
			na += float64(a[i]) * float64(a[i])
			nb += float64(b[i]) * float64(b[i])
		}
		return d / math.Sqrt(na*nb)
	}
	var shared, maxErr, maxErr8 float64
	q8 := make([]int8, dim)
	for range queries {
		q := randVec()
		exact := make([]int, n)
		scores := make([]float64, n)
		for i := range exact {
			exact[i], scores[i] = i, cos(q, vecs[i])
		}
		slices.SortFunc(exact, func(a, b int) int { return -cmpFloat(scores[a], scores[b]) })
		want := map[uuid.UUID]bool{}
		for _, i := range exact[:k] {
			want[pts[i].ID] = true
		}
		hits, err := ix.Search(context.Background(), q, k, backend.VectorFilter{})
		if err != nil {
			t.Fatal(err)
		}
		byID := map[uuid.UUID]int{}
		for i, p := range pts {
			byID[p.ID] = i
		}
		for _, h := range hits {
			if want[h.ID] {
				shared++
			}
			maxErr = max(maxErr, math.Abs(float64(h.Score)-scores[byID[h.ID]]))
		}
		// The same with int8 coordinates, for comparison (not held).
		uq := unit(q)
		for _, i := range exact[:k] {
			u := unit(vecs[i])
			var m float32
			for _, x := range u {
				m = max(m, abs32(x))
			}
			var s float64
			for j, x := range u {
				q8[j] = int8(math.Round(float64(x / m * 127)))
				s += float64(q8[j]) * float64(uq[j])
			}
			maxErr8 = max(maxErr8, math.Abs(s*float64(m)/127-scores[i]))
		}
	}
	overlap := shared / (queries * k)
	t.Logf("top-%d overlap %.4f, largest score error %.2g (int8 coordinates: %.2g)", k, overlap, maxErr, maxErr8)
	if overlap < 0.95 {
		t.Errorf("top-%d overlap with float64 cosines %.4f; want ≥ 0.95", k, overlap)
	}
	if maxErr > 1e-4 {
		t.Errorf("largest score error %.2g; want ≤ 1e-4", maxErr)
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
