package service

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"secondbrain/backend"
)

// Settings keys of templates.
const (
	// SettingTemplatesFolder is the folder of template notes ("Templates" by default).
	SettingTemplatesFolder = "templates.folder"
	// SettingTemplatesDateFormat is the format of {{date}} (tokens as in YYYY-MM-DD, the default).
	SettingTemplatesDateFormat = "templates.date_format"
	// SettingTemplatesTimeFormat is the format of {{time}} (HH:mm by default).
	SettingTemplatesTimeFormat = "templates.time_format"
)

// TemplateSettings says where template notes are and how their dates are
// written. DailyTemplate is the daily.template setting (see SettingDailyTemplate).
type TemplateSettings struct {
	Folder        string
	DateFormat    string
	TimeFormat    string
	DailyTemplate string
}

// Default formats of {{date}} and {{time}}.
const (
	DefaultDateFormat = "YYYY-MM-DD"
	DefaultTimeFormat = "HH:mm"
)

// Templates returns the template settings, with defaults for what is unset.
func (s *Notes) Templates(ctx context.Context) (TemplateSettings, error) {
	t := TemplateSettings{Folder: "Templates", DateFormat: DefaultDateFormat, TimeFormat: DefaultTimeFormat}
	for key, dst := range map[string]*string{SettingTemplatesFolder: &t.Folder, SettingTemplatesDateFormat: &t.DateFormat,
		SettingTemplatesTimeFormat: &t.TimeFormat, SettingDailyTemplate: &t.DailyTemplate} {
		v, ok, err := s.store.Setting(ctx, key)
		if err != nil {
			return t, err
		}
		if ok {
			json.Unmarshal([]byte(v), dst)
		}
	}
	return t, nil
}

// SetTemplates stores the template settings after checking them; empty
// formats take the defaults. Returns EINVALID for a bad folder or a format
// without a date (or time) token.
func (s *Notes) SetTemplates(ctx context.Context, t TemplateSettings) error {
	const op = "service.SetTemplates"
	folder, err := CleanFolder(t.Folder)
	if err != nil {
		return withOp(op, err)
	}
	if folder == "" {
		return &backend.Error{Code: backend.EINVALID, Op: op, Message: "the templates folder needs a name (Templates, for one)"}
	}
	t.DateFormat, t.TimeFormat = strings.TrimSpace(t.DateFormat), strings.TrimSpace(t.TimeFormat)
	if t.DateFormat == "" {
		t.DateFormat = DefaultDateFormat
	}
	if t.TimeFormat == "" {
		t.TimeFormat = DefaultTimeFormat
	}
	if !usableFormat.MatchString(t.DateFormat) || !usableFormat.MatchString(t.TimeFormat) {
		return &backend.Error{Code: backend.EINVALID, Op: op,
			Message: fmt.Sprintf("the formats %q and %q need tokens such as YYYY, MM, DD, HH and mm", t.DateFormat, t.TimeFormat)}
	}
	return s.putSettings(ctx, map[string]string{SettingTemplatesFolder: folder, SettingTemplatesDateFormat: t.DateFormat,
		SettingTemplatesTimeFormat: t.TimeFormat, SettingDailyTemplate: strings.TrimSpace(t.DailyTemplate)})
}

// RenderTemplate returns the body of the template note ref (an id, path or
// title) with {{date}}, {{time}} and {{title}} filled in for a note titled
// title at now. Returns ENOTFOUND or ECONFLICT as Find does.
func (s *Notes) RenderTemplate(ctx context.Context, ref, title string, now time.Time) (string, error) {
	t, err := s.Templates(ctx)
	if err != nil {
		return "", err
	}
	tpl, err := s.Find(ctx, ref)
	if err != nil {
		return "", err
	}
	return ExpandTemplate(tpl.Body, TemplateVars{Title: title, Date: now, Time: now, DateFormat: t.DateFormat, TimeFormat: t.TimeFormat}), nil
}

