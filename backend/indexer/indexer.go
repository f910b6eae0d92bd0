// Package indexer embeds the notes' chunks in the background: it finds the
// notes whose chunks are not at their current version under the current
// model, cuts them into chunks, reuses the vector of every chunk whose text
// hash it already has, embeds the rest in batches, stores them in
// PostgreSQL and upserts them into the vector index. Its state is the
// chunks table itself, so it resumes after a crash where it stopped; it can
// be paused; it reports progress N/M and every failure with its reason.
package indexer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"

	"secondbrain/backend"
)

// Store keeps the chunks: backend.ChunkStore (pgstore).
type Store = backend.ChunkStore

// Options configure an indexer.
type Options struct {
	// Batch is how many chunks are embedded per call; 0 means 256.
	Batch int
	// Notes is how many notes are read per round; 0 means 64.
	Notes int
	// Chunking sizes the chunks.
	Chunking ChunkOptions
	// Events, when set, wakes Run whenever the event log grows (a note
	// changed); Run then polls only as a safety net.
	Events backend.EventListener
	// Poll is how often Run looks for work without a wake-up; 0 means a
	// minute with Events, 5 s without.
	Poll time.Duration
	// Backoff is the first wait after the embedder is unavailable; it
	// doubles up to a minute. 0 means 1 s.
	Backoff time.Duration
	// Mark, when set, gives a place in the event log at the start of each
	// pass (pgstore.SettledSeq); CaughtUp returns the mark of the last pass
	// that indexed every pending note.
	Mark   func(ctx context.Context) (int64, error)
	Logger *slog.Logger
}

// Progress is what the indexer has done.
type Progress struct {
	Model string `json:"model"`
	backend.EmbeddingCounts
	// Running is true while a pass works; Paused while Pause holds it.
	Running bool `json:"running"`
	Paused  bool `json:"paused"`
	// Embedded counts the chunks embedded and Reused those whose vector was
	// already stored, since the indexer started.
	Embedded int `json:"embedded"`
	Reused   int `json:"reused"`
	// LastError is why the last pass stopped, empty after a success.
	LastError string `json:"last_error,omitempty"`
}

// Indexer embeds notes into a store and a vector index. Its methods are
// goroutine-safe; one pass runs at a time.
type Indexer struct {
	store Store
	emb   backend.Embedder
	index backend.VectorIndex
	o     Options
	log   *slog.Logger

	pass sync.Mutex // held by a pass
	wake chan struct{}

	// Hooks for tests: onPaused runs when a pass stops to wait for
	// Resume, onPass after each pass of Run.
	onPaused, onPass func()

	mu       sync.Mutex
	paused   bool
	resumed  chan struct{}
	running  bool
	embedded int
	reused   int
	lastErr  string
	caughtUp int64
}

// New returns an indexer writing to store and index (index may be nil).
func New(store Store, emb backend.Embedder, index backend.VectorIndex, o Options) *Indexer {
	if o.Batch <= 0 {
		o.Batch = 256
	}
	if o.Notes <= 0 {
		o.Notes = 64
	}
	if o.Poll <= 0 {
		o.Poll = 5 * time.Second
		if o.Events != nil {
			o.Poll = time.Minute
		}
	}
	if o.Backoff <= 0 {
		o.Backoff = time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return &Indexer{store: store, emb: emb, index: index, o: o, log: o.Logger.With("component", "indexer"),
		wake: make(chan struct{}, 1), resumed: make(chan struct{})}
}

// Model is the embedder's model id.
func (ix *Indexer) Model() string { return ix.emb.Model() }

// Pause makes the running pass stop before its next batch, until Resume.
func (ix *Indexer) Pause() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if !ix.paused {
		ix.paused = true
		ix.resumed = make(chan struct{})
	}
}

// Resume lets a paused indexer go on.
func (ix *Indexer) Resume() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.paused {
		ix.paused = false
		close(ix.resumed)
	}
}

// Wake asks Run to look for work now (a note changed).
func (ix *Indexer) Wake() {
	select {
	case ix.wake <- struct{}{}:
	default:
	}
}

