// Package titletest is the conformance suite of backend.TitleFinder: the
// quick switcher's cases, run against the SQL (pgstore) and the in-memory
// title index (titleindex) alike.
package titletest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"secondbrain/backend"
	"secondbrain/backend/pgserver/pgtest"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/service"
)

// Factory returns the TitleFinder under test over the vault the suite has
// just written into st.
type Factory func(t *testing.T, st *pgstore.Store) backend.TitleFinder

// Run runs every case as a subtest of t, over a vault of its own in a
// fresh database of the package's cluster (pgtest.Main).
func Run(t *testing.T, newFinder Factory) {
	ctx := context.Background()
	st, err := pgstore.Open(ctx, pgtest.NewDatabase(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	notes := service.NewNotes(st, nil)
	for _, title := range []string{"Ada Lovelace", "Lovelace letters", "Analytical Engine", "Café menu", "Grace Hopper", "知识管理"} {
		if _, err := notes.Create(ctx, title, "", ""); err != nil {
			t.Fatal(err)
		}
	}
	babbage, err := notes.Create(ctx, "Charles Babbage", "", "---\naliases: [Father of computing]\n---\n")
	if err != nil {
		t.Fatal(err)
	}
	trashed, err := notes.Create(ctx, "Trashed Ada", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := notes.Trash(ctx, trashed.ID.String()); err != nil {
		t.Fatal(err)
	}
	f := newFinder(t, st)
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
		{"a short substring is not a match", "ac", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.FindTitles(ctx, tc.text, 10)
			if err != nil {
				t.Fatal(err)
			}
			var titles []string
			for _, m := range got {
				titles = append(titles, m.Title)
			}
			if slices.Contains(titles, "Trashed Ada") {
				t.Errorf("got the trashed note in %v", titles)
			}
			if len(titles) < len(tc.want) || strings.Join(titles[:len(tc.want)], "|") != strings.Join(tc.want, "|") {
				t.Fatalf("FindTitles(%q) = %v; want %v first", tc.text, titles, tc.want)
			}
			if tc.want == nil && len(got) != 0 {
				t.Fatalf("FindTitles(%q) = %v; want none", tc.text, titles)
			}
			if tc.wantAlias != "" && (got[0].Alias != tc.wantAlias || got[0].ID != babbage.ID) {
				t.Errorf("got alias %q of %s; want %q of %s", got[0].Alias, got[0].ID, tc.wantAlias, babbage.ID)
			}
		})
	}
	t.Run("empty text lists the recent notes", func(t *testing.T) {
		recent, err := f.FindTitles(ctx, "  ", 3)
		if err != nil || len(recent) != 3 || recent[0].Title != "Charles Babbage" {
			t.Fatalf("empty text = %+v, %v; want the 3 most recent live notes, Charles Babbage first", recent, err)
		}
	})
	t.Run("limit 0 is invalid", func(t *testing.T) {
		if _, err := f.FindTitles(ctx, "x", 0); backend.ErrorCode(err) != backend.EINVALID {
			t.Fatalf("limit 0: got %v; want invalid", err)
		}
	})
}
