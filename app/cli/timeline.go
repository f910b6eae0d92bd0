package cli

import (
	"fmt"
	"strings"
	"time"

	"secondbrain/backend"
	"secondbrain/backend/exporter"
	"secondbrain/backend/timeline"
)

// timeline runs `secondbrain timeline --from D --to D [--bucket B] [--folder F]
// [--tag T] [--type X] [--tz Z]`.
func (e *env) timeline(args []string) error {
	fs, g := e.flags("timeline")
	from := fs.String("from", "", "first day, YYYY-MM-DD (default: 29 days before --to)")
	to := fs.String("to", "", "last day, YYYY-MM-DD (default: today)")
	bucket := fs.String("bucket", timeline.Day, "hour, day, week or month")
	folder := fs.String("folder", "", "only notes in this folder (and its subfolders)")
	tag := fs.String("tag", "", "only notes with this tag")
	typ := fs.String("type", "", "only notes of this type")
	tz := fs.String("tz", "", "IANA time zone (default: the timeline.timezone setting, else the system's)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError{"timeline takes no arguments: secondbrain timeline --from YYYY-MM-DD --to YYYY-MM-DD [--bucket day|week|month]"}
	}
	if err := e.open(g); err != nil {
		return err
	}
	tl := e.stack.Timeline
	loc, err := zoneOf(e, *tz)
	if err != nil {
		return err
	}
	if *to == "" {
		*to = time.Now().In(loc).Format(time.DateOnly)
	}
	if *from == "" {
		d, err := timeline.ParseDate(*to, loc)
		if err != nil {
			return err
		}
		*from = d.AddDate(0, 0, -29).Format(time.DateOnly)
	}
	s, err := tl.Timeline(e.ctx, timeline.Query{From: *from, To: *to, Bucket: *bucket, Zone: loc.String(),
		Filter: timeline.Filter{Folder: *folder, Tag: *tag, Type: *typ}})
	if err != nil {
		return err
	}
	if e.json {
		return e.writeJSON(s)
	}
	layout := map[string]string{timeline.Hour: "2006-01-02 15:00", timeline.Day: "2006-01-02 Mon", timeline.Week: "2006-01-02 (week)", timeline.Month: "2006-01"}[s.Bucket]
	fmt.Fprintf(e.stdout, "%s to %s by %s (%s)\n", s.From, s.To, s.Bucket, s.Zone)
	fmt.Fprintf(e.stdout, "%-18s %7s %7s %7s %7s %8s %8s %6s\n", "", "created", "edited", "renamed", "trashed", "+words", "-words", "notes")
	for _, b := range s.Buckets {
		fmt.Fprintf(e.stdout, "%-18s %7d %7d %7d %7d %8d %8d %6d\n", b.Start.Format(layout), b.Created, b.Edited, b.Renamed, b.Trashed, b.WordsAdded, b.WordsRemoved, b.Notes)
	}
	t := s.Total
	fmt.Fprintf(e.stdout, "%-18s %7d %7d %7d %7d %8d %8d\n", "total", t.Created, t.Edited, t.Renamed, t.Trashed, t.WordsAdded, t.WordsRemoved)
	return nil
}

// zoneOf resolves --tz: the named zone, else the configured one.
func zoneOf(e *env, name string) (*time.Location, error) {
	if strings.TrimSpace(name) != "" {
		return timeline.LoadZone(name)
	}
	return e.stack.Timeline.Zone(e.ctx)
}

// onThisDay runs `secondbrain on-this-day [--date D] [--tz Z]`.
func (e *env) onThisDay(args []string) error {
	fs, g := e.flags("on-this-day")
	date := fs.String("date", "", "the day, YYYY-MM-DD (default: today)")
	tz := fs.String("tz", "", "IANA time zone (default: the timeline.timezone setting, else the system's)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError{"on-this-day takes no arguments: secondbrain on-this-day [--date YYYY-MM-DD]"}
	}
	if err := e.open(g); err != nil {
		return err
	}
	r, err := e.stack.Timeline.OnThisDay(e.ctx, *date, *tz)
	if err != nil {
		return err
	}
	if e.json {
		return e.writeJSON(r)
	}
	fmt.Fprintf(e.stdout, "on this day, %s (%s)\n", r.Date, r.Zone)
	if len(r.Years) == 0 && len(r.Dated) == 0 {
		fmt.Fprintln(e.stdout, "  nothing: no note changed on this day in earlier years, and none is dated on it")
	}
	for _, y := range r.Years {
		fmt.Fprintf(e.stdout, "%d\n", y.Year)
		for _, n := range y.Notes {
			fmt.Fprintf(e.stdout, "  %-40s %s\n", n.Path, changes(n.Activity))
		}
	}
	if len(r.Dated) > 0 {
		fmt.Fprintln(e.stdout, "dated")
		for _, d := range r.Dated {
			what := d.Kind
			if d.Detail != "" {
				what += ": " + d.Detail
			}
			fmt.Fprintf(e.stdout, "  %s %-40s %s\n", d.Date, d.Path, what)
		}
	}
	return nil
}

