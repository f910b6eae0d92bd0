package service_test

import (
	"context"
	"testing"
	"time"

	"secondbrain/backend"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/service"
)

func TestFormatDate(t *testing.T) {
	at := time.Date(2026, 3, 1, 15, 4, 5, 0, time.FixedZone("CET", 3600))
	tests := []struct {
		format, want string
	}{
		{"YYYY-MM-DD", "2026-03-01"},
		{"HH:mm", "15:04"},
		{"HH:mm:ss", "15:04:05"},
		{"h:mm A", "3:04 PM"},
		{"hh a", "03 pm"},
		{"dddd, MMMM Do YYYY", "Sunday, March 1st 2026"},
		{"ddd D MMM YY", "Sun 1 Mar 26"},
		{"M/D", "3/1"},
		{"[Week of] YYYY", "Week of 2026"},
		{"YYYY-MM-DDTHH:mm:ssZ", "2026-03-01T15:04:05+01:00"},
		{"ZZ", "+0100"},
		{"[at] HH [o'clock]", "at 15 o'clock"},
	}
	for _, tt := range tests {
		if got := service.FormatDate(at, tt.format); got != tt.want {
			t.Errorf("FormatDate(%q) = %q; want %q", tt.format, got, tt.want)
		}
	}
	for day, want := range map[int]string{2: "2nd", 3: "3rd", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 22: "22nd", 23: "23rd", 31: "31st"} {
		if got := service.FormatDate(time.Date(2026, 1, day, 0, 0, 0, 0, time.UTC), "Do"); got != want {
			t.Errorf("Do of day %d = %q; want %q", day, got, want)
		}
	}
	if got := service.FormatDate(time.Date(2026, 1, 1, 0, 30, 0, 0, time.UTC), "h:mm a"); got != "12:30 am" {
		t.Errorf("half past midnight = %q; want 12:30 am", got)
	}
}

func TestExpandTemplate(t *testing.T) {
	date := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	clock := time.Date(2026, 11, 25, 9, 7, 0, 0, time.UTC)
	tests := []struct {
		name, body, want string
		vars             service.TemplateVars
	}{
		{"defaults", "# {{title}}\n{{date}} {{time}}", "# Plan\n2026-11-24 09:07", service.TemplateVars{Title: "Plan", Date: date, Time: clock}},
		{"formats", "{{date}} at {{time}}", "24/11/2026 at 9.07", service.TemplateVars{Date: date, Time: clock, DateFormat: "DD/MM/YYYY", TimeFormat: "H.mm"}},
		{"own format", "{{date:dddd}} {{ time:HH }} {{date : YYYY}}", "Tuesday 09 2026", service.TemplateVars{Date: date, Time: clock}},
		{"others kept", "{{unknown}} {{ title }} {title}", "{{unknown}} T {title}", service.TemplateVars{Title: "T", Date: date, Time: clock}},
		{"title not expanded again", "{{title}}", "{{date}}", service.TemplateVars{Title: "{{date}}", Date: date, Time: clock}},
	}
	for _, tt := range tests {
		if got := service.ExpandTemplate(tt.body, tt.vars); got != tt.want {
			t.Errorf("%s: ExpandTemplate(%q) = %q; want %q", tt.name, tt.body, got, tt.want)
		}
	}
}

