package dto

import (
	"secondbrain/backend"
	"secondbrain/backend/service"
)

// TemplateSettings is where template notes are, how {{date}} and {{time}}
// are written (tokens as in YYYY-MM-DD and HH:mm) and which note starts a
// new daily note ("" for none).
type TemplateSettings struct {
	Folder        string `json:"folder"`
	DateFormat    string `json:"date_format"`
	TimeFormat    string `json:"time_format"`
	DailyTemplate string `json:"daily_template"`
}

// FromTemplateSettings converts the template settings.
func FromTemplateSettings(t service.TemplateSettings) TemplateSettings {
	return TemplateSettings{Folder: t.Folder, DateFormat: t.DateFormat, TimeFormat: t.TimeFormat, DailyTemplate: t.DailyTemplate}
}

// ToService converts the settings back for the service.
func (t TemplateSettings) ToService() service.TemplateSettings {
	return service.TemplateSettings{Folder: t.Folder, DateFormat: t.DateFormat, TimeFormat: t.TimeFormat, DailyTemplate: t.DailyTemplate}
}

// DailyNeighbors says whether a note is a daily note (date "YYYY-MM-DD",
// "" when not) and the existing daily notes nearest before and after it.
type DailyNeighbors struct {
	Date string       `json:"date"`
	Prev *NoteSummary `json:"prev"`
	Next *NoteSummary `json:"next"`
}

// FromDailyNeighbors converts a daily note's neighbours.
func FromDailyNeighbors(d service.DailyNeighbors) DailyNeighbors {
	var out DailyNeighbors
	if !d.Date.IsZero() {
		out.Date = d.Date.Format("2006-01-02")
	}
	summary := func(n *backend.NoteSummary) *NoteSummary {
		if n == nil {
			return nil
		}
		return &NoteSummary{ID: n.ID.String(), Title: n.Title, Path: n.Path, Version: n.Version,
			CreatedAt: stamp(n.CreatedAt), UpdatedAt: stamp(n.UpdatedAt), TrashedAt: stampPtr(n.TrashedAt)}
	}
	out.Prev, out.Next = summary(d.Prev), summary(d.Next)
	return out
}
