package pgstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"secondbrain/backend"
)

func TestFindTitles(t *testing.T) {
	st := openStore(t)
	for _, p := range []string{
		"Ada Lovelace.md", "people/Lovelace letters.md", "Analytical Engine.md", "Café menu.md",
		"Grace Hopper.md", "Trashed Ada.md", "知识管理.md",
	} {
		create(t, st, p, "")
	}
	alias, err := st.CreateNote(context.Background(), backend.NewNote{Title: "Charles Babbage", Path: "Charles Babbage.md",
		Derived: backend.Derived{Aliases: []string{"Father of computing"}}})
	if err != nil {
		t.Fatal(err)
	}
	trashed := mustTitle(t, st, "Trashed Ada")
	if _, err := st.SetTrashed(context.Background(), trashed, true); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text string
		want       []string // titles, in order (a prefix of the result)
		wantAlias  string
	}{
		{"prefix before substring", "love", []string{"Lovelace letters", "Ada Lovelace"}, ""},
		{"exact first", "ada lovelace", []string{"Ada Lovelace"}, ""},
		{"accents and case ignored", "CAFE", []string{"Café menu"}, ""},
		{"short prefix", "gr", []string{"Grace Hopper"}, ""},
		{"typo", "analitical engine", []string{"Analytical Engine"}, ""},
		{"alias", "father", []string{"Charles Babbage"}, "Father of computing"},
		{"cjk", "管理", []string{"知识管理"}, ""},
		{"like metacharacters are literal", "%", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := st.FindTitles(context.Background(), tc.text, 10)
			if err != nil {
				t.Fatal(err)
			}
			var titles []string
			for _, m := range got {
				titles = append(titles, m.Title)
				if m.Title == "Trashed Ada" {
					t.Errorf("got the trashed note in %v", titles)
				}
			}
			if len(titles) < len(tc.want) || strings.Join(titles[:len(tc.want)], "|") != strings.Join(tc.want, "|") {
				t.Fatalf("FindTitles(%q) = %v; want %v first", tc.text, titles, tc.want)
			}
			if tc.want == nil && len(got) != 0 {
				t.Fatalf("FindTitles(%q) = %v; want none", tc.text, titles)
			}
			if tc.wantAlias != "" && (got[0].Alias != tc.wantAlias || got[0].ID != alias.ID) {
				t.Errorf("got alias %q of %s; want %q of %s", got[0].Alias, got[0].ID, tc.wantAlias, alias.ID)
			}
		})
	}
	recent, err := st.FindTitles(context.Background(), "  ", 3)
	if err != nil || len(recent) != 3 || recent[0].Title != "Charles Babbage" {
		t.Fatalf("empty text = %+v, %v; want the 3 most recent notes, Charles Babbage first", recent, err)
	}
	if _, err := st.FindTitles(context.Background(), "x", 0); backend.ErrorCode(err) != backend.EINVALID {
		t.Fatalf("limit 0: got %v; want invalid", err)
	}
}

func mustTitle(tb testing.TB, st interface {
	FindTitles(context.Context, string, int) ([]backend.TitleMatch, error)
}, title string) uuid.UUID {
	tb.Helper()
	got, err := st.FindTitles(context.Background(), title, 1)
	if err != nil || len(got) == 0 || got[0].Title != title {
		tb.Fatalf("no note titled %q: %v %v", title, got, err)
	}
	return got[0].ID
}

// BenchmarkFindTitles measures the quick switcher's title search on 10k
// notes, or SECONDBRAIN_BENCH_NOTES (the goal: under 30 ms at 100k), with
// what a person types: one to ten characters of a title, sometimes with a
// typo. p50 and p99 are in milliseconds.
func BenchmarkFindTitles(b *testing.B) {
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("SECONDBRAIN_BENCH_NOTES")); err == nil && v > 0 {
		n = v
	}
	st := openStore(b)
	db := st.DB()
	words := benchVocabulary(b)
	rng := rand.New(rand.NewPCG(3, 4))
	titles := make([]string, n)
	const batch = 1000
	for done := 0; done < n; done += batch {
		tx, err := db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		for i := done; i < min(n, done+batch); i++ {
			k := 1 + rng.IntN(4)
			j := rng.IntN(len(words) - k)
			titles[i] = fmt.Sprintf("%s %d", strings.Join(words[j:j+k], " "), i)
			if _, err := tx.Exec(`INSERT INTO notes (id, title, title_key, path, path_key, body, created_at, updated_at)
				VALUES ($1, $2::text, lower($2::text), $3::text, lower($3::text), '', now(), now())`, uuid.New(), titles[i], titles[i]+".md"); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := db.Exec(`VACUUM ANALYZE`); err != nil {
		b.Fatal(err)
	}
	queries := make([]string, 500)
	for i := range queries {
		t := []rune(titles[rng.IntN(n)])
		q := t[:min(len(t), 1+rng.IntN(10))]
		if len(q) > 4 && rng.IntN(4) == 0 {
			q[2], q[3] = q[3], q[2]
		}
		queries[i] = string(q)
	}
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := st.FindTitles(ctx, queries[i%len(queries)], 20); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2])/float64(time.Millisecond), "p50_ms")
	b.ReportMetric(float64(lat[len(lat)*99/100])/float64(time.Millisecond), "p99_ms")
}
