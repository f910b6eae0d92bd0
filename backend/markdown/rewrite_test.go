package markdown

import (
	"strings"
	"testing"
	"time"
)

// rename returns an fn for RewriteLinks that renames from to to.
func rename(from, to string) func(Link) (string, bool) {
	return func(l Link) (string, bool) {
		if l.Target == from {
			return to, true
		}
		return "", false
	}
}

func TestRewriteLinks(t *testing.T) {
	tests := []struct {
		name string
		src  string
		fn   func(Link) (string, bool)
		want string
	}{
		{"wikilink", "See [[Ada]].", rename("Ada", "Ada Lovelace"), "See [[Ada Lovelace]]."},
		{"keeps alias", "[[Ada|the countess]]", rename("Ada", "Ada Lovelace"), "[[Ada Lovelace|the countess]]"},
		{"keeps anchor", "[[Ada#Early life|x]] [[Ada#^b1]]", rename("Ada", "Ada Lovelace"), "[[Ada Lovelace#Early life|x]] [[Ada Lovelace#^b1]]"},
		{"keeps embed", "![[Ada]] ![[Ada#S]]", rename("Ada", "Ada Lovelace"), "![[Ada Lovelace]] ![[Ada Lovelace#S]]"},
		{"keeps spacing", "[[ Ada | x ]]", rename("Ada", "B"), "[[ B | x ]]"},
		{"table escaped pipe", "| [[Ada\\|a]] |\n|---|\n", rename("Ada", "B"), "| [[B\\|a]] |\n|---|\n"},
		{"others untouched", "[[Adam]] [[ada]] [[Ada]]", rename("Ada", "B"), "[[Adam]] [[ada]] [[B]]"},
		{"case-insensitive is fn's choice", "[[ada]] [[ADA]]", func(l Link) (string, bool) {
			return "Ada Lovelace", strings.EqualFold(l.Target, "ada")
		}, "[[Ada Lovelace]] [[Ada Lovelace]]"},
		{"code untouched", "`[[Ada]]`\n\n```\n[[Ada]]\n```\n[[Ada]]", rename("Ada", "B"), "`[[Ada]]`\n\n```\n[[Ada]]\n```\n[[B]]"},
		{"markdown encoded", "[a](Ada.md)", rename("Ada.md", "New Name.md"), "[a](New%20Name.md)"},
		{"markdown keeps anchor and title", `[a](Ada.md#Life%20x "T")`, rename("Ada.md", "B c.md"), `[a](B%20c.md#Life%20x "T")`},
		{"markdown keeps dot slash", "[a](./Ada.md)", rename("Ada.md", "x/B.md"), "[a](./x/B.md)"},
		{"markdown special chars", "[a](Ada.md)", rename("Ada.md", "What is (Life)? 100%#1.md"), "[a](What%20is%20%28Life%29%3F%20100%25%231.md)"},
		{"markdown angle", "[a](<Ada one.md>)", rename("Ada one.md", "B two.md"), "[a](<B two.md>)"},
		{"image embed", "![cat](img/cat.png)", rename("img/cat.png", "img/kitten.png"), "![cat](img/kitten.png)"},
		{"logseq embed macro", "- {{embed [[Ada]]}}", rename("Ada", "B"), "- {{embed [[B]]}}"},
		{"logseq labelled link", "[x]([[Ada]])", rename("Ada", "B"), "[x]([[B]])"},
		{"same-note link gets a target", "[[#H]]", rename("", "Other"), "[[Other#H]]"},
		{"unrepresentable wikilink target skipped", "[[Ada]]", rename("Ada", "a|b"), "[[Ada]]"},
		{"reference links untouched", "[a][r]\n\n[r]: Ada.md\n", rename("Ada.md", "B.md"), "[a][r]\n\n[r]: Ada.md\n"},
		{"front matter untouched", "---\nup: \"[[Ada]]\"\n---\n[[Ada]]", rename("Ada", "B"), "---\nup: \"[[Ada]]\"\n---\n[[B]]"},
		{"several", "[[Ada]] [b](Ada.md) ![[Ada]]", func(l Link) (string, bool) {
			return strings.Replace(l.Target, "Ada", "Zed", 1), true
		}, "[[Zed]] [b](Zed.md) ![[Zed]]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := RewriteLinks(tt.src, tt.fn)
			if got != tt.want {
				t.Fatalf("RewriteLinks(%q) = %q; want %q", tt.src, got, tt.want)
			}
		})
	}
}