// waitUnpaused blocks while paused.
func (ix *Indexer) waitUnpaused(ctx context.Context) error {
	ix.mu.Lock()
	paused, ch := ix.paused, ix.resumed
	ix.mu.Unlock()
	if !paused {
		return nil
	}
	if ix.onPaused != nil {
		ix.onPaused()
	}
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Progress reports the counts under the model and the indexer's state.
func (ix *Indexer) Progress(ctx context.Context) (Progress, error) {
	c, err := ix.store.EmbeddingCounts(ctx, ix.emb.Model())
	ix.mu.Lock()
	defer ix.mu.Unlock()
	p := Progress{Model: ix.emb.Model(), EmbeddingCounts: c, Running: ix.running, Paused: ix.paused,
		Embedded: ix.embedded, Reused: ix.reused, LastError: ix.lastErr}
	return p, err
}

// Failures lists up to limit chunks the model failed on, with the reasons.
func (ix *Indexer) Failures(ctx context.Context, limit int) ([]backend.EmbedFailure, error) {
	return ix.store.EmbedFailures(ctx, ix.emb.Model(), limit)
}

// Run indexes until ctx ends: a pass at start, then on every Wake, every
// wake-up from the event log (with Options.Events) and every Poll. An
// unavailable embedder is retried with backoff; nothing is lost.
func (ix *Indexer) Run(ctx context.Context) {
	var logWake <-chan struct{}
	if ix.o.Events != nil {
		ch, err := ix.o.Events.ListenEvents(ctx)
		if err != nil {
			ix.log.Warn("cannot listen for events; polling only", "err", err)
		}
		logWake = ch
	}
	backoff := ix.o.Backoff
	for {
		_, err := ix.CatchUp(ctx)
		if ix.onPass != nil {
			ix.onPass()
		}
		wait := ix.o.Poll
		if err != nil && ctx.Err() == nil {
			ix.log.Warn("indexing stopped; retrying", "err", err, "dur", backoff)
			wait = backoff
			backoff = min(2*backoff, time.Minute)
		} else {
			backoff = ix.o.Backoff
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-ix.wake:
		case _, ok := <-logWake:
			if !ok {
				logWake = nil // the listener ended; poll only
			}
		case <-t.C:
		}
		t.Stop()
	}
}

// CatchUp runs one pass to the end: every pending note is embedded, the
// chunks of removed notes are dropped. It returns how many notes it indexed.
// Returns EUNAVAILABLE when the embedder or the store cannot be reached
// (what was done stays done), ECANCELED.
func (ix *Indexer) CatchUp(ctx context.Context) (int, error) {
	ix.pass.Lock()
	defer ix.pass.Unlock()
	ix.setRunning(true, "")
	var mark int64
	var err error
	if ix.o.Mark != nil {
		mark, err = ix.o.Mark(ctx)
	}
	n := 0
	if err == nil {
		n, err = ix.catchUp(ctx)
	}
	if err == nil {
		ix.mu.Lock()
		ix.caughtUp = max(ix.caughtUp, mark)
		ix.mu.Unlock()
	}
	msg := ""
	if err != nil {
		msg = backend.ErrorMessage(err)
	}
	ix.setRunning(false, msg)
	return n, err
}

// CaughtUp returns the mark (Options.Mark) taken at the start of the last
// pass of CatchUp that ended with every pending note indexed: every note
// changed up to that place in the event log is indexed. 0 without Mark or
// before such a pass.
func (ix *Indexer) CaughtUp() int64 {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.caughtUp
}

// CatchUpNotes is CatchUp for the notes among ids only: those pending are
// embedded, the chunks of those gone or trashed dropped. A caller that
// knows which notes changed since everything was indexed (the CLI, from
// the event log) so avoids looking at every note. It returns how many
// notes it indexed.
func (ix *Indexer) CatchUpNotes(ctx context.Context, ids []uuid.UUID) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	ix.pass.Lock()
	defer ix.pass.Unlock()
	ix.setRunning(true, "")
	n, err := ix.catchUpNotes(ctx, ids)
	msg := ""
	if err != nil {
		msg = backend.ErrorMessage(err)
	}
	ix.setRunning(false, msg)
	return n, err
}

