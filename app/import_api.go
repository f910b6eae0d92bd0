package app

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"secondbrain/app/dto"
	"secondbrain/app/stack"
	"secondbrain/backend"
	"secondbrain/backend/importer"
)

// Import job events.
const (
	// EventImportProgress fires at most every 100 ms while an import runs:
	// {job, phase, done, total}.
	EventImportProgress = "import:progress"
	// EventImportDone fires once when an import ends: {job, report} or
	// {job, error: {code, message}}. A canceled import has report.canceled set.
	EventImportDone = "import:done"
)

// ImportAPI is bound to the frontend: import a folder as a long job with
// progress events and cancel.
type ImportAPI struct {
	app *App

	mu   sync.Mutex
	jobs map[string]context.CancelFunc
	seq  atomic.Int64
}

// PickFolder opens the system's folder picker; "" when the person cancels.
func (ia *ImportAPI) PickFolder() (string, error) {
	return ia.app.dialogs.PickFolder("Import a Markdown folder, Obsidian vault or Logseq graph")
}

// Start begins importing the folder at path and returns the job id at once;
// progress and the report come as EventImportProgress and EventImportDone.
// onExisting says what happens to a note already at a file's path with other
// text: "overwrite" (or "") replaces its text, history keeping the old one;
// "keep-both" imports the file beside it under a free name. Errors: invalid
// for an empty path or another onExisting, unavailable while the backend
// starts.
func (ia *ImportAPI) Start(path, onExisting string) (string, error) {
	if path == "" {
		return "", backend.Errorf(backend.EINVALID, "choose a folder to import")
	}
	switch onExisting {
	case "", importer.Overwrite, importer.KeepBoth:
	default:
		return "", backend.Errorf(backend.EINVALID, "%q is no choice for existing notes; choose %q or %q", onExisting, importer.Overwrite, importer.KeepBoth)
	}
	job := fmt.Sprintf("import-%d", ia.seq.Add(1))
	ctx, cancel := context.WithCancel(ia.app.ctx)
	ia.mu.Lock()
	if ia.jobs == nil {
		ia.jobs = map[string]context.CancelFunc{}
	}
	ia.jobs[job] = cancel
	ia.mu.Unlock()
	go ia.run(ctx, job, path, onExisting)
	return job, nil
}

// Cancel stops a running import; what it committed stays, and importing the
// same folder again finishes the job. Cancelling a finished job is no error.
func (ia *ImportAPI) Cancel(job string) error {
	ia.mu.Lock()
	cancel := ia.jobs[job]
	ia.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	return nil
}

func (ia *ImportAPI) run(ctx context.Context, job, path, onExisting string) {
	defer func() {
		ia.mu.Lock()
		if c := ia.jobs[job]; c != nil {
			c()
		}
		delete(ia.jobs, job)
		ia.mu.Unlock()
	}()
	var rep *importer.Report
	err := ia.app.wait(ctx, func(s *stack.Stack) error {
		var err error
		rep, err = s.Import(ctx, path, importer.Options{
			Logger:     ia.app.log,
			OnExisting: onExisting,
			OnProgress: func(p importer.Progress) {
				ia.app.events.Emit(EventImportProgress, map[string]any{"job": job, "phase": p.Phase, "done": p.Done, "total": p.Total})
			},
		})
		return err
	})
	if err != nil {
		ia.app.events.Emit(EventImportDone, map[string]any{"job": job, "error": dto.FromError(err)})
		return
	}
	ia.app.events.Emit(EventImportDone, map[string]any{"job": job, "report": rep})
	ia.app.events.Emit(EventNoteChanged, map[string]any{"id": "", "version": 0})
}
