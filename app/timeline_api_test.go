package app

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"secondbrain/app/dto"
)

// TestTimelineAPI: the bound timeline answers the view's calls — a year
// by day with today's changes, the day's notes, a note's changes, the
// vault as of a moment (list and one note) and a restore — and refuses a
// bad zone with invalid.
func TestTimelineAPI(t *testing.T) {
	a, rec := startApp(t)
	notes := &NotesAPI{app: a}
	api := &TimelineAPI{app: a}
	n, err := notes.Create("Plan", "work", "first draft")
	if err != nil {
		t.Fatal(err)
	}
	then := time.Now().UTC().Format(time.RFC3339Nano)
	if _, err := notes.Save(n.ID, n.Version, "second draft with more words"); err != nil {
		t.Fatal(err)
	}
	if z, err := api.SetZone("Europe/Berlin"); err != nil || z != "Europe/Berlin" {
		t.Fatalf("SetZone: %q, %v", z, err)
	}
	today := time.Now().In(mustZone(t, "Europe/Berlin")).Format(time.DateOnly)
	year := today[:4]
	s, err := api.Timeline(dto.TimelineRequest{From: year + "-01-01", To: year + "-12-31", Bucket: "day"})
	if err != nil {
		t.Fatal(err)
	}
	var hit dto.TimelineBucket
	for _, b := range s.Buckets {
		if b.Day == today {
			hit = b
		}
	}
	if s.Zone != "Europe/Berlin" || len(s.Buckets) < 365 || hit.Created != 1 || hit.Edited != 1 || hit.Notes != 1 || hit.WordsAdded != 6 {
		t.Fatalf("timeline: zone %s, %d buckets, today %+v", s.Zone, len(s.Buckets), hit)
	}
	day, err := api.DayNotes(today, "")
	if err != nil || len(day.Notes) != 1 || day.Notes[0].ID != n.ID || day.Notes[0].Edited != 1 {
		t.Fatalf("day: %+v, %v", day, err)
	}
	changes, err := api.NoteActivity(n.ID)
	if err != nil || len(changes) != 2 || changes[1].Kind != "edited" {
		t.Fatalf("activity: %+v, %v", changes, err)
	}
	v, err := api.AsOf(then, "")
	if err != nil || v.Empty || v.Notes != 1 {
		t.Fatalf("as of: %+v, %v", v, err)
	}
	list, err := api.AsOfNotes(then, "", "work")
	if err != nil || len(list) != 1 || list[0].Path != "work/Plan.md" || list[0].Version != 1 {
		t.Fatalf("as-of list: %+v, %v", list, err)
	}
	old, err := api.AsOfNote(n.ID, then, "UTC")
	if err != nil || old.Body != "first draft" {
		t.Fatalf("as-of note: %+v, %v", old, err)
	}
	rec.mu.Lock()
	before := len(rec.events)
	rec.mu.Unlock()
	r, err := api.RestoreNote(n.ID, then, "")
	if err != nil || r.Action != "reverted" || r.Version != 3 {
		t.Fatalf("restore: %+v, %v", r, err)
	}
	rec.mu.Lock()
	after := rec.events[before:]
	rec.mu.Unlock()
	if len(after) != 1 || after[0] != EventNoteChanged {
		t.Fatalf("events of the restore = %q; want one %s, so an open editor reloads", after, EventNoteChanged)
	}
	if got, _ := notes.Get(n.ID); got.Body != "first draft" {
		t.Fatalf("after restore: %q", got.Body)
	}
	_, err = api.Timeline(dto.TimelineRequest{From: "2026-01-01", To: "2026-01-02", Zone: "Nowhere/City"})
	var e struct{ Code string }
	if err == nil || json.Unmarshal([]byte(FormatError(err).(string)), &e) != nil || e.Code != "invalid" {
		t.Fatalf("bad zone: %v", err)
	}
	if _, err := api.AsOf(time.Now().Add(time.Hour).UTC().Format(time.RFC3339), ""); err == nil || !strings.Contains(err.Error(), "future") {
		t.Fatalf("future: %v", err)
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestTimelineAsOfViews: search, backlinks and the graph as of a moment
// answer from the notes then, not now.
func TestTimelineAsOfViews(t *testing.T) {
	a, _ := startApp(t)
	notes := &NotesAPI{app: a}
	api := &TimelineAPI{app: a}
	target, err := notes.Create("Target", "", "the target")
	if err != nil {
		t.Fatal(err)
	}
	src, err := notes.Create("Source", "", "old words, see [[Target]]")
	if err != nil {
		t.Fatal(err)
	}
	then := time.Now().UTC().Format(time.RFC3339Nano)
	if _, err := notes.Save(src.ID, src.Version, "new words, no link"); err != nil {
		t.Fatal(err)
	}
	hits, err := api.AsOfSearch("old words", then, "", 0)
	if err != nil || len(hits) != 1 || hits[0].ID != src.ID || !strings.Contains(hits[0].Snippet, "<mark>old</mark>") {
		t.Fatalf("as-of search: %+v, %v", hits, err)
	}
	if hits, err := api.AsOfSearch("old words", time.Now().UTC().Format(time.RFC3339Nano), "", 0); err != nil || len(hits) != 0 {
		t.Fatalf("search now: %+v, %v", hits, err)
	}
	bl, err := api.AsOfBacklinks(target.ID, then, "")
	if err != nil || len(bl) != 1 || bl[0].SourceID != src.ID || bl[0].Context != "old words, see [[Target]]" {
		t.Fatalf("as-of backlinks: %+v, %v", bl, err)
	}
	g, err := api.AsOfGraph(target.ID, then, "", 1)
	if err != nil || len(g.Nodes) != 2 || len(g.Edges) != 1 || g.Edges[0].Source != src.ID || g.Edges[0].Type != "LINKS_TO" {
		t.Fatalf("as-of graph: %+v, %v", g, err)
	}
	if _, err := api.AsOfGraph(target.ID, then, "", 7); err == nil {
		t.Fatal("depth 7: no error")
	}
}
