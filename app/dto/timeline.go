package dto

import (
	"time"

	"secondbrain/backend/timeline"
)

// TimelineRequest asks for the activity between two calendar dates (both
// included, YYYY-MM-DD) in buckets of hour, day, week or month, in Zone
// (an IANA name; "" for the configured zone), narrowed by the filters
// (folder with its subfolders, tag, type, one note's id; "" for none).
type TimelineRequest struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Bucket string `json:"bucket"`
	Folder string `json:"folder"`
	Tag    string `json:"tag"`
	Type   string `json:"type"`
	NoteID string `json:"noteId"`
	Zone   string `json:"zone"`
}

// Query converts the request.
func (r TimelineRequest) Query() timeline.Query {
	return timeline.Query{From: r.From, To: r.To, Bucket: r.Bucket, Zone: r.Zone,
		Filter: timeline.Filter{Folder: r.Folder, Tag: r.Tag, Type: r.Type, NoteID: r.NoteID}}
}

// Activity is the sum of changes in a bucket, a day or a note's day.
type Activity struct {
	Created      int `json:"created"`
	Edited       int `json:"edited"`
	Renamed      int `json:"renamed"`
	Trashed      int `json:"trashed"`
	Restored     int `json:"restored"`
	WordsAdded   int `json:"wordsAdded"`
	WordsRemoved int `json:"wordsRemoved"`
}

func activity(a timeline.Activity) Activity {
	return Activity{Created: a.Created, Edited: a.Edited, Renamed: a.Renamed, Trashed: a.Trashed, Restored: a.Restored,
		WordsAdded: a.WordsAdded, WordsRemoved: a.WordsRemoved}
}

// TimelineBucket is one bucket: Start is its local start (RFC 3339 with
// the zone's offset), Day its local date (YYYY-MM-DD), Notes the distinct
// notes changed in it.
type TimelineBucket struct {
	Start string `json:"start"`
	Day   string `json:"day"`
	Activity
	Notes int `json:"notes"`
}

// TimelineSeries is a timeline: the buckets of the range, empty ones
// included, and their total.
type TimelineSeries struct {
	From    string           `json:"from"`
	To      string           `json:"to"`
	Bucket  string           `json:"bucket"`
	Zone    string           `json:"zone"`
	Buckets []TimelineBucket `json:"buckets"`
	Total   Activity         `json:"total"`
}

// FromSeries converts a timeline.
func FromSeries(s *timeline.Series) TimelineSeries {
	out := TimelineSeries{From: s.From, To: s.To, Bucket: s.Bucket, Zone: s.Zone, Total: activity(s.Total),
		Buckets: make([]TimelineBucket, len(s.Buckets))}
	for i, b := range s.Buckets {
		out.Buckets[i] = TimelineBucket{Start: b.Start.Format(time.RFC3339), Day: b.Start.Format(time.DateOnly),
			Activity: activity(b.Activity), Notes: b.Notes}
	}
	return out
}

// DayNote is a note changed on a day with the sum of its changes; Title
// and Path are the note's now. InTrash: in the trash now; Gone: deleted.
type DayNote struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Path  string `json:"path"`
	Activity
	First   string `json:"first"`
	Last    string `json:"last"`
	InTrash bool   `json:"inTrash"`
	Gone    bool   `json:"gone"`
}

func dayNotes(ns []timeline.DayNote) []DayNote {
	out := make([]DayNote, len(ns))
	for i, n := range ns {
		out[i] = DayNote{ID: n.ID.String(), Title: n.Title, Path: n.Path, Activity: activity(n.Activity),
			First: stamp(n.First), Last: stamp(n.Last), InTrash: n.InTrash, Gone: n.Gone}
	}
	return out
}

// DatedNote is a live note with a date inside it: Kind daily (its
// title), property (Detail: the key) or task (Detail: the task's text).
type DatedNote struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Path   string `json:"path"`
	Date   string `json:"date"`
	Kind   string `json:"kind"`
	Detail string `json:"detail"`
}

func datedNotes(ds []timeline.DatedNote) []DatedNote {
	out := make([]DatedNote, len(ds))
	for i, d := range ds {
		out[i] = DatedNote{ID: d.ID.String(), Title: d.Title, Path: d.Path, Date: d.Date, Kind: d.Kind, Detail: d.Detail}
	}
	return out
}

// DayActivity is what happened on one day: the notes changed, their
// total, and the notes dated that day.
type DayActivity struct {
	Date  string      `json:"date"`
	Zone  string      `json:"zone"`
	Notes []DayNote   `json:"notes"`
	Total Activity    `json:"total"`
	Dated []DatedNote `json:"dated"`
}

// FromDay converts a day.
func FromDay(d *timeline.DayResult) DayActivity {
	return DayActivity{Date: d.Date, Zone: d.Zone, Notes: dayNotes(d.Notes), Total: activity(d.Total), Dated: datedNotes(d.Dated)}
}

// YearNotes is the notes changed on this day in one earlier year.
type YearNotes struct {
	Year  int       `json:"year"`
	Notes []DayNote `json:"notes"`
}

