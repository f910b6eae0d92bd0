package evaluation

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"secondbrain/backend"
)

// Baseline parameters: Lucene's defaults k1 = 1.2, b = 0.75 (those of
// Elasticsearch, which BEIR's BM25 runs on).
const (
	BaselineK1 = 1.2
	BaselineB  = 0.75
)

// CreateFunc creates one note and returns its id.
type CreateFunc func(ctx context.Context, title, body string) (uuid.UUID, error)

// SearchFunc runs one search and returns the note ids found, best first.
type SearchFunc func(ctx context.Context, text string, limit int) ([]uuid.UUID, error)

// Hit is one note a search found, with the score it ranked by.
type Hit struct {
	ID    uuid.UUID
	Score float64
}

// ModeSearchFunc runs one search in a mode and returns the notes found,
// best first.
type ModeSearchFunc func(ctx context.Context, mode backend.SearchMode, text string, limit int) ([]Hit, error)

// EvalOptions says how to run an evaluation.
type EvalOptions struct {
	Mode backend.SearchMode
	// Create writes the corpus as notes; Search queries them.
	Create CreateFunc
	Search SearchFunc
	// Modes, when set, runs every query in each of these modes through
	// ModeSearch (Mode and Search are then ignored), over one import.
	Modes      []backend.SearchMode
	ModeSearch ModeSearchFunc
	// Workers is how many notes are created (and queries run) at once; 0 means 4.
	Workers int
}

// BaselineReport is the plain BM25 baseline's scores.
type BaselineReport struct {
	Name string  `json:"name"`
	K1   float64 `json:"k1"`
	B    float64 `json:"b"`
	Scores
}

// ModeReport is one mode's scores in an evaluation of several modes.
type ModeReport struct {
	Mode backend.SearchMode `json:"mode"`
	Scores
	SearchMS int64 `json:"search_ms"`
}

// RunHit is one ranked document of a query's run.
type RunHit struct {
	DocID string
	Score float64
}

// Report is the result of an evaluation. Mode and Scores are those of the
// last mode evaluated; Modes lists every mode's when several ran.
type Report struct {
	Mode    backend.SearchMode `json:"mode"`
	Docs    int                `json:"docs"`
	Queries int                `json:"queries"`
	Scores
	Modes      []ModeReport   `json:"modes,omitempty"`
	Baseline   BaselineReport `json:"baseline"`
	ImportMS   int64          `json:"import_ms"`
	SearchMS   int64          `json:"search_ms"`
	DurationMS int64          `json:"duration_ms"`

	// runs holds each mode's rankings (mode → query id → hits) and
	// queryIDs the queries in the set's order, for WriteRuns.
	runs     map[backend.SearchMode]map[string][]RunHit
	modes    []backend.SearchMode
	queryIDs []string
}