func TestTemplateSettingsAndRender(t *testing.T) {
	ctx := context.Background()
	notes, _ := newNotes(t)
	got, err := notes.Templates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := (service.TemplateSettings{Folder: "Templates", DateFormat: "YYYY-MM-DD", TimeFormat: "HH:mm"}); got != want {
		t.Fatalf("default settings = %+v; want %+v", got, want)
	}
	if _, err := notes.Create(ctx, "Meeting", "Tpl", "## {{title}}\n{{date}} {{time}}"); err != nil {
		t.Fatal(err)
	}
	set := service.TemplateSettings{Folder: " Tpl/ ", DateFormat: "D MMM YYYY", TimeFormat: "", DailyTemplate: "Tpl/Meeting"}
	if err := notes.SetTemplates(ctx, set); err != nil {
		t.Fatal(err)
	}
	got, _ = notes.Templates(ctx)
	if want := (service.TemplateSettings{Folder: "Tpl", DateFormat: "D MMM YYYY", TimeFormat: "HH:mm", DailyTemplate: "Tpl/Meeting"}); got != want {
		t.Fatalf("settings = %+v; want %+v", got, want)
	}
	// The daily note settings read the same daily template.
	if d, _ := notes.Daily(ctx); d.Template != "Tpl/Meeting" {
		t.Fatalf("daily template = %q; want Tpl/Meeting", d.Template)
	}
	out, err := notes.RenderTemplate(ctx, "Meeting", "Standup", time.Date(2026, 2, 3, 8, 5, 0, 0, time.Local))
	if err != nil {
		t.Fatal(err)
	}
	if out != "## Standup\n3 Feb 2026 08:05" {
		t.Fatalf("rendered %q", out)
	}
	day, err := notes.Today(ctx, time.Date(2026, 2, 4, 7, 30, 0, 0, time.Local))
	if err != nil {
		t.Fatal(err)
	}
	if day.Path != "journal/2026-02-04.md" || day.Body != "## 2026-02-04\n4 Feb 2026 07:30" {
		t.Fatalf("daily note = %s %q", day.Path, day.Body)
	}
	_, err = notes.RenderTemplate(ctx, "Nope", "x", time.Now())
	wantCode(t, err, backend.ENOTFOUND)
	for _, bad := range []service.TemplateSettings{{Folder: ""}, {Folder: "../up"}, {Folder: "T", DateFormat: "no tokens"}} {
		wantCode(t, notes.SetTemplates(ctx, bad), backend.EINVALID)
	}
}

func TestDailyNeighbors(t *testing.T) {
	ctx := context.Background()
	notes, _ := newNotes(t)
	mk := func(title, folder string) string {
		t.Helper()
		n, err := notes.Create(ctx, title, folder, "")
		if err != nil {
			t.Fatal(err)
		}
		return n.ID.String()
	}
	first := mk("2026-01-05", "journal")
	mid := mk("2026-01-09", "journal")
	last := mk("2026-02-01", "journal")
	mk("2026-01-07", "elsewhere")       // not in the daily folder
	mk("2026-01-08 notes", "journal")   // not a date
	mk("2026-01-06", "journal/archive") // in a subfolder
	other := mk("Not a day", "journal")
	got, err := notes.DailyNeighbors(ctx, mid)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Date.Equal(time.Date(2026, 1, 9, 0, 0, 0, 0, time.Local)) || got.Prev == nil || got.Prev.ID.String() != first || got.Next == nil || got.Next.ID.String() != last {
		t.Fatalf("neighbours of 2026-01-09 = %+v; want 2026-01-05 before, 2026-02-01 after", got)
	}
	got, _ = notes.DailyNeighbors(ctx, first)
	if got.Prev != nil || got.Next == nil || got.Next.ID.String() != mid {
		t.Fatalf("neighbours of the first = %+v; want none before, 2026-01-09 after", got)
	}
	got, _ = notes.DailyNeighbors(ctx, last)
	if got.Next != nil || got.Prev == nil || got.Prev.ID.String() != mid {
		t.Fatalf("neighbours of the last = %+v; want 2026-01-09 before, none after", got)
	}
	got, _ = notes.DailyNeighbors(ctx, other)
	if !got.Date.IsZero() || got.Prev != nil || got.Next != nil {
		t.Fatalf("a note that is no day = %+v; want nothing", got)
	}
	_, err = notes.DailyNeighbors(ctx, "not-an-id")
	wantCode(t, err, backend.EINVALID)
}

