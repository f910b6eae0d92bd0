package cli

import (
	"fmt"
	"time"

	"secondbrain/backend"
)

// graphRebuildReport is the `graph rebuild --json` document.
type graphRebuildReport struct {
	Notes      int   `json:"notes"`
	Events     int   `json:"events"`
	Seq        int64 `json:"seq"`
	DurationMS int64 `json:"duration_ms"`
}

// graphRebuild runs `secondbrain graph rebuild`: it derives the Neo4j graph
// again from PostgreSQL (reset, every live note, checkpoint at the end of
// the log), then catches up with whatever was written meanwhile.
func (e *env) graphRebuild(args []string) error {
	fs, g := e.flags("graph rebuild")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError{"graph rebuild takes no arguments"}
	}
	if err := e.open(g); err != nil {
		return err
	}
	p := e.stack.Neo4jProjector()
	if p == nil {
		return backend.Errorf(backend.EINVALID, "Neo4j is not configured; set SECONDBRAIN_NEO4J_URI (and _USER, _PASSWORD, _DATABASE) to rebuild the graph")
	}
	start := time.Now()
	st, err := p.Rebuild(e.ctx)
	if err != nil {
		return err
	}
	if _, err := p.CatchUp(e.ctx); err != nil {
		return err
	}
	rep := graphRebuildReport{Notes: st.Notes, Events: st.Events, Seq: st.Seq, DurationMS: time.Since(start).Milliseconds()}
	if e.json {
		return e.writeJSON(rep)
	}
	fmt.Fprintf(e.stdout, "rebuilt the Neo4j graph: %d notes in %d ms\n", rep.Notes, rep.DurationMS)
	return nil
}
