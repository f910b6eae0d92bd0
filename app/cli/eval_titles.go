package cli

import (
	"fmt"
	"os"
	"time"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/evaluation"
	"secondbrain/backend/importer"
)

// evalTitles runs `secondbrain eval --titles VAULT`: known-item search over
// every note title of a Markdown vault. It imports the vault (into a fresh
// temporary data dir, or into --data-dir, where importing again changes
// nothing already there), queries every distinct title in full, by its
// first half and with a typo, and reports MRR@10 and top-1 per kind.
func (e *env) evalTitles(vault string, mode backend.SearchMode, workers int, g *globalFlags) error {
	start := time.Now()
	if fi, err := os.Stat(vault); err != nil || !fi.IsDir() {
		return usageError{fmt.Sprintf("eval --titles needs a vault folder; %s is not one", vault)}
	}
	if g.dataDir == "" && g.postgres == "" {
		cleanup, err := e.tempDataDir(g, "secondbrain-eval-titles-")
		if err != nil {
			return err
		}
		defer cleanup()
	}
	if err := e.open(g); err != nil {
		return err
	}
	if _, err := e.stack.Import(e.ctx, vault, importer.Options{Logger: e.log}); err != nil {
		return err
	}
	imported := time.Since(start)
	var notes []evaluation.TitledNote
	titles := map[uuid.UUID]string{}
	for off := 0; ; off += 1000 {
		page, err := e.stack.Notes.List(e.ctx, backend.ListOptions{Order: backend.OrderTitle, Offset: off, Limit: 1000})
		if err != nil {
			return err
		}
		for _, n := range page.Notes {
			notes = append(notes, evaluation.TitledNote{ID: n.ID, Title: n.Title})
			titles[n.ID] = n.Title
		}
		if len(page.Notes) < 1000 {
			break
		}
	}
	rep, err := evaluation.RunKnownItems(e.ctx, evaluation.KnownItems(notes), titles, e.evalSearch(mode).search, workers)
	if err != nil {
		return err
	}
	rep.Mode, rep.Vault, rep.Notes = mode, vault, len(notes)
	rep.ImportMS, rep.DurationMS = imported.Milliseconds(), time.Since(start).Milliseconds()
	if e.json {
		return e.writeJSON(rep)
	}
	fmt.Fprintf(e.stdout, "%s known-item search over %d titles of %d notes (%d ms)\n", rep.Mode, rep.Titles, rep.Notes, rep.DurationMS)
	for _, k := range []struct {
		name string
		s    evaluation.KnownScores
	}{{"exact ", rep.Exact}, {"prefix", rep.Prefix}, {"typo  ", rep.Typo}} {
		fmt.Fprintf(e.stdout, "  %s  MRR@10 %.4f  top-1 %.4f  top-10 %.4f  (%d queries, %d unsearchable)\n",
			k.name, k.s.MRR10, k.s.Top1, k.s.Top10, k.s.Queries, k.s.Unsearchable)
		if u := k.s.Unambiguous; u != nil {
			fmt.Fprintf(e.stdout, "          unambiguous  MRR@10 %.4f  top-1 %.4f  (%d queries no other title fits)\n", u.MRR10, u.Top1, u.Queries)
		}
	}
	for _, m := range rep.Misses {
		fmt.Fprintf(e.stdout, "  miss %-6s %q → rank %d, first %q\n", m.Kind, m.Query, m.Rank, m.First)
	}
	return nil
}