func TestLinkMention(t *testing.T) {
	ctx := context.Background()
	notes, _ := newNotes(t)
	target, err := notes.Create(ctx, "Graph Theory", "", "---\naliases: [graphs]\n---\n")
	if err != nil {
		t.Fatal(err)
	}
	mk := func(title, body string) *backend.Note {
		t.Helper()
		n, err := notes.Create(ctx, title, "", body)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	exact := mk("Exact", "`Graph Theory` in code, then Graph Theory in prose and Graph Theory again.")
	cased := mk("Cased", "---\ntopic: Graph Theory\n---\nI like graph theory.")
	alias := mk("Alias", "All about graphs.")
	tests := []struct {
		note *backend.Note
		want string
	}{
		{exact, "`Graph Theory` in code, then [[Graph Theory]] in prose and Graph Theory again."},
		{cased, "---\ntopic: Graph Theory\n---\nI like [[Graph Theory|graph theory]]."},
		{alias, "All about [[Graph Theory|graphs]]."},
	}
	for _, tt := range tests {
		got, err := notes.LinkMention(ctx, tt.note.ID.String(), tt.note.Version, target.ID.String())
		if err != nil {
			t.Fatalf("%s: %v", tt.note.Title, err)
		}
		if got.Body != tt.want || got.Version != tt.note.Version+1 {
			t.Errorf("%s: body %q version %d; want %q version %d", tt.note.Title, got.Body, got.Version, tt.want, tt.note.Version+1)
		}
	}
	// The source now links the target, so it is a backlink, no longer a mention.
	ms, err := notes.UnlinkedMentions(ctx, target.ID.String())
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 0 {
		t.Fatalf("mentions after linking = %+v; want none", ms)
	}
	// A stale version is a conflict and the note keeps its text.
	stale := mk("Stale", "Graph Theory here")
	if _, err := notes.Save(ctx, stale.ID.String(), stale.Version, "Graph Theory here, edited elsewhere"); err != nil {
		t.Fatal(err)
	}
	_, err = notes.LinkMention(ctx, stale.ID.String(), stale.Version, target.ID.String())
	wantCode(t, err, backend.ECONFLICT)
	if n, _ := notes.Get(ctx, stale.ID.String()); n.Body != "Graph Theory here, edited elsewhere" {
		t.Fatalf("after a conflict the body is %q", n.Body)
	}
	// Nothing left to link.
	none := mk("None", "no mention at all; [[Graph Theory]] is linked")
	_, err = notes.LinkMention(ctx, none.ID.String(), none.Version, target.ID.String())
	wantCode(t, err, backend.ENOTFOUND)
	// A title in two folders is linked by its path.
	twin, _ := notes.Create(ctx, "Graph Theory", "math", "")
	other := mk("Other", "see Graph Theory")
	got, err := notes.LinkMention(ctx, other.ID.String(), other.Version, twin.ID.String())
	if err != nil {
		t.Fatal(err)
	}
	if got.Body != "see [[math/Graph Theory|Graph Theory]]" {
		t.Fatalf("body = %q; want the link by path", got.Body)
	}
}

// templateSavedDuring is a store on which a daily template is saved (as the
// Templates section of Settings does) right after the first read of the
// daily.template setting: a save of the daily notes' folder racing it.
type templateSavedDuring struct {
	*pgstore.Store
	saved bool
}

func (s *templateSavedDuring) Setting(ctx context.Context, key string) (string, bool, error) {
	v, ok, err := s.Store.Setting(ctx, key)
	if key == service.SettingDailyTemplate && !s.saved {
		s.saved = true
		if err := s.Store.PutSetting(ctx, key, `"Tpl/New"`); err != nil {
			return "", false, err
		}
	}
	return v, ok, err
}

// The daily notes' folder and the daily template are saved by two sections
// of Settings, each with its own button: saving the folder must not write
// back a template it read before the other section saved a new one.
func TestSetDailyPlaceKeepsATemplateSavedMeanwhile(t *testing.T) {
	ctx := context.Background()
	_, st := newNotes(t)
	racing := &templateSavedDuring{Store: st}
	notes := service.NewNotes(racing, nil)
	if _, err := notes.SetDailyPlace(ctx, "days", ""); err != nil {
		t.Fatal(err)
	}
	if !racing.saved {
		t.Fatal("the template was never saved during the call")
	}
	d, err := notes.Daily(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d.Folder != "days" || d.Format != "2006-01-02" || d.Template != "Tpl/New" {
		t.Fatalf("daily settings = %+v; want folder days, format 2006-01-02, template Tpl/New", d)
	}
}
