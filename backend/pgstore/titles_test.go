package pgstore_test

import (
	"context"
	"strings"
	"testing"

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