// OnThisDay is the on-this-day panel: earlier years' notes of the day,
// newest year first, and the notes dated on this month and day.
type OnThisDay struct {
	Date  string      `json:"date"`
	Zone  string      `json:"zone"`
	Years []YearNotes `json:"years"`
	Dated []DatedNote `json:"dated"`
}

// FromOnThisDay converts an on-this-day answer.
func FromOnThisDay(r *timeline.OnThisDayResult) OnThisDay {
	out := OnThisDay{Date: r.Date, Zone: r.Zone, Years: make([]YearNotes, len(r.Years)), Dated: datedNotes(r.Dated)}
	for i, y := range r.Years {
		out.Years[i] = YearNotes{Year: y.Year, Notes: dayNotes(y.Notes)}
	}
	return out
}

// NoteChange is one change of a note: Kind created, edited, renamed,
// trashed, restored or deleted; Origin "" for the user, agent:NAME…
type NoteChange struct {
	Seq          int64  `json:"seq"`
	Version      int    `json:"version"`
	At           string `json:"at"`
	Kind         string `json:"kind"`
	Origin       string `json:"origin"`
	Title        string `json:"title"`
	Path         string `json:"path"`
	WordsAdded   int    `json:"wordsAdded"`
	WordsRemoved int    `json:"wordsRemoved"`
}

// FromChanges converts a note's changes.
func FromChanges(cs []timeline.Change) []NoteChange {
	out := make([]NoteChange, len(cs))
	for i, c := range cs {
		out[i] = NoteChange{Seq: c.Seq, Version: c.Version, At: stamp(c.At), Kind: c.Kind, Origin: c.Origin,
			Title: c.Title, Path: c.Path, WordsAdded: c.WordsAdded, WordsRemoved: c.WordsRemoved}
	}
	return out
}

// AsOfVault is the vault at a moment: At (RFC 3339, UTC), the first
// change's time ("" for none), Empty when the moment is before it, the
// notes that existed then, and Purged: those deleted for good since.
type AsOfVault struct {
	At          string `json:"at"`
	FirstChange string `json:"firstChange"`
	Empty       bool   `json:"empty"`
	Notes       int    `json:"notes"`
	Purged      int    `json:"purged"`
}

// FromVault converts a vault description.
func FromVault(v *timeline.Vault) AsOfVault {
	out := AsOfVault{At: stamp(v.At), Empty: v.Empty, Notes: v.Notes, Purged: v.Purged}
	if v.First != nil {
		out.FirstChange = stamp(*v.First)
	}
	return out
}

// AsOfNote is a note as it was at a moment: its title, path and version
// then, when that version was written, and (for one note) its body.
type AsOfNote struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Path    string `json:"path"`
	Version int    `json:"version"`
	At      string `json:"at"`
	Body    string `json:"body"`
}

// FromVersionAt converts a note as of a moment.
func FromVersionAt(v timeline.VersionAt) AsOfNote {
	return AsOfNote{ID: v.ID.String(), Title: v.Title, Path: v.Path, Version: v.Version, At: stamp(v.At), Body: v.Body}
}

// Restored is what restoring one note as of a moment did: Action
// reverted, unchanged or skipped (Reason says why).
type Restored struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Path        string `json:"path"`
	FromVersion int    `json:"fromVersion"`
	Version     int    `json:"version"`
	Action      string `json:"action"`
	Reason      string `json:"reason"`
	Untrashed   bool   `json:"untrashed"`
}

// FromRestored converts restore results.
func FromRestored(rs []timeline.Restored) []Restored {
	out := make([]Restored, len(rs))
	for i, r := range rs {
		out[i] = Restored{ID: r.ID.String(), Title: r.Title, Path: r.Path, FromVersion: r.FromVersion, Version: r.Version,
			Action: r.Action, Reason: r.Reason, Untrashed: r.Untrashed}
	}
	return out
}

// FromDatedNotes converts dated notes.
func FromDatedNotes(ds []timeline.DatedNote) []DatedNote { return datedNotes(ds) }

// AsOfHit is a search result as of a moment: the note's title, path and
// version then; Snippet is HTML (escaped text with <mark>).
type AsOfHit struct {
	ID      string  `json:"id"`
	Title   string  `json:"title"`
	Path    string  `json:"path"`
	Version int     `json:"version"`
	At      string  `json:"at"`
	Score   float64 `json:"score"`
	Snippet string  `json:"snippet"`
}

// FromHitsAt converts search results as of a moment.
func FromHitsAt(hs []timeline.HitAt) []AsOfHit {
	out := make([]AsOfHit, len(hs))
	for i, h := range hs {
		out[i] = AsOfHit{ID: h.ID.String(), Title: h.Title, Path: h.Path, Version: h.Version, At: stamp(h.At),
			Score: h.Score, Snippet: h.Snippet}
	}
	return out
}

// FromBacklinksAt converts backlinks as of a moment to the backlinks
// panel's shape, the sources' titles and paths then.
func FromBacklinksAt(bs []timeline.BacklinkAt) []Backlink {
	out := make([]Backlink, len(bs))
	for i, b := range bs {
		out[i] = Backlink{SourceID: b.SourceID.String(), SourceTitle: b.SourceTitle, SourcePath: b.SourcePath, Context: b.Context}
	}
	return out
}
