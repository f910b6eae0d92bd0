package search

import (
	"reflect"
	"strings"
	"testing"

	"secondbrain/backend"
)

func TestParse(t *testing.T) {
	cases := []struct {
		in        string
		asYouType bool
		want      Query
		invalid   bool
	}{
		{in: "foo bar", want: Query{Words: []string{"foo", "bar"}}},
		{in: `"knowledge graph" notes -draft -"old stuff"`, want: Query{Words: []string{"notes"}, Phrases: []string{"knowledge graph"}, Excluded: []string{"draft", "old stuff"}}},
		{in: "zettel*", want: Query{Words: []string{"zettel"}, PrefixLast: true}},
		{in: "zet", asYouType: true, want: Query{Words: []string{"zet"}, PrefixLast: true}},
		{in: `foo "bar"`, asYouType: true, want: Query{Words: []string{"foo"}, Phrases: []string{"bar"}}},
		{in: "e-mail", want: Query{Words: []string{"e-mail"}}},
		{in: `"unclosed phrase`, want: Query{Phrases: []string{"unclosed phrase"}}},
		{in: "", invalid: true},
		{in: "  -x  ", invalid: true},
		{in: "*** ---", invalid: true},
		{in: strings.Repeat("a", MaxQueryBytes+1), invalid: true},
		{in: "\xff", invalid: true},
	}
	for _, c := range cases {
		got, err := Parse(c.in, c.asYouType)
		if c.invalid {
			if backend.ErrorCode(err) != backend.EINVALID {
				t.Errorf("Parse(%.20q) = %+v, %v; want %s", c.in, got, err, backend.EINVALID)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"foo", `"a b" -c d*`, "-", `"`, "知识"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s, true)
		if err == nil && !q.Positive() {
			t.Fatalf("Parse(%q) accepted a query with nothing to find", s)
		}
	})
}
