package service_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"secondbrain/backend"
	"secondbrain/backend/service"
)

func titles(bs []backend.Backlink) string {
	var out []string
	for _, b := range bs {
		out = append(out, b.SourceTitle)
	}
	return strings.Join(out, ",")
}

// TestLinksResolveAndFollowChanges: links resolve like Obsidian, dangling
// links resolve when their note appears, and trash, restore and delete
// move them along.
func TestLinksResolveAndFollowChanges(t *testing.T) {
	ctx := context.Background()
	notes, _ := newNotes(t)
	a, _ := notes.Create(ctx, "Alpha", "", "links [[Beta]], [[beta#Intro|the beta]], [[people/Gamma]], [x](Delta.md) and `[[Code]]`\n```\n[[Fenced]]\n```")
	outs, err := notes.OutgoingLinks(ctx, a.ID.String())
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 4 {
		t.Fatalf("%d outgoing links %+v; want 4 (nothing from code)", len(outs), outs)
	}
	for _, l := range outs {
		if l.TargetID != [16]byte{} {
			t.Fatalf("link %q resolved before its note exists", l.Target)
		}
	}
	b, _ := notes.Create(ctx, "beta", "", "")
	g, _ := notes.Create(ctx, "Gamma", "people", "")
	d, _ := notes.Create(ctx, "Delta", "", "---\naliases: [Δ, Dee]\n---\n")
	back, _ := notes.Backlinks(ctx, b.ID.String())
	if len(back) != 2 || back[0].SourceID != a.ID || !strings.Contains(back[0].Context, "links [[Beta]]") {
		t.Fatalf("backlinks of beta = %+v; want two from Alpha with their line", back)
	}
	for _, n := range []*backend.Note{g, d} {
		if back, _ := notes.Backlinks(ctx, n.ID.String()); len(back) != 1 {
			t.Fatalf("backlinks of %s = %+v; want one from Alpha", n.Title, back)
		}
	}
	// An alias resolves too.
	e, _ := notes.Create(ctx, "Epsilon", "", "see [[dee]]")
	if back, _ := notes.Backlinks(ctx, d.ID.String()); titles(back) != "Alpha,Epsilon" {
		t.Fatalf("backlinks of Delta = %s; want Alpha,Epsilon (one via an alias)", titles(back))
	}
	// Trash detaches, restore reattaches, delete detaches for good.
	notes.Trash(ctx, b.ID.String())
	outs, _ = notes.OutgoingLinks(ctx, a.ID.String())
	if outs[0].TargetID == b.ID {
		t.Fatal("a link still points at a trashed note")
	}
	notes.Restore(ctx, b.ID.String())
	if back, _ := notes.Backlinks(ctx, b.ID.String()); len(back) != 2 {
		t.Fatalf("after restore beta has %d backlinks; want 2", len(back))
	}
	notes.Delete(ctx, e.ID.String())
	if back, _ := notes.Backlinks(ctx, d.ID.String()); titles(back) != "Alpha" {
		t.Fatalf("after deleting Epsilon, Delta's backlinks = %s; want Alpha", titles(back))
	}
	// Two notes titled Gamma: a bare [[Gamma]] prefers the one in the source's folder.
	notes.Create(ctx, "Gamma", "", "")
	z, _ := notes.Create(ctx, "Zeta", "people", "[[Gamma]]")
	outs, _ = notes.OutgoingLinks(ctx, z.ID.String())
	if outs[0].TargetID != g.ID {
		t.Fatalf("[[Gamma]] from people/ resolved to %s; want people/Gamma", outs[0].TargetTitle)
	}
}

func TestRenameRewritesLinks(t *testing.T) {
	ctx := context.Background()
	notes, _ := newNotes(t)
	target, _ := notes.Create(ctx, "Ada", "people", "")
	src, _ := notes.Create(ctx, "Src", "", "[[Ada]] [[ada|the countess]] ![[Ada#Life]] [[people/Ada]] [md](people/Ada.md) [[Other]] `[[Ada]]`")
	if _, err := notes.Rename(ctx, target.ID.String(), 1, "Ada Lovelace", true); err != nil {
		t.Fatal(err)
	}
	got, _ := notes.Get(ctx, src.ID.String())
	want := "[[Ada Lovelace]] [[Ada Lovelace|the countess]] ![[Ada Lovelace#Life]] [[people/Ada Lovelace]] [md](people/Ada%20Lovelace.md) [[Other]] `[[Ada]]`"
	if got.Body != want {
		t.Fatalf("after rename:\n got %s\nwant %s", got.Body, want)
	}
	if got.Version != 2 {
		t.Fatalf("rewritten note at version %d; want 2 (one event for the rewrite)", got.Version)
	}
	if back, _ := notes.Backlinks(ctx, target.ID.String()); len(back) != 5 {
		t.Fatalf("%d backlinks after rename; want 5", len(back))
	}
	// Without rewriting, the links keep their text and become unresolved.
	other, _ := notes.Create(ctx, "Other", "", "")
	notes.Rename(ctx, other.ID.String(), 1, "Renamed", false)
	outs, _ := notes.OutgoingLinks(ctx, src.ID.String())
	last := outs[len(outs)-1]
	if last.Target != "Other" || last.TargetID != [16]byte{} {
		t.Fatalf("link to a note renamed without rewrite = %+v; want kept as written and unresolved", last)
	}
}

