package lexical_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"secondbrain/backend/lexical"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
)

// TestTypoSimilarityBound checks the bound the title tier's typo search
// asks of titles (see typoTrigrams in search_titles.go): a text with n
// trigrams and any text made from it by k edits — runes inserted, left
// out or replaced, neighbours swapped, letters, digits and separators
// alike — have a pg_trgm similarity of at least (n-4k)/(n+4k), less the
// slack. Hand-made texts (short words, words parted and joined) and random
// ones, with PostgreSQL computing the trigrams.
func TestTypoSimilarityBound(t *testing.T) {
	ctx := context.Background()
	st, err := pgstore.Open(ctx, pgtest.NewDatabase(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	type pair struct {
		a, b string
		k    int
	}
	pairs := []pair{
		{"history of the city", "history ofthe city", 1},
		{"history of the city", "histroy of teh city", 2},
		{"history of the city", "h istory of the cit", 2},
		{"a b c d", "ab cd", 2},
		{"a b", "b a", 2},
		{"ab cd", "a bcd", 1},
		{"ab cd", "abXcd", 1},
		{"abcd", "ab cd", 1},
		{"x", "y", 1},
		{"tea", "the", 2},
		{"journal 2024", "journal 2042", 1},
		{"café au lait", "cafe au lait", 1},
		{"東京 タワー", "東京タワー", 1},
	}
	// Random texts of short words from a small alphabet (so that
	// trigrams repeat), and k random edits of each.
	rng := rand.New(rand.NewPCG(19, 7))
	alphabet := []rune("abcdeéz019 _-.東")
	randomRune := func() rune { return alphabet[rng.IntN(len(alphabet))] }
	for range 4000 {
		a := make([]rune, 1+rng.IntN(24))
		for i := range a {
			a[i] = randomRune()
		}
		b := append([]rune(nil), a...)
		k := 1 + rng.IntN(2)
		for range k {
			i := rng.IntN(len(b) + 1)
			switch op := rng.IntN(4); {
			case op == 0 || len(b) == 0: // insert
				b = append(b[:i], append([]rune{randomRune()}, b[i:]...)...)
			case op == 1: // leave out
				i = min(i, len(b)-1)
				b = append(b[:i], b[i+1:]...)
			case op == 2: // replace
				i = min(i, len(b)-1)
				b[i] = randomRune()
			default: // swap neighbours
				if len(b) > 1 {
					i = min(i, len(b)-2)
					b[i], b[i+1] = b[i+1], b[i]
				}
			}
		}
		pairs = append(pairs, pair{string(a), string(b), k})
	}
	as, bs, ks := make([]string, len(pairs)), make([]string, len(pairs)), make([]int64, len(pairs))
	for i, p := range pairs {
		as[i], bs[i], ks[i] = p.a, p.b, int64(p.k)
	}
	rows, err := st.DB().QueryContext(ctx, `SELECT u.a, u.b, u.k, similarity(u.a, u.b),
			coalesce(array_length(show_trgm(u.a), 1), 0)
		FROM unnest($1::text[], $2::text[], $3::bigint[]) AS u(a, b, k)`, as, bs, ks)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	checked := 0
	for rows.Next() {
		var (
			a, b string
			k, n int
			sim  float64
		)
		if err := rows.Scan(&a, &b, &k, &sim, &n); err != nil {
			t.Fatal(err)
		}
		checked++
		bound := float64(n-lexical.TypoTrigrams*k)/float64(n+lexical.TypoTrigrams*k) - lexical.TypoSlack
		if sim < bound {
			t.Errorf("similarity(%q, %q) = %.4f, %d edits apart; the bound for %d trigrams is %.4f", a, b, sim, k, n, bound)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if checked != len(pairs) {
		t.Fatalf("checked %d pairs; want %d", checked, len(pairs))
	}
}
