package cli

import (
	"fmt"
	"time"
)

// vectorsRebuildReport is the `vectors rebuild --json` document.
type vectorsRebuildReport struct {
	// Notes is how many notes' vectors were copied into the collection.
	Notes int `json:"notes"`
	// Points is how many points the collection holds afterwards.
	Points     int    `json:"points"`
	Collection string `json:"collection"`
	DurationMS int64  `json:"duration_ms"`
}

// vectors runs `secondbrain vectors rebuild`: embed what is pending, then
// derive the Qdrant collection again from PostgreSQL, recreating it when it
// no longer fits the model.
func (e *env) vectors(args []string) error {
	if len(args) == 0 || args[0] != "rebuild" {
		return usageError{"vectors needs a subcommand: rebuild"}
	}
	fs, g := e.flags("vectors rebuild")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError{"vectors rebuild takes no arguments"}
	}
	if err := e.open(g); err != nil {
		return err
	}
	start := time.Now()
	if err := e.stack.EmbedPending(e.ctx); err != nil {
		return err
	}
	st, err := e.stack.RebuildVectors(e.ctx)
	if err != nil {
		return err
	}
	coll, points, err := e.stack.QdrantCollection(e.ctx)
	if err != nil {
		return err
	}
	rep := vectorsRebuildReport{Notes: st.Notes, Points: points, Collection: coll, DurationMS: time.Since(start).Milliseconds()}
	if e.json {
		return e.writeJSON(rep)
	}
	fmt.Fprintf(e.stdout, "rebuilt the Qdrant collection %s: %d notes, %d points in %d ms\n", coll, rep.Notes, rep.Points, rep.DurationMS)
	return nil
}
