package service

import (
	"context"
	"encoding/json"
	"path"
	"strings"
	"time"

	"secondbrain/backend"
)

// Settings keys of daily notes.
const (
	// SettingDailyFolder is the folder of daily notes ("journal" by default).
	SettingDailyFolder = "daily.folder"
	// SettingDailyFormat is the Go time layout of daily note titles ("2006-01-02").
	SettingDailyFormat = "daily.format"
	// SettingDailyTemplate names the note (title, path or id) whose body starts a new daily note.
	SettingDailyTemplate = "daily.template"
	// SettingRenameRewrites says whether renaming a note rewrites the links to it (true by default).
	SettingRenameRewrites = "rename.rewrite_links"
)

// RenameRewrites reports whether a rename rewrites links to the note.
func (s *Notes) RenameRewrites(ctx context.Context) (bool, error) {
	v, ok, err := s.store.Setting(ctx, SettingRenameRewrites)
	if err != nil || !ok {
		return true, err
	}
	return v != "false", nil
}

// SetRenameRewrites turns rewriting links on rename on or off.
func (s *Notes) SetRenameRewrites(ctx context.Context, on bool) error {
	b, _ := json.Marshal(on)
	return s.store.PutSetting(ctx, SettingRenameRewrites, string(b))
}

// DailySettings says where daily notes go and how they start.
type DailySettings struct {
	Folder   string
	Format   string
	Template string
}

// Daily returns the daily-note settings, with defaults for what is unset.
func (s *Notes) Daily(ctx context.Context) (DailySettings, error) {
	d := DailySettings{Folder: "journal", Format: "2006-01-02"}
	for key, dst := range map[string]*string{SettingDailyFolder: &d.Folder, SettingDailyFormat: &d.Format, SettingDailyTemplate: &d.Template} {
		v, ok, err := s.store.Setting(ctx, key)
		if err != nil {
			return d, err
		}
		if ok {
			json.Unmarshal([]byte(v), dst)
		}
	}
	return d, nil
}

// SetDaily stores daily-note settings after checking them. Returns EINVALID.
func (s *Notes) SetDaily(ctx context.Context, d DailySettings) error {
	folder, format, err := checkDailyPlace(d.Folder, d.Format)
	if err != nil {
		return err
	}
	return s.putSettings(ctx, map[string]string{SettingDailyFolder: folder, SettingDailyFormat: format, SettingDailyTemplate: strings.TrimSpace(d.Template)})
}

// checkDailyPlace cleans a daily notes folder and title format ("" for the
// default format). Returns EINVALID for either that cannot name a note.
func checkDailyPlace(folder, format string) (string, string, error) {
	folder, err := CleanFolder(folder)
	if err != nil {
		return "", "", err
	}
	if format == "" {
		format = "2006-01-02"
	}
	if _, err := CleanTitle(time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC).Format(format)); err != nil || !strings.ContainsAny(format, "0123456789") {
		return "", "", backend.Errorf(backend.EINVALID, "the daily note format %q does not make a usable title (use a Go layout like 2006-01-02)", format)
	}
	return folder, format, nil
}

// putSettings stores each key's value as JSON.
func (s *Notes) putSettings(ctx context.Context, values map[string]string) error {
	for key, v := range values {
		b, _ := json.Marshal(v)
		if err := s.store.PutSetting(ctx, key, string(b)); err != nil {
			return err
		}
	}
	return nil
}

