package app

import (
	"context"

	"secondbrain/app/dto"
	"secondbrain/app/stack"
	"secondbrain/backend"
)

// SystemAPI is bound to the frontend: the status of the backend and its stores.
type SystemAPI struct {
	app *App
}

// Status is what the status bar shows.
type Status struct {
	Ready    bool                 `json:"ready"`
	Error    *dto.Error           `json:"error"`
	Postgres stack.PostgresStatus `json:"postgres"`
	Version  string               `json:"version"`
}

// Version is the app's version, set by main.
var Version = "dev"

// Status reports whether the backend is up and how PostgreSQL runs.
func (sys *SystemAPI) Status() (Status, error) {
	st := Status{Version: Version}
	err := sys.app.call(func(ctx context.Context, s *stack.Stack) error {
		st.Ready = true
		st.Postgres = s.PostgresStatus(ctx)
		return nil
	})
	if err != nil {
		e := dto.FromError(err)
		st.Error = &e
	}
	return st, nil
}

// SetIndexingPaused pauses the background embedding of notes (it stops
// before its next batch) or lets it go on. Searches by meaning still work
// on what is indexed. It returns the indexer's state after the change.
func (sys *SystemAPI) SetIndexingPaused(paused bool) (IndexerState, error) {
	var out IndexerState
	err := sys.app.call(func(ctx context.Context, s *stack.Stack) error {
		if s.Indexer == nil {
			return backend.Errorf(backend.EUNAVAILABLE, "there is no indexer to pause")
		}
		if paused {
			s.Indexer.Pause()
		} else {
			s.Indexer.Resume()
			s.Indexer.Wake()
		}
		out = indexerState(ctx, s)
		return nil
	})
	return out, err
}
