package hybrid

import (
	"math/rand/v2"
	"testing"

	"github.com/google/uuid"

	"secondbrain/backend"
)

// BenchmarkFuse times fusing a hybrid query's two rankings (50 hits each,
// half of them in both): "adaptive" with DefaultFusion, and in the same
// run "fixed", reciprocal rank fusion with the weights of before
// (K 2, Semantic 0.25, no per-query terms); ratio is adaptive over fixed.
func BenchmarkFuse(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	lex := make([]backend.SearchHit, 50)
	sem := make([]backend.SearchHit, 50)
	for i := range lex {
		lex[i] = backend.SearchHit{ID: uuid.New(), Score: 30 - float64(i)*0.5}
		sem[i] = backend.SearchHit{ID: uuid.New(), Score: 0.9 - float64(i)*0.005}
		if rng.IntN(2) == 0 {
			sem[i].ID = lex[rng.IntN(50)].ID
		}
	}
	seen := map[uuid.UUID]bool{}
	for i := range sem {
		for seen[sem[i].ID] {
			sem[i].ID = uuid.New()
		}
		seen[sem[i].ID] = true
	}
	fixed := Fusion{K: 2, Lexical: 1, Semantic: 0.25, Depth: 50, CJKSemantic: 1}
	var nsFixed float64
	b.Run("fixed", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			fixed.Fuse("history of the city", lex, sem, false)
		}
		nsFixed = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	b.Run("adaptive", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			DefaultFusion.Fuse("history of the city", lex, sem, false)
		}
		if nsFixed > 0 {
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/nsFixed, "ratio")
		}
	})
}