// WriteRuns writes every mode's rankings in the TREC run format that
// trec_eval and ranx read: "QID Q0 DOCID RANK SCORE MODE" per line, the
// modes in the order they ran, the queries in the set's order.
func (r *Report) WriteRuns(w io.Writer) error {
	for _, m := range r.modes {
		for _, qid := range r.queryIDs {
			for i, h := range r.runs[m][qid] {
				if _, err := fmt.Fprintf(w, "%s Q0 %s %d %.6g %s\n", qid, h.DocID, i+1, h.Score, m); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// Run imports the set's documents as notes (into a store that should hold
// nothing else), runs every judged query through the search and through the
// in-memory BM25 baseline over the same documents, and scores both.
func Run(ctx context.Context, set *Set, opts EvalOptions) (*Report, error) {
	start := time.Now()
	if opts.Workers <= 0 {
		opts.Workers = 4
	}
	docOf, err := importDocs(ctx, set.Docs, opts.Create, opts.Workers)
	if err != nil {
		return nil, err
	}
	imported := time.Since(start)

	modes, search := opts.Modes, opts.ModeSearch
	if len(modes) == 0 {
		mode := opts.Mode
		if mode == "" {
			mode = backend.SearchLexical
		}
		modes = []backend.SearchMode{mode}
		search = func(ctx context.Context, _ backend.SearchMode, text string, limit int) ([]Hit, error) {
			ids, err := opts.Search(ctx, text, limit)
			hits := make([]Hit, len(ids))
			for i, id := range ids {
				hits[i] = Hit{ID: id, Score: 1 / float64(i+1)}
			}
			return hits, err
		}
	}
	rep := &Report{Docs: len(set.Docs), Queries: len(set.Queries), ImportMS: imported.Milliseconds(),
		runs: map[backend.SearchMode]map[string][]RunHit{}, modes: modes}
	for _, q := range set.Queries {
		rep.queryIDs = append(rep.queryIDs, q.ID)
	}
	searchStart := time.Now()
	for _, mode := range modes {
		modeStart := time.Now()
		runs := make(map[string][]RunHit, len(set.Queries))
		var mu sync.Mutex
		err = parallel(ctx, len(set.Queries), opts.Workers, func(i int) error {
			q := set.Queries[i]
			hits, err := search(ctx, mode, q.Text, 100)
			if err != nil {
				return fmt.Errorf("%s search: query %s: %w", mode, q.ID, err)
			}
			ranked := make([]RunHit, 0, len(hits))
			for _, h := range hits {
				ranked = append(ranked, RunHit{DocID: docOf[h.ID], Score: h.Score})
			}
			mu.Lock()
			runs[q.ID] = ranked
			mu.Unlock()
			return nil
		})
		if err != nil {
			return nil, err
		}
		rep.runs[mode] = runs
		ids := make(map[string][]string, len(runs))
		for qid, r := range runs {
			for _, h := range r {
				ids[qid] = append(ids[qid], h.DocID)
			}
		}
		rep.Mode, rep.Scores = mode, Score(ids, set.Qrels)
		rep.Modes = append(rep.Modes, ModeReport{Mode: mode, Scores: rep.Scores, SearchMS: time.Since(modeStart).Milliseconds()})
	}
	if len(opts.Modes) == 0 {
		rep.Modes = nil // one mode: the report's own fields say it all
	}
	rep.SearchMS = time.Since(searchStart).Milliseconds()

	bm := NewBM25(BaselineK1, BaselineB)
	for _, d := range set.Docs {
		bm.Add(d.ID, d.Title+" "+d.Text)
	}
	base := map[string][]string{}
	for _, q := range set.Queries {
		base[q.ID] = bm.Search(q.Text, 100)
	}
	rep.Baseline = BaselineReport{Name: "bm25", K1: BaselineK1, B: BaselineB, Scores: Score(base, set.Qrels)}
	rep.DurationMS = time.Since(start).Milliseconds()
	return rep, nil
}

// maxTitleBytes keeps imported titles within the notes' limit with room
// for a suffix.
const maxTitleBytes = 200

// NoteTitle makes a note title from a document: path separators become
// "∕", control characters spaces, a missing title the document id, and a
// long one is cut at a rune boundary.
func NoteTitle(d Doc) string {
	t := strings.Map(func(r rune) rune {
		switch {
		case r == '/' || r == '\\':
			return '∕'
		case r < 0x20 || r == 0x7f:
			return ' '
		}
		return r
	}, d.Title)
	t = strings.Join(strings.Fields(t), " ")
	if t == "" || t == "." || t == ".." {
		t = "Document " + d.ID
	}
	if len(t) > maxTitleBytes {
		cut := maxTitleBytes
		for cut > 0 && !utf8.RuneStart(t[cut]) {
			cut--
		}
		t = strings.TrimSpace(t[:cut])
	}
	return t
}

// importDocs creates one note per document and returns note id → doc id.
// A title already taken gets the document id as a suffix.
func importDocs(ctx context.Context, docs []Doc, create CreateFunc, workers int) (map[uuid.UUID]string, error) {
	out := make(map[uuid.UUID]string, len(docs))
	var mu sync.Mutex
	err := parallel(ctx, len(docs), workers, func(i int) error {
		d := docs[i]
		title := NoteTitle(d)
		id, err := create(ctx, title, d.Text)
		if backend.ErrorCode(err) == backend.ECONFLICT {
			id, err = create(ctx, title+" ("+d.ID+")", d.Text)
		}
		if err != nil {
			return fmt.Errorf("import document %s: %w", d.ID, err)
		}
		mu.Lock()
		out[id] = d.ID
		mu.Unlock()
		return nil
	})
	return out, err
}

// parallel runs fn(0..n-1) on workers goroutines and returns the first error.
func parallel(ctx context.Context, n, workers int, fn func(i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan int)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := fn(i); err != nil {
					errs <- err
					cancel()
					return
				}
			}
		}()
	}
	var err error
loop:
	for i := 0; i < n; i++ {
		select {
		case next <- i:
		case <-ctx.Done():
			break loop
		}
	}
	close(next)
	wg.Wait()
	select {
	case err = <-errs:
	default:
		if ctx.Err() != nil && n > 0 {
			err = context.Cause(ctx)
		}
	}
	return err
}