// changes describes an activity in words: "created, 2 edits, +40 −3 words".
func changes(a timeline.Activity) string {
	var parts []string
	if a.Created > 0 {
		parts = append(parts, "created")
	}
	if a.Edited > 0 {
		parts = append(parts, plural(a.Edited, "edit"))
	}
	if a.Renamed > 0 {
		parts = append(parts, "renamed")
	}
	if a.Trashed > 0 {
		parts = append(parts, "trashed")
	}
	if a.Restored > 0 {
		parts = append(parts, "restored")
	}
	if a.WordsAdded > 0 || a.WordsRemoved > 0 {
		parts = append(parts, fmt.Sprintf("+%d −%d words", a.WordsAdded, a.WordsRemoved))
	}
	return strings.Join(parts, ", ")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// noteActivity prints `note activity`: a note's changes in log order.
func (e *env) noteActivity(n *backend.Note) error {
	acts, err := e.stack.Timeline.NoteActivity(e.ctx, n.ID)
	if err != nil {
		return err
	}
	if e.json {
		return e.writeJSON(map[string]any{"id": n.ID, "title": n.Title, "path": n.Path, "changes": acts})
	}
	loc, err := e.stack.Timeline.Zone(e.ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s — %d changes\n", n.Path, len(acts))
	for _, c := range acts {
		origin := c.Origin
		if origin == "" {
			origin = "you"
		}
		fmt.Fprintf(e.stdout, "  v%-4d %s  %-8s +%d −%d words  (%s)\n", c.Version, c.At.In(loc).Format("2006-01-02 15:04"), c.Kind, c.WordsAdded, c.WordsRemoved, origin)
	}
	return nil
}

// asOfReport is `export --as-of --json`: the export's report with what the
// vault was at the moment.
type asOfReport struct {
	*exporter.Report
	AsOf time.Time `json:"as_of"`
	// Vault is what the vault held then: first_change, empty, notes, purged.
	Vault   *timeline.Vault `json:"vault"`
	Message string          `json:"message,omitempty"`
}

// moment parses --as-of in --tz (else the configured zone).
func (e *env) moment(asOf, tz string) (time.Time, error) {
	loc, err := zoneOf(e, tz)
	if err != nil {
		return time.Time{}, err
	}
	at, err := timeline.ParseMoment(asOf, loc)
	if err != nil {
		return time.Time{}, err
	}
	return at, timeline.CheckMoment(at)
}

// exportAsOf runs `secondbrain export PATH --as-of T`.
func (e *env) exportAsOf(dir, asOf, tz string) error {
	at, err := e.moment(asOf, tz)
	if err != nil {
		return err
	}
	v, err := e.stack.Timeline.Describe(e.ctx, at)
	if err != nil {
		return err
	}
	rep, err := e.stack.ExportAsOf(e.ctx, dir, at)
	if err != nil {
		return err
	}
	out := asOfReport{Report: rep, AsOf: at, Vault: v}
	if v.Empty {
		out.Message = "the vault was empty then: the moment is before its first change"
	} else if v.Purged > 0 {
		out.Message = fmt.Sprintf("%d notes of that moment were deleted for good since; their text is gone", v.Purged)
	}
	if e.json {
		return e.writeJSON(out)
	}
	fmt.Fprintf(e.stdout, "the vault as of %s:\n", at.Format(time.RFC3339))
	e.printExport(rep)
	if out.Message != "" {
		fmt.Fprintln(e.stdout, "  "+out.Message)
	}
	return nil
}

// restoreAsOf runs `note restore TITLE|ID --as-of T` and
// `note restore --folder F --as-of T`.
func (e *env) restoreAsOf(g *globalFlags, pos []string, folder, asOf, tz string) error {
	if (len(pos) == 1) == (folder != "") {
		return usageError{"note restore --as-of needs one TITLE|ID, or --folder F"}
	}
	if err := e.open(g); err != nil {
		return err
	}
	at, err := e.moment(asOf, tz)
	if err != nil {
		return err
	}
	tl := e.stack.Timeline
	var rs []timeline.Restored
	if folder != "" {
		if rs, err = tl.RestoreFolderAt(e.ctx, e.stack.Notes, folder, at); err != nil {
			return err
		}
	} else {
		n, err := e.stack.Notes.Get(e.ctx, pos[0])
		if backend.ErrorCode(err) == backend.EINVALID { // not an id: a title or path
			n, err = e.stack.Notes.Find(e.ctx, pos[0])
		}
		if err != nil {
			return err
		}
		r, err := tl.RestoreAt(e.ctx, e.stack.Notes, n.ID, at)
		if err != nil {
			return err
		}
		rs = []timeline.Restored{*r}
	}
	if e.json {
		return e.writeJSON(map[string]any{"as_of": at, "restored": rs})
	}
	for _, r := range rs {
		switch r.Action {
		case "reverted":
			fmt.Fprintf(e.stdout, "restored %s to its text of version %d (now version %d)\n", r.Path, r.FromVersion, r.Version)
		case "unchanged":
			fmt.Fprintf(e.stdout, "%s: unchanged, its text is that of %s\n", r.Path, at.Format(time.RFC3339))
		default:
			fmt.Fprintf(e.stdout, "skipped %s: %s\n", r.Path, r.Reason)
		}
	}
	return nil
}