// TemplateVars is what a template's placeholders are filled with.
type TemplateVars struct {
	Title string
	// Date fills {{date}}, Time fills {{time}}; both take {{date:FORMAT}}.
	Date, Time time.Time
	// DateFormat and TimeFormat are FormatDate formats ("" for the defaults).
	DateFormat, TimeFormat string
}

var placeholder = regexp.MustCompile(`\{\{\s*(date|time|title)\s*(?::([^}]*))?\}\}`)

// ExpandTemplate fills a template's {{date}}, {{time}} and {{title}}, and
// {{date:FORMAT}} / {{time:FORMAT}} with a format of their own (as in
// {{date:dddd, MMMM Do YYYY}}). Other text, other {{…}} included, is kept.
func ExpandTemplate(body string, v TemplateVars) string {
	if v.DateFormat == "" {
		v.DateFormat = DefaultDateFormat
	}
	if v.TimeFormat == "" {
		v.TimeFormat = DefaultTimeFormat
	}
	return placeholder.ReplaceAllStringFunc(body, func(m string) string {
		sub := placeholder.FindStringSubmatch(m)
		format := strings.TrimSpace(sub[2])
		switch sub[1] {
		case "title":
			return v.Title
		case "date":
			if format == "" {
				format = v.DateFormat
			}
			return FormatDate(v.Date, format)
		default:
			if format == "" {
				format = v.TimeFormat
			}
			return FormatDate(v.Time, format)
		}
	})
}

// usableFormat matches a format with at least one token of two letters or more.
var usableFormat = regexp.MustCompile(`YY|MM|DD|Do|ddd|HH|hh|mm|ss`)

// formatToken matches the tokens FormatDate knows, longest first; text in
// [brackets] is kept as written.
var formatToken = regexp.MustCompile(`\[[^\]]*\]|YYYY|YY|MMMM|MMM|MM|M|Do|DD|D|dddd|ddd|HH|H|hh|h|mm|m|ss|s|A|a|ZZ|Z`)

// FormatDate writes t in a format of tokens, as Obsidian's and Moment's:
// YYYY YY (year), MMMM MMM MM M (month), DD D Do (day), dddd ddd
// (weekday), HH H hh h (hour), mm m (minute), ss s (second), A a (AM/PM),
// Z ZZ (zone offset, +01:00 and +0100); [text] is kept as written.
func FormatDate(t time.Time, format string) string {
	return formatToken.ReplaceAllStringFunc(format, func(tok string) string {
		switch tok {
		case "YYYY":
			return fmt.Sprintf("%04d", t.Year())
		case "YY":
			return fmt.Sprintf("%02d", t.Year()%100)
		case "MMMM":
			return t.Month().String()
		case "MMM":
			return t.Month().String()[:3]
		case "MM":
			return fmt.Sprintf("%02d", int(t.Month()))
		case "M":
			return fmt.Sprint(int(t.Month()))
		case "DD":
			return fmt.Sprintf("%02d", t.Day())
		case "D":
			return fmt.Sprint(t.Day())
		case "Do":
			return ordinal(t.Day())
		case "dddd":
			return t.Weekday().String()
		case "ddd":
			return t.Weekday().String()[:3]
		case "HH":
			return fmt.Sprintf("%02d", t.Hour())
		case "H":
			return fmt.Sprint(t.Hour())
		case "hh":
			return fmt.Sprintf("%02d", hour12(t))
		case "h":
			return fmt.Sprint(hour12(t))
		case "mm":
			return fmt.Sprintf("%02d", t.Minute())
		case "m":
			return fmt.Sprint(t.Minute())
		case "ss":
			return fmt.Sprintf("%02d", t.Second())
		case "s":
			return fmt.Sprint(t.Second())
		case "A":
			return t.Format("PM")
		case "a":
			return t.Format("pm")
		case "Z":
			return t.Format("-07:00")
		case "ZZ":
			return t.Format("-0700")
		}
		return tok[1 : len(tok)-1] // [text]
	})
}

func hour12(t time.Time) int {
	if h := t.Hour() % 12; h != 0 {
		return h
	}
	return 12
}

func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprint(n) + suffix
}
