package vectorindex

import (
	"math/bits"
	"math/rand/v2"
	"slices"
)

// The approximate search used beyond Options.ExactUpTo points.
//
// Every vector gets a signature of sigBits bits: the signs of its
// coordinates after a fixed random rotation (random-projection hashing,
// whose Hamming distance estimates the angle between two vectors). A query reads
// every signature — 32 bytes a point instead of 4·dim — keeps the
// candidates closest in Hamming distance, Options.Candidates of them at
// least, and ranks those by their exact cosine. Signatures need no
// training, follow every upsert and delete, and the filters apply while
// scanning them. Recall against the exact search is measured by
// TestANNRecall and BenchmarkSearchANN.

// sigWords is the signature length in 64-bit words.
const sigWords = 4

const sigBits = sigWords * 64

// DefaultExactUpTo is the number of points up to which searches are exact:
// on 2 cores an exact search over 100,000 chunks of 256 dimensions takes
// about 10 ms.
const DefaultExactUpTo = 120_000

// DefaultCandidates is the least share of the points an approximate search
// ranks exactly, as a divisor: n/DefaultCandidates.
const DefaultCandidates = 24

// Options configure an Index.
type Options struct {
	// ExactUpTo is the most points searched exactly; beyond, searches are
	// approximate. 0 means DefaultExactUpTo; negative means always exact.
	ExactUpTo int
	// Candidates divides the points into the least number ranked exactly
	// by an approximate search (at least 64 per hit asked for as well).
	// 0 means DefaultCandidates.
	Candidates int
}

// rotation is the fixed pseudo-random rotation the signatures take: x ↦
// H·D2·H·D1·x over the vector zero-padded to a power of two, H the
// Walsh–Hadamard transform and D1, D2 random signs — a structured random
// projection costing O(d log d) instead of sigBits·d. Its seed is fixed, so
// signatures are the same in every process.
type rotation struct {
	size   int // a power of two ≥ max(dim, sigBits)
	d1, d2 []float32
}

func newRotation(dim int) *rotation {
	size := 1
	for size < max(dim, sigBits) {
		size *= 2
	}
	rng := rand.New(rand.NewPCG(0x5eed, uint64(dim)))
	r := &rotation{size: size, d1: make([]float32, size), d2: make([]float32, size)}
	for i := range size {
		r.d1[i], r.d2[i] = float32(rng.IntN(2)*2-1), float32(rng.IntN(2)*2-1)
	}
	return r
}

// fwht is the in-place unnormalised Walsh–Hadamard transform.
func fwht(a []float32) {
	for h := 1; h < len(a); h *= 2 {
		for i := 0; i < len(a); i += 2 * h {
			for j := i; j < i+h; j++ {
				x, y := a[j], a[j+h]
				a[j], a[j+h] = x+y, x-y
			}
		}
	}
}

// signature writes the signature of v into sig, using buf (len size) as scratch.
func (r *rotation) signature(v []float32, sig []uint64, buf []float32) {
	clear(buf)
	for i, x := range v {
		buf[i] = x * r.d1[i]
	}
	fwht(buf)
	for i := range buf {
		buf[i] *= r.d2[i]
	}
	fwht(buf)
	for w := range sigWords {
		var word uint64
		for b := range 64 {
			if buf[w*64+b] >= 0 {
				word |= 1 << b
			}
		}
		sig[w] = word
	}
}

// signature writes the signature of the unit vector v into sig.
func (x *Index) signature(v []float32, sig []uint64) {
	buf := make([]float32, x.rot.size)
	x.rot.signature(v, sig, buf)
}

// enableANN computes the signature of every point, in parallel; from then
// on Upsert keeps them. Called with the write lock held.
func (x *Index) enableANN() {
	if x.sigs != nil {
		return
	}
	x.rot = newRotation(x.dim)
	n := len(x.meta)
	sigs := make([]uint64, n*sigWords, max(cap(x.meta), n)*sigWords)
	inParts(n, cpuParts(), func(_, lo, hi int) {
		buf := make([]float32, x.rot.size)
		v := make([]float32, x.dim)
		for i := lo; i < hi; i++ {
			dequantize(x.vecs[i*x.dim:(i+1)*x.dim], x.scales[i], v)
			x.rot.signature(v, sigs[i*sigWords:(i+1)*sigWords], buf)
		}
	})
	x.sigs = sigs
}

// annSearch is the approximate search; called with the read lock held and
// x.sigs set.
func (x *Index) annSearch(vector []float32, limit int, keep func(*point) bool) []scored {
	n := len(x.meta)
	var q [sigWords]uint64
	x.signature(vector, q[:])
	div := x.opts.Candidates
	if div <= 0 {
		div = DefaultCandidates
	}
	want := max(n/div, 64*limit)
	parts := cpuParts()
	dist := make([]uint16, n)
	hists := make([][sigBits + 1]int, parts)
	inParts(n, parts, func(p, lo, hi int) {
		h := &hists[p]
		for i := lo; i < hi; i++ {
			if keep != nil && !keep(&x.meta[i]) {
				dist[i] = sigBits + 1 // filtered out
				continue
			}
			s := x.sigs[i*sigWords : (i+1)*sigWords : (i+1)*sigWords]
			d := bits.OnesCount64(s[0]^q[0]) + bits.OnesCount64(s[1]^q[1]) +
				bits.OnesCount64(s[2]^q[2]) + bits.OnesCount64(s[3]^q[3])
			dist[i] = uint16(d)
			h[d]++
		}
	})
	// The Hamming radius within which lie at least want candidates; of
	// those at the radius itself, each part takes its share of what is
	// still wanted, so that ties at the radius do not swell the candidates.
	radius, below := 0, 0
	for ; radius < sigBits; radius++ {
		at := 0
		for p := range parts {
			at += hists[p][radius]
		}
		if below+at >= want {
			break
		}
		below += at
	}
	atRadius := 0
	for p := range parts {
		atRadius += hists[p][radius]
	}
	heaps := make([]hitHeap, parts)
	inParts(n, parts, func(p, lo, hi int) {
		quota := hists[p][radius]
		if atRadius > 0 && below+atRadius > want {
			quota = (hists[p][radius]*(want-below) + atRadius - 1) / atRadius
		}
		h := make(hitHeap, 0, limit+1)
		for i := lo; i < hi; i++ {
			d := int(dist[i])
			if d > radius {
				continue
			}
			if d == radius {
				if quota == 0 {
					continue
				}
				quota--
			}
			h.offer(x.score(vector, i), i, x.meta[i].id, limit)
		}
		heaps[p] = h
	})
	return slices.Concat(heaps...)
}
