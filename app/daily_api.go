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

func dailyOf(d service.DailySettings, now time.Time) DailySettings {
	return DailySettings{Folder: d.Folder, Format: d.Format, Template: d.Template, Example: now.Format(d.Format)}
}

// DailySettings returns the daily-note settings in force.
func (n *NotesAPI) DailySettings() (DailySettings, error) {
	var out DailySettings
	err := n.app.call(func(ctx context.Context, s *stack.Stack) error {
		d, err := s.Notes.Daily(ctx)
		out = dailyOf(d, time.Now())
		return err
	})
	return out, err
}

// SetDailySettings stores the daily notes' folder and title format (a Go
// time layout such as 2006-01-02; "" for that default), keeping the
// template, and returns the settings now in force. Errors: invalid for a
// folder or format that cannot name a note.
func (n *NotesAPI) SetDailySettings(folder, format string) (DailySettings, error) {
	var out DailySettings
	err := n.app.call(func(ctx context.Context, s *stack.Stack) error {
		d, err := s.Notes.Daily(ctx)
		if err != nil {
			return err
		}
		d.Folder, d.Format = folder, format
		if err := s.Notes.SetDaily(ctx, d); err != nil {
			return err
		}
		if d, err = s.Notes.Daily(ctx); err != nil {
			return err
		}
		out = dailyOf(d, time.Now())
		return nil
	})
	return out, err
}
