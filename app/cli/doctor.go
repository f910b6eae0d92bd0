package cli

import (
	"fmt"

	"secondbrain/app/dto"
	"secondbrain/app/stack"
	"secondbrain/backend"
	"secondbrain/backend/devicesync"
)

// doctorReport is the `doctor --json` document.
type doctorReport struct {
	Postgres stack.PostgresStatus `json:"postgres"`
	// Projections reports each derived projection by name.
	Projections map[string]stack.ProjectionStatus `json:"projections"`
	// Embeddings reports the embedding model and how many notes it indexed.
	Embeddings *stack.EmbeddingsStatus `json:"embeddings,omitempty"`
	// Vault is the folder mirror's state.
	Vault *vaultDoctor `json:"vault,omitempty"`
	// Sync is device sync's state (`sync status --json`); configured false
	// before `sync setup`.
	Sync *syncDoctor `json:"sync,omitempty"`
	// Error is set when a store is down, so scripts see the same error shape as other commands.
	Error *dto.Error `json:"error,omitempty"`
}

// doctor reports the status of every store. It exits non-zero when one is down.
func (e *env) doctor(args []string) error {
	fs, g := e.flags("doctor")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	var rep doctorReport
	if err := e.open(g); err != nil {
		mode := "embedded"
		if e.cfg.PostgresDSN != "" {
			mode = "external"
		}
		rep.Postgres = stack.PostgresStatus{Mode: mode, DataDir: e.cfg.DataDir, Error: backend.ErrorMessage(err)}
		if !e.json {
			return err
		}
		de := dto.FromError(err)
		rep.Error = &de
		e.writeJSON(rep)
		return reported{err}
	}
	rep.Postgres = e.stack.PostgresStatus(e.ctx)
	rep.Projections = map[string]stack.ProjectionStatus{stack.ProjectionNeo4j: e.stack.Neo4jStatus(e.ctx),
		stack.ProjectionQdrant: e.stack.QdrantStatus(e.ctx)}
	emb := e.stack.EmbeddingsStatus(e.ctx)
	rep.Embeddings = &emb
	vs := e.stack.Vault().Status(e.ctx)
	rep.Vault = &vaultDoctor{Path: vs.Path, Watching: vs.Watching, LagEvents: vs.LagEvents,
		PendingExternal: vs.PendingExternal, Conflicts: vs.Conflicts, LastError: vs.LastError}
	ss, err := e.stack.Sync().Status(e.ctx)
	rep.Sync = &syncDoctor{Status: ss, Configured: ss.Configured}
	if err != nil {
		rep.Sync.LastError = backend.ErrorMessage(err)
	}
	if e.json {
		return e.writeJSON(rep)
	}
	fmt.Fprintf(e.stdout, "embeddings: %s, %d/%d notes indexed, %d chunks failed\n", emb.Model, emb.Indexed, emb.Total, emb.Failed)
	p := rep.Postgres
	state := "ok"
	if !p.OK {
		state = "DOWN: " + p.Error
	}
	fmt.Fprintf(e.stdout, "postgres: %s (%s %s) data dir %s\n", state, p.Mode, p.Version, p.DataDir)
	if p.Mode == "embedded" {
		fmt.Fprintf(e.stdout, "  shared with %d other process(es); stops %s after the last one leaves\n", p.Clients, p.IdleStop)
	}
	if p.RunAs != "" {
		fmt.Fprintf(e.stdout, "  runs as OS user %s, since PostgreSQL refuses to run as root\n", p.RunAs)
		for _, c := range p.AccessChanges {
			fmt.Fprintf(e.stdout, "  changed %s (%s, was %s) on %s so that %s can reach the data dir\n",
				c.Path, c.Change, c.ModeBefore, c.At.Format("2006-01-02"), c.User)
		}
	}
	n := rep.Projections[stack.ProjectionNeo4j]
	e.printProjection("neo4j", n, "graph queries run in PostgreSQL", "graph queries use "+n.Queries)
	e.printProjection("qdrant", rep.Projections[stack.ProjectionQdrant], "vectors in the in-process index", "semantic search falls back to words")
	if v := rep.Vault; v.Path == "" {
		fmt.Fprintln(e.stdout, "vault folder: none attached")
	} else {
		state := "ok"
		if v.LastError != "" {
			state = "ERROR: " + oneLine(v.LastError)
		}
		fmt.Fprintf(e.stdout, "vault folder: %s %s (watching %v) lag %d events, %d external changes pending, %d conflicts\n",
			v.Path, state, v.Watching, v.LagEvents, v.PendingExternal, v.Conflicts)
	}
	if s := rep.Sync; !s.Configured {
		fmt.Fprintln(e.stdout, "device sync: not set up")
	} else {
		state := "ok"
		if s.LastError != "" {
			state = "ERROR: " + oneLine(s.LastError)
		}
		fmt.Fprintf(e.stdout, "device sync: %s as %q on %s, %d changes waiting to go out, %d to come in, %d conflicts\n",
			state, s.Device, s.Hub, s.PendingOut, s.PendingIn, s.Conflicts)
	}
	return nil
}

// syncDoctor is device sync in `doctor --json`: the keys of `sync status
// --json` and whether sync is set up.
type syncDoctor struct {
	devicesync.Status
	Configured bool `json:"configured"`
}

// vaultDoctor is the folder mirror in `doctor --json`.
type vaultDoctor struct {
	Path            string `json:"path"`
	Watching        bool   `json:"watching"`
	LagEvents       int64  `json:"lag_events"`
	PendingExternal int    `json:"pending_external"`
	Conflicts       int    `json:"conflicts"`
	LastError       string `json:"last_error"`
}

// printProjection prints one line about a server-backed projection: what
// runs instead when it is not configured (without), and what happens while
// it is down (fallback).
func (e *env) printProjection(name string, p stack.ProjectionStatus, without, fallback string) {
	switch {
	case !p.Configured:
		fmt.Fprintf(e.stdout, "%s: not configured (%s)\n", name, without)
	case p.OK:
		fmt.Fprintf(e.stdout, "%s: ok (%s) lag %d events, %.1f s\n", name, p.Server, p.LagEvents, p.LagSeconds)
	default:
		fmt.Fprintf(e.stdout, "%s: DOWN: %s (%s) lag %d events, %.1f s; %s\n",
			name, oneLine(p.LastError), p.Server, p.LagEvents, p.LagSeconds, fallback)
	}
}