func TestUnlinkedMentions(t *testing.T) {
	ctx := context.Background()
	notes, _ := newNotes(t)
	n, _ := notes.Create(ctx, "Zettelkasten", "", "---\naliases: [slip box]\n---\n")
	notes.Create(ctx, "Plain", "", "I use a zettelkasten every day.")
	notes.Create(ctx, "Alias", "", "My Slip Box grows.")
	notes.Create(ctx, "Linked", "", "[[Zettelkasten]] and zettelkasten again")
	notes.Create(ctx, "Code", "", "`zettelkasten` and\n```\nzettelkasten\n```")
	notes.Create(ctx, "Partial", "", "zettelkastens are plural")
	ms, err := notes.UnlinkedMentions(ctx, n.ID.String())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range ms {
		got = append(got, m.SourceTitle+": "+m.Context)
	}
	want := "Plain: I use a zettelkasten every day.|Alias: My Slip Box grows."
	if strings.Join(got, "|") != want {
		t.Fatalf("mentions = %q; want %q", got, want)
	}
}

// TestUnlinkedMentionsOfAnyName covers names the full-text index splits
// (hyphens, Chinese bigrams, accents) and a name without words, which is
// looked for by a scan of the bodies.
func TestUnlinkedMentionsOfAnyName(t *testing.T) {
	ctx := context.Background()
	notes, _ := newNotes(t)
	for _, tc := range []struct{ title, mention, other string }{
		{"Co-op market", "We shop at the co-op market weekly.", "A market, a co-op."},
		{"知识管理", "我们的知识管理方法", "知识和管理"},
		{"Café Central", "Met at café central again.", "Met at cafe central."},
		{"+++", "a +++ b", "a ++ b"},
	} {
		n, err := notes.Create(ctx, tc.title, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := notes.Create(ctx, "Mentions "+tc.title, "", tc.mention); err != nil {
			t.Fatal(err)
		}
		if _, err := notes.Create(ctx, "Near miss "+tc.title, "", tc.other); err != nil {
			t.Fatal(err)
		}
		ms, err := notes.UnlinkedMentions(ctx, n.ID.String())
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 1 || ms[0].SourceTitle != "Mentions "+tc.title || ms[0].Context != tc.mention {
			t.Errorf("mentions of %q = %+v; want one, in %q", tc.title, ms, "Mentions "+tc.title)
		}
	}
}

func TestDailyNote(t *testing.T) {
	ctx := context.Background()
	notes, _ := newNotes(t)
	day := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	n, err := notes.Today(ctx, day)
	if err != nil {
		t.Fatal(err)
	}
	if n.Path != "journal/2026-11-23.md" || n.Body != "" {
		t.Fatalf("daily note = %s %q; want journal/2026-11-23.md, empty", n.Path, n.Body)
	}
	again, _ := notes.Today(ctx, day)
	if again.ID != n.ID {
		t.Fatal("asking twice made two daily notes")
	}
	notes.Create(ctx, "Daily template", "templates", "# {{title}}\nDate: {{date}}\n- [ ] plan")
	if err := notes.SetDaily(ctx, service.DailySettings{Folder: "days", Format: "2006-01-02 Mon", Template: "templates/Daily template"}); err != nil {
		t.Fatal(err)
	}
	n, err = notes.Today(ctx, day.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	if n.Path != "days/2026-11-24 Tue.md" || n.Body != "# 2026-11-24 Tue\nDate: 2026-11-24\n- [ ] plan" {
		t.Fatalf("templated daily note = %s %q", n.Path, n.Body)
	}
	err = notes.SetDaily(ctx, service.DailySettings{Format: "Monday"})
	wantCode(t, err, backend.EINVALID)
}

// TestTypedRelations: a front-matter value that is a link becomes a typed
// relation that resolves like any link and follows renames.
func TestTypedRelations(t *testing.T) {
	ctx := context.Background()
	notes, _ := newNotes(t)
	ada, _ := notes.Create(ctx, "Ada Lovelace", "people", "")
	book, _ := notes.Create(ctx, "Notes on the Engine", "", "---\ntype: book\nauthor: \"[[Ada Lovelace]]\"\nrelated to: [\"[[Nowhere]]\", plain]\n---\nbody [[Ada Lovelace]]")
	outs, err := notes.OutgoingLinks(ctx, book.ID.String())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range outs {
		got = append(got, l.Kind+":"+l.Rel+":"+l.Target+":"+l.TargetTitle)
	}
	want := "property:AUTHOR:Ada Lovelace:Ada Lovelace|property:RELATED_TO:Nowhere:|wikilink::Ada Lovelace:Ada Lovelace"
	if strings.Join(got, "|") != want {
		t.Fatalf("links = %q; want %q", got, want)
	}
	if _, err := notes.Rename(ctx, ada.ID.String(), 1, "Augusta Ada King", true); err != nil {
		t.Fatal(err)
	}
	b, _ := notes.Get(ctx, book.ID.String())
	if !strings.Contains(b.Body, `author: "[[Augusta Ada King]]"`) || !strings.Contains(b.Body, "body [[Augusta Ada King]]") {
		t.Fatalf("after rename the book reads %q; want both links renamed", b.Body)
	}
	if got := service.RelationType(" related-to  (main) "); got != "RELATED_TO_MAIN" {
		t.Fatalf("RelationType = %q; want RELATED_TO_MAIN", got)
	}
}