// TestRewriteLinksRoundTrip renames every link and back, and checks that
// the renamed note parses to the new targets.
func TestRewriteLinksRoundTrip(t *testing.T) {
	src := "---\ntitle: x\n---\n# [[Ada]]\n- [[Ada|a]] ![[Ada#h]] [m](./Ada.md#s) ![i](Ada.md)\n\t- {{embed [[Ada]]}} [x]([[Ada]])\n"
	to := "Ada Lovelace (1815)"
	renamed := RewriteLinks(src, rename("Ada", to))
	renamed = RewriteLinks(renamed, rename("Ada.md", to+".md"))
	d := Parse([]byte(renamed))
	if len(d.Links) != 7 {
		t.Fatalf("links after rename = %d; want 7:\n%s", len(d.Links), renamed)
	}
	for _, l := range d.Links {
		if l.Target != to && l.Target != to+".md" {
			t.Errorf("after rename, link %q has target %q; want %q", renamed[l.Start:l.End], l.Target, to)
		}
	}
	back := RewriteLinks(renamed, rename(to, "Ada"))
	back = RewriteLinks(back, rename(to+".md", "Ada.md"))
	if back != src {
		t.Errorf("round trip = %q; want %q", back, src)
	}
}

func TestLogseqPageName(t *testing.T) {
	tests := []struct {
		path, want string
	}{
		{"pages/Start here.md", "Start here"},
		{"pages/a___b.md", "a/b"},
		{"pages/Community___Query Learning Sprint (Summer 2022).md", "Community/Query Learning Sprint (Summer 2022)"},
		{"pages/New to Logseq%3F.md", "New to Logseq?"},
		{"pages/100%.md", "100%"},
		{`pages\a___b.markdown`, "a/b"},
		{"pages/x.org", "x"},
		{"journals/2023_01_15.md", "Jan 15th, 2023"},
		{"journals/2024_02_29.md", "Feb 29th, 2024"},
		{"journals/2023_02_30.md", "2023_02_30"},
		{"journals/notes.md", "notes"},
		{"README.md", "README"},
		{"pages/.md", ".md"},
	}
	for _, tt := range tests {
		if got := LogseqPageName(tt.path); got != tt.want {
			t.Errorf("LogseqPageName(%q) = %q; want %q", tt.path, got, tt.want)
		}
	}
}

func TestJournalTitle(t *testing.T) {
	tests := []struct {
		date, want string
	}{
		{"2020-09-01", "Sep 1st, 2020"}, {"2020-09-02", "Sep 2nd, 2020"}, {"2020-09-03", "Sep 3rd, 2020"},
		{"2020-09-04", "Sep 4th, 2020"}, {"2020-09-11", "Sep 11th, 2020"}, {"2020-09-12", "Sep 12th, 2020"},
		{"2020-09-13", "Sep 13th, 2020"}, {"2020-09-21", "Sep 21st, 2020"}, {"2020-09-22", "Sep 22nd, 2020"},
		{"2020-09-23", "Sep 23rd, 2020"}, {"2020-12-31", "Dec 31st, 2020"},
	}
	for _, tt := range tests {
		d, _ := time.Parse(time.DateOnly, tt.date)
		if got := JournalTitle(d); got != tt.want {
			t.Errorf("JournalTitle(%s) = %q; want %q", tt.date, got, tt.want)
		}
	}
}