func (ix *Indexer) catchUpNotes(ctx context.Context, ids []uuid.UUID) (int, error) {
	model := ix.emb.Model()
	gone, err := ix.store.DeleteOrphanChunksAmong(ctx, ids)
	if err != nil {
		return 0, err
	}
	if len(gone) > 0 && ix.index != nil {
		if err := ix.index.DeleteNote(ctx, gone...); err != nil {
			return 0, err
		}
	}
	done := 0
	for part := range slices.Chunk(ids, 1000) {
		notes, err := ix.store.PendingNotesAmong(ctx, model, part)
		if err != nil {
			return done, err
		}
		for round := range slices.Chunk(notes, ix.o.Notes) {
			if err := ix.waitUnpaused(ctx); err != nil {
				return done, backend.Errorf(backend.ECANCELED, "indexing canceled")
			}
			if err := ix.indexNotes(ctx, model, round); err != nil {
				return done, err
			}
			done += len(round)
		}
	}
	return done, nil
}

func (ix *Indexer) setRunning(r bool, lastErr string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.running = r
	if !r {
		ix.lastErr = lastErr
	}
}

func (ix *Indexer) catchUp(ctx context.Context) (int, error) {
	model := ix.emb.Model()
	gone, err := ix.store.DeleteOrphanChunks(ctx)
	if err != nil {
		return 0, err
	}
	if len(gone) > 0 && ix.index != nil {
		if err := ix.index.DeleteNote(ctx, gone...); err != nil {
			return 0, err
		}
	}
	done := 0
	after := uuid.Nil
	for {
		if err := ix.waitUnpaused(ctx); err != nil {
			return done, backend.Errorf(backend.ECANCELED, "indexing canceled")
		}
		notes, err := ix.store.PendingNotes(ctx, model, after, ix.o.Notes)
		if err != nil {
			return done, err
		}
		if len(notes) == 0 {
			return done, nil
		}
		if err := ix.indexNotes(ctx, model, notes); err != nil {
			return done, err
		}
		done += len(notes)
		after = notes[len(notes)-1].ID
	}
}

// indexNotes chunks, embeds and stores one round of notes.
func (ix *Indexer) indexNotes(ctx context.Context, model string, notes []backend.EmbedNote) error {
	type noteChunks struct {
		note backend.EmbedNote
		rows []backend.Chunk
	}
	all := make([]noteChunks, len(notes))
	var hashes []string
	for i, n := range notes {
		cs := Split(n.Title, n.Body, ix.o.Chunking)
		rows := make([]backend.Chunk, len(cs))
		for j, c := range cs {
			rows[j] = backend.Chunk{ID: PointID(n.ID, model, c.Ordinal), NoteID: n.ID, Ordinal: c.Ordinal, Heading: c.Heading, Text: c.Text, Hash: c.Hash}
			hashes = append(hashes, c.Hash)
		}
		all[i] = noteChunks{note: n, rows: rows}
	}
	have, err := ix.store.ChunkVectors(ctx, model, hashes)
	if err != nil {
		return err
	}
	// Embed what is new, each text once, in batches.
	var todo []*backend.Chunk
	pending := map[string][]*backend.Chunk{}
	reused := 0
	for i := range all {
		for j := range all[i].rows {
			r := &all[i].rows[j]
			if v, ok := have[r.Hash]; ok {
				r.Vector = v
				reused++
				continue
			}
			if _, ok := pending[r.Hash]; !ok {
				todo = append(todo, r)
			}
			pending[r.Hash] = append(pending[r.Hash], r)
		}
	}
	embedded := 0
	for start := 0; start < len(todo); start += ix.o.Batch {
		if err := ix.waitUnpaused(ctx); err != nil {
			return backend.Errorf(backend.ECANCELED, "indexing canceled")
		}
		batch := todo[start:min(start+ix.o.Batch, len(todo))]
		if err := ix.embed(ctx, batch); err != nil {
			return err
		}
		for _, r := range batch {
			for _, same := range pending[r.Hash] {
				same.Vector, same.Error = r.Vector, r.Error
			}
		}
		embedded += len(batch)
	}
	batch := make([]backend.NoteChunks, len(all))
	for i, nc := range all {
		batch[i] = backend.NoteChunks{NoteID: nc.note.ID, Version: nc.note.Version, Chunks: nc.rows}
	}
	if err := ix.store.ReplaceChunks(ctx, model, batch); err != nil {
		return err
	}
	for _, nc := range all {
		if ix.index == nil {
			continue
		}
		if err := ix.index.DeleteNote(ctx, nc.note.ID); err != nil {
			return err
		}
		var pts []backend.VectorPoint
		for _, r := range nc.rows {
			if len(r.Vector) == 0 {
				continue
			}
			pts = append(pts, backend.VectorPoint{ID: r.ID, NoteID: nc.note.ID, Chunk: r.Ordinal, Vector: r.Vector,
				Tags: nc.note.Tags, Folder: nc.note.Folder, Type: nc.note.Type})
		}
		if len(pts) > 0 {
			if err := ix.index.Upsert(ctx, pts); err != nil {
				return err
			}
		}
	}
	ix.mu.Lock()
	ix.embedded += embedded
	ix.reused += reused
	ix.mu.Unlock()
	return nil
}

