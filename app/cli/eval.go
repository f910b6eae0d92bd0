package cli

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/evaluation"
)

// evalJSON is the `eval --json` document: the report, and for the semantic
// modes the model and the time spent embedding the corpus (inside search_ms).
type evalJSON struct {
	*evaluation.Report
	Model   string `json:"model,omitempty"`
	EmbedMS int64  `json:"embed_ms,omitempty"`
}

// eval runs `secondbrain eval DIR`: it imports a BEIR-layout relevance set
// into a fresh data dir, runs its judged queries and prints their scores
// beside those of a plain BM25 over the same documents. With --titles, DIR
// is a Markdown vault and the run is known-item search over its titles
// (evalTitles).
func (e *env) eval(args []string) error {
	fs, g := e.flags("eval")
	mode := fs.String("mode", string(backend.SearchLexical), "lexical, semantic, hybrid or all (the three side by side, over one import)")
	runsFile := fs.String("runs", "", "also write every query's ranking to this file (TREC run format, one line per hit)")
	queries := fs.String("queries", "", "queries file (default DIR/queries.jsonl)")
	qrels := fs.String("qrels", "", "judgements file (default DIR/qrels.tsv or DIR/qrels/test.tsv)")
	workers := fs.Int("workers", 4, "notes created and queries run at once")
	titles := fs.Bool("titles", false, "DIR is a Markdown vault: known-item search over every note title")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"eval needs exactly one DIR holding corpus.jsonl, queries.jsonl and qrels (or, with --titles, a Markdown vault)"}
	}
	var modes []backend.SearchMode
	switch backend.SearchMode(*mode) {
	case backend.SearchLexical, backend.SearchSemantic, backend.SearchHybrid:
		modes = []backend.SearchMode{backend.SearchMode(*mode)}
	case evalAll:
		modes = []backend.SearchMode{backend.SearchLexical, backend.SearchSemantic, backend.SearchHybrid}
	default:
		return usageError{fmt.Sprintf("eval --mode %q is not available; use lexical, semantic, hybrid or all", *mode)}
	}
	if *titles {
		if len(modes) != 1 || *runsFile != "" {
			return usageError{"eval --titles takes one --mode (lexical, semantic or hybrid) and no --runs"}
		}
		return e.evalTitles(pos[0], modes[0], *workers, g)
	}
	set, err := evaluation.LoadSet(pos[0], *queries, *qrels)
	if err != nil {
		return err
	}
	if g.postgres != "" {
		return usageError{"eval runs on a fresh embedded cluster; --postgres is not allowed"}
	}
	if g.dataDir == "" {
		cleanup, err := e.tempDataDir(g, "secondbrain-eval-")
		if err != nil {
			return err
		}
		defer cleanup()
	} else if entries, err := os.ReadDir(g.dataDir); err == nil && len(entries) > 0 {
		return usageError{fmt.Sprintf("eval needs a fresh data dir; %s is not empty", g.dataDir)}
	}
	if err := e.open(g); err != nil {
		return err
	}
	notes := e.stack.Notes
	search := e.evalSearch(modes[len(modes)-1])
	opts := evaluation.EvalOptions{
		Modes:   modes,
		Workers: *workers,
		Create: func(ctx context.Context, title, body string) (uuid.UUID, error) {
			n, err := notes.Create(ctx, title, "", body)
			if err != nil {
				return uuid.Nil, err
			}
			return n.ID, nil
		},
		ModeSearch: func(ctx context.Context, mode backend.SearchMode, text string, limit int) ([]evaluation.Hit, error) {
			hits, err := search.searchIn(ctx, mode, text, limit)
			if backend.ErrorCode(err) == backend.EINVALID {
				return nil, nil // a query with no words finds nothing
			}
			return hits, err
		},
	}
	if len(modes) == 1 {
		// One mode: the report keeps its single-mode shape.
		opts.Mode, opts.Modes = modes[0], nil
		opts.Search = func(ctx context.Context, text string, limit int) ([]uuid.UUID, error) {
			ids, err := search.search(ctx, text, limit)
			if backend.ErrorCode(err) == backend.EINVALID {
				return nil, nil
			}
			return ids, err
		}
	}
	rep, err := evaluation.Run(e.ctx, set, opts)
	if err != nil {
		return err
	}
	if *runsFile != "" {
		if err := writeRuns(*runsFile, rep); err != nil {
			return err
		}
	}
	if e.json {
		return e.writeJSON(evalJSON{Report: rep, EmbedMS: search.embedMS, Model: e.stack.EmbeddingsStatus(e.ctx).Model})
	}
	fmt.Fprintf(e.stdout, "%s search on %d documents, %d queries (%d ms)\n", rep.Mode, rep.Docs, rep.Queries, rep.DurationMS)
	if search.embedMS > 0 {
		fmt.Fprintf(e.stdout, "  embedded with %s in %d ms (part of the search time)\n", e.stack.EmbeddingsStatus(e.ctx).Model, search.embedMS)
	}
	if len(rep.Modes) == 0 {
		fmt.Fprintf(e.stdout, "  ours  nDCG@10 %.4f  recall@100 %.4f  MRR@10 %.4f\n", rep.NDCG10, rep.Recall100, rep.MRR10)
	}
	for _, m := range rep.Modes {
		fmt.Fprintf(e.stdout, "  %-8s  nDCG@10 %.4f  recall@100 %.4f  MRR@10 %.4f  (%d ms)\n", m.Mode, m.NDCG10, m.Recall100, m.MRR10, m.SearchMS)
	}
	fmt.Fprintf(e.stdout, "  bm25  nDCG@10 %.4f  recall@100 %.4f  MRR@10 %.4f  (k1 %.2g, b %.2g)\n",
		rep.Baseline.NDCG10, rep.Baseline.Recall100, rep.Baseline.MRR10, rep.Baseline.K1, rep.Baseline.B)
	return nil
}

