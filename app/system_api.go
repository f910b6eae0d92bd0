package app

import (
	"context"
	"fmt"
	neturl "net/url"
	"strings"

	"secondbrain/app/dto"
	"secondbrain/app/stack"
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
	// Server says in full which PostgreSQL runs: its version, and the data
	// dir (embedded) or the host, port and database (external), never a
	// password; "" until the backend is up.
	Server  string `json:"server"`
	Version string `json:"version"`
}

// Status reports whether the backend is up and how PostgreSQL runs.
func (sys *SystemAPI) Status() (Status, error) {
	st := Status{Version: sys.app.version}
	err := sys.app.call(func(ctx context.Context, s *stack.Stack) error {
		st.Ready = true
		st.Postgres = s.PostgresStatus(ctx)
		st.Server = serverString(st.Postgres, sys.app.cfg.PostgresDSN)
		return nil
	})
	if err != nil {
		e := dto.FromError(err)
		st.Error = &e
	}
	return st, nil
}

// StartupProgress is the step of the backend's start under way, as the
// window shows it while it waits (EventBackendProgress carries the same).
type StartupProgress struct {
	// Phase names the step: "create", "sync", "start", "database",
	// "migrate", "services", or "ready" once the start ended (Done).
	Phase string `json:"phase"`
	// Fraction estimates how much of the start is done, 0 to 1.
	Fraction float64 `json:"fraction"`
	// Message says what happens, for the user.
	Message string `json:"message"`
	// Done: the start ended, well or not (Status tells which).
	Done bool `json:"done"`
}

// Startup returns the step of the backend's start under way, at once,
// unlike the calls that wait for the backend: the start-up screen asks for
// it when it loads, then follows EventBackendProgress.
func (sys *SystemAPI) Startup() (StartupProgress, error) {
	sys.app.mu.Lock()
	defer sys.app.mu.Unlock()
	return sys.app.progress, nil
}

// SetIndexingPaused pauses the background embedding of notes (it stops
// before its next batch) or lets it go on. Searches by meaning still work
// on what is indexed. It returns the indexer's state after the change.
func (sys *SystemAPI) SetIndexingPaused(paused bool) (IndexerState, error) {
	return callFor(sys.app, func(ctx context.Context, s *stack.Stack) (IndexerState, error) {
		s.SetIndexingPaused(paused)
		return indexerState(s.IndexerState(ctx)), nil
	})
}

// serverString describes the PostgreSQL the app uses: "PostgreSQL 15.8,
// embedded, data in DIR" or "PostgreSQL 16.2, external, at HOST:PORT/DB".
func serverString(pg stack.PostgresStatus, dsn string) string {
	name := "PostgreSQL"
	if pg.Version != "" {
		name += " " + pg.Version
	}
	if pg.Mode == "embedded" {
		return fmt.Sprintf("%s, embedded, data in %s", name, pg.DataDir)
	}
	if where := dsnAddress(dsn); where != "" {
		return fmt.Sprintf("%s, %s, at %s", name, pg.Mode, where)
	}
	return name + ", " + pg.Mode
}

// dsnAddress returns the host, port and database of a PostgreSQL
// connection string (URL or key=value form), without user or password.
func dsnAddress(dsn string) string {
	host, port, db := "", "", ""
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := neturl.Parse(dsn)
		if err != nil {
			return ""
		}
		host, port, db = u.Hostname(), u.Port(), strings.TrimPrefix(u.Path, "/")
		if h := u.Query().Get("host"); host == "" && h != "" {
			host = h
		}
	} else {
		for _, f := range strings.Fields(dsn) {
			k, v, _ := strings.Cut(f, "=")
			v = strings.Trim(v, "'")
			switch k {
			case "host":
				host = v
			case "port":
				port = v
			case "dbname":
				db = v
			}
		}
	}
	if host == "" {
		host = "localhost"
	}
	out := host
	if port != "" {
		out += ":" + port
	}
	if db != "" {
		out += "/" + db
	}
	return out
}
