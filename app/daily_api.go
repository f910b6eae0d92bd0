package app

import (
	"context"
	"time"

	"secondbrain/app/stack"
	"secondbrain/backend/service"
)

// DailySettings is where daily notes go and how they are named, as the
// settings dialog shows it. The same settings (kept in the database) name
// the daily note that the window (Ctrl+D) and `secondbrain daily` open.
type DailySettings struct {
	// Folder holds new daily notes ("journal" by default).
	Folder string `json:"folder"`
	// Format is the Go time layout of a daily note's title ("2006-01-02").
	Format string `json:"format"`
	// Template names the note a new daily note starts from ("" for none);
	// read-only here.
	Template string `json:"template"`
	// Example is today's daily note title in Format.
	Example string `json:"example"`
}

// dailyNow converts the daily-note settings, with today's title as the example.
func dailyNow(d service.DailySettings) DailySettings {
	return DailySettings{Folder: d.Folder, Format: d.Format, Template: d.Template, Example: time.Now().Format(d.Format)}
}

// DailySettings returns the daily-note settings in force.
func (n *NotesAPI) DailySettings() (DailySettings, error) {
	return callTo(n.app, func(ctx context.Context, s *stack.Stack) (service.DailySettings, error) { return s.Notes.Daily(ctx) }, dailyNow)
}

// SetDailySettings stores the daily notes' folder and title format (a Go
// time layout such as 2006-01-02; "" for that default), keeping the
// template, and returns the settings now in force. Errors: invalid for a
// folder or format that cannot name a note.
func (n *NotesAPI) SetDailySettings(folder, format string) (DailySettings, error) {
	return callTo(n.app, func(ctx context.Context, s *stack.Stack) (service.DailySettings, error) {
		return s.Notes.SetDailyPlace(ctx, folder, format)
	}, dailyNow)
}