// evalAll is the eval mode that runs lexical, semantic and hybrid search
// side by side.
const evalAll = "all"

// writeRuns writes the report's rankings to path (TREC run format).
func writeRuns(path string, rep *evaluation.Report) error {
	f, err := os.Create(path)
	if err != nil {
		return backend.Errorf(backend.EINVALID, "cannot write the runs file: %v", err)
	}
	if err := rep.WriteRuns(f); err != nil {
		f.Close()
		return backend.Errorf(backend.EUNAVAILABLE, "cannot write the runs file: %v", err)
	}
	if err := f.Close(); err != nil {
		return backend.Errorf(backend.EUNAVAILABLE, "cannot write the runs file: %v", err)
	}
	return nil
}

// tempDataDir points g at a fresh temporary data dir named from pattern.
// The cleanup stops the stack opened on it, then removes it.
func (e *env) tempDataDir(g *globalFlags, pattern string) (cleanup func(), err error) {
	tmp, err := os.MkdirTemp("", pattern)
	if err != nil {
		return nil, backend.Errorf(backend.EUNAVAILABLE, "cannot make a temporary data dir: %v", err)
	}
	g.dataDir = tmp
	return func() {
		// Stop the cluster before its folder goes.
		if e.stack != nil {
			e.stack.Close(context.WithoutCancel(e.ctx))
			e.stack = nil
		}
		os.RemoveAll(tmp)
	}, nil
}

// evalSearcher is the search an evaluation measures: the stack's, in one
// mode. Semantic modes embed the whole corpus once, before the first
// query; embedMS is how long that took (part of the search time).
type evalSearcher struct {
	e         *env
	mode      backend.SearchMode
	embedOnce sync.Once
	embedErr  error
	embedMS   int64
}

func (e *env) evalSearch(mode backend.SearchMode) *evalSearcher {
	return &evalSearcher{e: e, mode: mode}
}

// search returns the ids of the notes found for text, best first. A query
// the search refuses is EINVALID.
func (s *evalSearcher) search(ctx context.Context, text string, limit int) ([]uuid.UUID, error) {
	hits, err := s.searchIn(ctx, s.mode, text, limit)
	if err != nil {
		return nil, err
	}
	ids := make([]uuid.UUID, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	return ids, nil
}

// searchIn returns the notes found for text in mode, best first, with
// their scores. A query the search refuses is EINVALID.
func (s *evalSearcher) searchIn(ctx context.Context, mode backend.SearchMode, text string, limit int) ([]evaluation.Hit, error) {
	if mode != backend.SearchLexical {
		s.embedOnce.Do(func() {
			start := time.Now()
			s.embedErr = s.e.stack.CatchUpEmbeddings(ctx)
			s.embedMS = time.Since(start).Milliseconds()
		})
		if s.embedErr != nil {
			return nil, s.embedErr
		}
	}
	hits, err := s.e.stack.Search.Search(ctx, backend.SearchQuery{Text: text, Mode: mode, Limit: limit, Strict: true})
	if err != nil {
		return nil, err
	}
	out := make([]evaluation.Hit, len(hits))
	for i, h := range hits {
		out[i] = evaluation.Hit{ID: h.ID, Score: h.Score}
	}
	return out, nil
}