// embed fills the vectors of a batch. A batch the model refuses is split,
// so one bad chunk fails alone with its reason; an unavailable or canceled
// embedder stops the pass.
func (ix *Indexer) embed(ctx context.Context, batch []*backend.Chunk) error {
	texts := make([]string, len(batch))
	for i, r := range batch {
		texts[i] = r.Text
	}
	vecs, err := ix.emb.Embed(ctx, texts)
	if err == nil && len(vecs) != len(batch) {
		err = backend.Errorf(backend.EINTERNAL, "the embedder returned %d vectors for %d texts", len(vecs), len(batch))
	}
	if err == nil {
		for i, v := range vecs {
			if len(v) != 0 && len(v) != ix.emb.Dim() {
				batch[i].Error = fmt.Sprintf("the model returned %d dimensions instead of %d", len(v), ix.emb.Dim())
				continue
			}
			if isZero(v) {
				v = []float32{}
			}
			batch[i].Vector = v
		}
		return nil
	}
	code := backend.ErrorCode(err)
	if code == backend.EUNAVAILABLE || code == backend.ECANCELED || errors.Is(err, context.Canceled) {
		return err
	}
	if len(batch) == 1 {
		batch[0].Error = backend.ErrorMessage(err)
		ix.log.Warn("chunk not embedded", "err", err)
		return nil
	}
	mid := len(batch) / 2
	if err := ix.embed(ctx, batch[:mid]); err != nil {
		return err
	}
	return ix.embed(ctx, batch[mid:])
}

func isZero(v []float32) bool {
	for _, x := range v {
		if x != 0 {
			return false
		}
	}
	return true
}

// pointSpace is the UUID namespace of chunk point ids.
var pointSpace = uuid.MustParse("8d6f8a52-3c1e-4a51-9a2b-6a7c0f1e2d3b")

// PointID is the stable id of a note's chunk under a model: the chunk's
// primary key and its vector index point id.
func PointID(noteID uuid.UUID, model string, ordinal int) uuid.UUID {
	return uuid.NewSHA1(pointSpace, fmt.Appendf(nil, "%s/%s/%d", noteID, model, ordinal))
}

// LoadIndex fills index with every stored vector under the embedder's model.
func LoadIndex(ctx context.Context, store Store, model string, index backend.VectorIndex) (int, error) {
	const batch = 2048
	var pts []backend.VectorPoint
	n := 0
	err := store.ScanVectors(ctx, model, func(p backend.VectorPoint) error {
		pts = append(pts, p)
		if len(pts) == batch {
			if err := index.Upsert(ctx, pts); err != nil {
				return err
			}
			n += len(pts)
			pts = pts[:0]
		}
		return nil
	})
	if err != nil {
		return n, err
	}
	if len(pts) > 0 {
		if err := index.Upsert(ctx, pts); err != nil {
			return n, err
		}
		n += len(pts)
	}
	return n, nil
}