// Today returns the daily note for day, creating it — from the template note
// if one is set, with {{date}}, {{time}} and {{title}} filled in (see
// ExpandTemplate; {{time}} is day's clock time) — when it is missing.
func (s *Notes) Today(ctx context.Context, day time.Time) (*backend.Note, error) {
	d, err := s.Daily(ctx)
	if err != nil {
		return nil, err
	}
	title := day.Format(d.Format)
	p := notePath(d.Folder, title)
	if n, err := s.Find(ctx, p); err == nil {
		return n, nil
	} else if backend.ErrorCode(err) != backend.ENOTFOUND {
		return nil, err
	}
	body := ""
	if d.Template != "" {
		tpl, err := s.Find(ctx, d.Template)
		if err != nil {
			return nil, &backend.Error{Code: backend.ErrorCode(err), Op: "service.Today",
				Message: "the daily note template " + d.Template + " cannot be read: " + backend.ErrorMessage(err), Err: err}
		}
		t, err := s.Templates(ctx)
		if err != nil {
			return nil, err
		}
		body = ExpandTemplate(tpl.Body, TemplateVars{Title: title, Date: day, Time: day, DateFormat: t.DateFormat, TimeFormat: t.TimeFormat})
	}
	n, err := s.Create(ctx, title, d.Folder, body)
	if backend.ErrorCode(err) == backend.ECONFLICT {
		return s.Find(ctx, p) // created meanwhile by another window
	}
	return n, err
}

// maxDailyScan bounds the notes of the daily folder DailyNeighbors reads.
const maxDailyScan = 50_000

// DailyNeighbors says where a daily note sits among the others.
type DailyNeighbors struct {
	// Date is the note's day; zero when the note is not a daily note (not
	// in the daily folder, or its title is not a date in the daily format).
	Date time.Time
	// Prev and Next are the nearest existing daily notes before and after
	// it, nil at either end.
	Prev, Next *backend.NoteSummary
}

// SetDailyPlace stores where daily notes go and how they are titled (a Go
// time layout; "" for the default), and returns the settings now in force.
// It writes those two settings only, so a template saved at the same time
// (SetTemplates) is not undone. Returns EINVALID for a folder or format
// that cannot name a note.
func (s *Notes) SetDailyPlace(ctx context.Context, folder, format string) (DailySettings, error) {
	folder, format, err := checkDailyPlace(folder, format)
	if err != nil {
		return DailySettings{}, err
	}
	if err := s.putSettings(ctx, map[string]string{SettingDailyFolder: folder, SettingDailyFormat: format}); err != nil {
		return DailySettings{}, err
	}
	return s.Daily(ctx)
}

// DailyNeighbors returns, for the note id, its day if it is a daily note and
// the existing daily notes nearest before and after it. Days without a note
// are skipped: browsing the days does not create empty notes. Returns
// EINVALID or ENOTFOUND for the note.
func (s *Notes) DailyNeighbors(ctx context.Context, id string) (DailyNeighbors, error) {
	var out DailyNeighbors
	n, err := s.Get(ctx, id)
	if err != nil {
		return out, err
	}
	d, err := s.Daily(ctx)
	if err != nil {
		return out, err
	}
	day, ok := dailyDay(d, n.Path)
	if !ok {
		return out, nil
	}
	out.Date = day
	for offset := 0; offset < maxDailyScan; offset += 1000 {
		page, err := s.ListFolder(ctx, d.Folder, backend.ListOptions{Order: backend.OrderTitle, Offset: offset, Limit: 1000})
		if err != nil {
			return out, err
		}
		for i := range page.Notes {
			other := page.Notes[i]
			od, ok := dailyDay(d, other.Path)
			if !ok || other.ID == n.ID {
				continue
			}
			if od.Before(day) && (out.Prev == nil || od.After(mustDay(d, out.Prev.Path))) {
				out.Prev = &other
			}
			if od.After(day) && (out.Next == nil || od.Before(mustDay(d, out.Next.Path))) {
				out.Next = &other
			}
		}
		if len(page.Notes) < 1000 {
			break
		}
	}
	return out, nil
}

// dailyDay returns the day a note path names in the daily settings d: the
// note is directly in the daily folder and its name parses in the format.
func dailyDay(d DailySettings, p string) (time.Time, bool) {
	if !strings.EqualFold(folderOf(p), strings.Trim(d.Folder, "/")) {
		return time.Time{}, false
	}
	name := strings.TrimSuffix(path.Base(p), path.Ext(p))
	t, err := time.ParseInLocation(d.Format, name, time.Local)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

func mustDay(d DailySettings, p string) time.Time {
	t, _ := dailyDay(d, p)
	return t
}
