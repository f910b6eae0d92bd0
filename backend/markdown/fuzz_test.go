package markdown

import (
	"testing"
	"unicode/utf8"
)

// fuzzSeeds are added to the committed seed corpus in testdata/fuzz.
var fuzzSeeds = []string{
	"",
	"[[Ada|a]] ![[b.png]] [[c#^d]] [[#e]] [x](./y%20z.md#w) ![i](j.png) #t #[[u v]] ^id\n",
	"---\ntitle: T\ntags: [a]\n---\n# H\n- [ ] x\n- [x] y\n",
	"---\n: bad\n---\n[[x]]",
	"title:: T\nalias:: a, [[b]]\n\n- x ((61024cd6-1951-47cc-8050-25f68960d729))\n\t- {{embed [[y]]}}\n\t  id:: 6103e488-22d4-4751-b27a-69b278067c26\n",
	"```\n[[no]]\n```\n`[[no]]` <a href=\"x.md\">[[no]]</a>\n",
	"| [[a\\|b]] |\n|---|\n",
	"[a][r]\n\n[r]: s.md\n[![c](d.png)](e.md)",
	"#+BEGIN_SRC\n[[no]]\n#+END_SRC\n",
	"> > - [[a]]\n\t\t\t- [[b]]\n",
	"x[^1] y[^n] ^[in [[l]]]\n\n[^1]: a.md\n[^n]: See [[b]]\n    more\n\t[^1]: c\n> [^q]: d\n",
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkDoc(t, "fuzz", src, parse(src))
	})
}

func FuzzRewriteLinks(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, "New Name")
	}
	f.Fuzz(func(t *testing.T, src, target string) {
		if got := RewriteLinks(src, func(l Link) (string, bool) { return l.Target, true }); got != src {
			t.Fatalf("identity RewriteLinks(%q) = %q; want it unchanged", src, got)
		}
		out := RewriteLinks(src, func(l Link) (string, bool) { return target, true })
		checkDoc(t, "rewritten", []byte(out), parse([]byte(out)))
		if utf8.ValidString(src) && utf8.ValidString(target) && !utf8.ValidString(out) {
			t.Errorf("RewriteLinks(%q) with target %q = %q: invalid UTF-8 from valid input", src, target, out)
		}
	})
}
