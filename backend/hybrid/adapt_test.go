package hybrid

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"secondbrain/backend"
)

func TestIsCJK(t *testing.T) {
	cases := map[string]bool{
		"설치 패키지를":         true,
		"编译器选项":           true,
		"コンパイラー オプション":    true,
		"tsconfig 파일을 찾을": true,
		"bread baking":    false,
		"bread 面包 baking": false,
		"123 !?":          false,
		"":                false,
	}
	for in, want := range cases {
		if got := IsCJK(in); got != want {
			t.Errorf("IsCJK(%q) = %v; want %v", in, got, want)
		}
	}
}

// ranking makes hits with these scores, best first, and their ids.
func ranking(scores ...float64) ([]backend.SearchHit, []uuid.UUID) {
	hits := make([]backend.SearchHit, len(scores))
	ids := make([]uuid.UUID, len(scores))
	for i, s := range scores {
		ids[i] = uuid.New()
		hits[i] = backend.SearchHit{ID: ids[i], Score: s}
	}
	return hits, ids
}

func fusedIDs(list []Fused) []uuid.UUID {
	out := make([]uuid.UUID, len(list))
	for i, f := range list {
		out[i] = f.Hit.ID
	}
	return out
}

// TestFuseAdapts checks each rule of shares: a CJK query goes by words,
// a sharp lexical gap keeps the word match first, flat similarities count
// less, and the title tier stays first whatever meaning says.
func TestFuseAdapts(t *testing.T) {
	// Words rank a, b, c; meaning ranks b first, then c, then a.
	lex, ids := ranking(10, 9, 8)
	a, b, c := ids[0], ids[1], ids[2]
	sem := []backend.SearchHit{{ID: b, Score: 0.9}, {ID: c, Score: 0.6}, {ID: a, Score: 0.3}}
	even := Fusion{K: 1, Lexical: 1, Semantic: 1, Depth: 50, CJKSemantic: 1}

	if got := fusedIDs(even.Fuse("bread", lex, sem, false)); got[0] != b {
		t.Errorf("even weights: first = %v; want b (a %v b %v c %v)", got[0], a, b, c)
	}
	byWords := even
	byWords.CJKSemantic = 0
	if got := fusedIDs(byWords.Fuse("빵 굽기", lex, sem, false)); got[0] != a || got[1] != b || got[2] != c {
		t.Errorf("CJK query with CJKSemantic 0 = %v; want the lexical order a b c", got)
	}
	if got := fusedIDs(byWords.Fuse("bread", lex, sem, false)); got[0] != b {
		t.Errorf("CJKSemantic must not touch a Latin query: first = %v; want b", got[0])
	}

	// A sharp gap: a scores far above b.
	sharp, ids := ranking(30, 9, 8)
	sa, sb, sc := ids[0], ids[1], ids[2]
	ssem := []backend.SearchHit{{ID: sb, Score: 0.9}, {ID: sc, Score: 0.6}, {ID: sa, Score: 0.3}}
	gap := even
	gap.LexGap = 4
	if got := fusedIDs(gap.Fuse("bread", sharp, ssem, false)); got[0] != sa {
		t.Errorf("sharp lexical gap with LexGap: first = %v; want a", got[0])
	}
	if got := fusedIDs(even.Fuse("bread", sharp, ssem, false)); got[0] == sa {
		t.Errorf("without LexGap the gap must not matter: first = a")
	}

	// Flat similarities: the model cannot tell the notes apart.
	flat := []backend.SearchHit{{ID: b, Score: 0.501}, {ID: c, Score: 0.5005}, {ID: a, Score: 0.5}}
	spread := even
	spread.SemSpread = 0.1
	if got := fusedIDs(spread.Fuse("bread", lex, flat, false)); got[0] != a {
		t.Errorf("flat similarities with SemSpread: first = %v; want a", got[0])
	}

	// The title tier stays first.
	tiered := append([]backend.SearchHit{}, lex...)
	tiered[2].Tier = backend.TierNone + 1
	if got := fusedIDs(even.Fuse("bread", tiered, sem, false)); got[0] != c {
		t.Errorf("title tier: first = %v; want c", got[0])
	}
	// Filtered: notes only meaning found are left out.
	extra := append(append([]backend.SearchHit{}, sem...), backend.SearchHit{ID: uuid.New(), Score: 0.95})
	if got := even.Fuse("bread", lex, extra, true); len(got) != 3 {
		t.Errorf("filtered fusion kept %d notes; want the 3 lexical ones", len(got))
	}
}

// TestHybridCJKSkipsMeaning: a CJK query in hybrid mode does not ask the
// embedder when meaning weighs nothing for it, so a strict search still
// answers by words while the embedder is down.
func TestHybridCJKSkipsMeaning(t *testing.T) {
	lex := fakeLexical{{ID: uuid.New(), Title: "패키지 설치"}}
	s := &Searcher{Lexical: lex, Embed: downEmbedder{}, Index: nilIndex{}, Fusion: DefaultFusion}
	hits, err := s.Search(context.Background(), backend.SearchQuery{Text: "패키지를 설치", Mode: backend.SearchHybrid, Strict: true})
	if err != nil || len(hits) != 1 || hits[0].Title != "패키지 설치" {
		t.Fatalf("CJK hybrid = %+v, %v; want the lexical hit", hits, err)
	}
	if _, err := s.Search(context.Background(), backend.SearchQuery{Text: "install", Mode: backend.SearchHybrid, Strict: true}); backend.ErrorCode(err) != backend.EUNAVAILABLE {
		t.Errorf("Latin hybrid with the embedder down: %v; want EUNAVAILABLE", err)
	}
}

// TestE5FusionTrustsMeaningMore: with the multilingual model's fusion, a
// note that meaning ranks first and words fifth goes above one that words
// rank second and meaning misses; the built-in model's fusion keeps the
// word order there. With the built-in model's fusion a sure word match (a
// sharp score gap) stays first; e5's fusion lets meaning overrule it (its
// tuning found the gap no sign of a sure match with that model: LexGap 0).
func TestE5FusionTrustsMeaningMore(t *testing.T) {
	lex, lexIDs := ranking(10, 9, 8.5, 8, 7.5)
	sem := []backend.SearchHit{{ID: lexIDs[4], Score: 0.9}, {ID: lexIDs[0], Score: 0.85}, {ID: uuid.New(), Score: 0.84}}
	rank := func(fu Fusion) map[uuid.UUID]int {
		out := map[uuid.UUID]int{}
		for i, f := range fu.Fuse("a query", lex, sem, false) {
			out[f.Hit.ID] = i + 1
		}
		return out
	}
	if r := rank(E5Fusion); r[lexIDs[4]] > r[lexIDs[1]] {
		t.Errorf("E5Fusion: meaning's first (words' fifth) at %d, below words' second at %d", r[lexIDs[4]], r[lexIDs[1]])
	}
	if r := rank(DefaultFusion); r[lexIDs[4]] < r[lexIDs[1]] {
		t.Errorf("DefaultFusion: meaning's first (words' fifth) at %d, above words' second at %d", r[lexIDs[4]], r[lexIDs[1]])
	}
	sure, sureIDs := ranking(10, 2, 1.5)
	got := DefaultFusion.Fuse("a query", sure, []backend.SearchHit{{ID: sureIDs[2], Score: 0.9}, {ID: sureIDs[0], Score: 0.8}}, false)
	if got[0].Hit.ID != sureIDs[0] {
		t.Errorf("DefaultFusion: a sure word match is not first")
	}
}
