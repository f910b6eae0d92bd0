package app

import (
	"context"
	"time"

	"secondbrain/app/stack"
	"secondbrain/backend/exporter"
)

// exportTimeout bounds an export from the window; a vault of tens of
// thousands of notes writes in seconds.
const exportTimeout = 10 * time.Minute

// ExportAPI is bound to the frontend: write the whole vault to a folder of
// plain Markdown, as `secondbrain export PATH` does.
type ExportAPI struct {
	app *App
}

// ExportResult is what an export from the window did. Canceled is set
// (and Report nil) when the person closed the folder picker.
type ExportResult struct {
	Canceled bool             `json:"canceled"`
	Report   *exporter.Report `json:"report"`
}

// Export asks for a folder through the system's folder picker, then writes
// every live note and attachment into it (all or nothing; see package
// exporter) and returns the report: notes and attachments written, and the
// files written under another name (renamed). Errors: invalid for a folder
// that is not empty or not writable, conflict when something else writes
// into it meanwhile, unavailable while the backend starts.
func (ea *ExportAPI) Export() (ExportResult, error) {
	dir, err := ea.app.dialogs.PickFolder("Export the vault to an empty folder")
	if err != nil || dir == "" {
		return ExportResult{Canceled: err == nil}, err
	}
	ctx, cancel := context.WithTimeout(ea.app.ctx, exportTimeout)
	defer cancel()
	var out ExportResult
	err = ea.app.wait(ctx, func(s *stack.Stack) error {
		rep, err := s.Export(ctx, dir)
		out.Report = rep
		return err
	})
	if err != nil {
		return ExportResult{}, err
	}
	ea.app.log.Info("exported the vault", "count", out.Report.Notes, "dur", time.Duration(out.Report.DurationMS)*time.Millisecond)
	return out, nil
}
