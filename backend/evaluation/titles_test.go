package evaluation

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/google/uuid"

	"secondbrain/backend"
)

func TestKnownItems(t *testing.T) {
	a, b, c, d := uuid.New(), uuid.New(), uuid.New(), uuid.New()
	items := KnownItems([]TitledNote{{a, "Flancia"}, {b, "Flancia"}, {c, "Flancia collective"}, {d, "ab"}})
	got := map[string]KnownItem{}
	for _, it := range items {
		got[it.Kind+":"+it.Title] = it
	}
	if it := got["exact:Flancia"]; it.Query != "Flancia" || len(it.Want) != 2 {
		t.Errorf("exact Flancia = %+v; want both notes of that title", it)
	}
	if it := got["prefix:Flancia"]; it.Query != "Flan" || !it.Ambiguous {
		t.Errorf("prefix Flancia = %+v; want Flan, ambiguous", it)
	}
	if it := got["prefix:Flancia collective"]; it.Query != "Flancia c" || it.Ambiguous {
		t.Errorf("prefix Flancia collective = %+v; want Flancia c, unambiguous", it)
	}
	if it := got["typo:Flancia"]; it.Query != "Flnacia" {
		t.Errorf("typo Flancia = %+v; want the middle letters swapped", it)
	}
	if _, ok := got["prefix:ab"]; ok {
		t.Error("a two-rune title got a prefix query")
	}
	if _, ok := got["typo:ab"]; ok {
		t.Error("a two-letter title got a typo query")
	}
	if got := titleTypo("aabb"); got != "" {
		t.Errorf("titleTypo(aabb) = %q; want none (four letters)", got)
	}
	if got := titleTypo("xxxxx"); got != "xxqxx" {
		t.Errorf("titleTypo(xxxxx) = %q; want the middle x replaced", got)
	}
}

func TestRunKnownItems(t *testing.T) {
	a, b := uuid.New(), uuid.New()
	items := []KnownItem{
		{Kind: KnownExact, Query: "A", Title: "A", Want: []uuid.UUID{a}},
		{Kind: KnownExact, Query: "B", Title: "B", Want: []uuid.UUID{b}},
		{Kind: KnownExact, Query: "~", Title: "~", Want: []uuid.UUID{b}},
		{Kind: KnownPrefix, Query: "Bx", Title: "B", Want: []uuid.UUID{b}, Ambiguous: true},
	}
	search := func(_ context.Context, text string, limit int) ([]uuid.UUID, error) {
		switch {
		case text == "~":
			return nil, backend.Errorf(backend.EINVALID, "no word")
		case strings.HasPrefix(text, "B"):
			return []uuid.UUID{a, b}, nil // second
		}
		return []uuid.UUID{a}, nil
	}
	rep, err := RunKnownItems(context.Background(), items, map[uuid.UUID]string{a: "A", b: "B"}, search, 2)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Exact.Queries != 3 || rep.Exact.Unsearchable != 1 || math.Abs(rep.Exact.MRR10-0.5) > 1e-9 || math.Abs(rep.Exact.Top1-1.0/3) > 1e-9 {
		t.Errorf("exact = %+v; want 3 queries, 1 unsearchable, MRR (1 + 1/2 + 0)/3, top-1 1/3", rep.Exact)
	}
	if u := rep.Prefix.Unambiguous; u == nil || u.Queries != 0 || rep.Prefix.Queries != 1 {
		t.Errorf("prefix = %+v; want one ambiguous query", rep.Prefix)
	}
	if rep.Titles != 3 || len(rep.Misses) != 2 || rep.Misses[0].First != "A" {
		t.Errorf("titles %d, misses %+v; want 3 titles, the two exact misses", rep.Titles, rep.Misses)
	}
}
