// Package projector keeps a derived projection (the Neo4j graph, a vector
// index) in step with PostgreSQL's event log. It is generic over the
// target: anything that can apply notes' states, delete notes and reset.
//
// # Passes
//
// A pass locks the projection (an advisory lock in PostgreSQL, so two
// processes never project at once), reads up to BatchSize events after
// what it has applied, collapses them to the set of notes they touch, reads
// those notes' current state and applies it, then stores the checkpoint in
// the same transaction that clears the last error. Because the state read
// is the current one, not the event's, order does not matter and replays
// are harmless.
//
// A note's links also change when another note changes: creating B
// resolves links from A to B, trashing or renaming B detaches them. So a
// pass also projects the live notes whose links now resolve to a touched
// note (asked of PostgreSQL) and the notes whose projected links point at
// one (asked of the target, when it is a backend.LinkTracker). When both
// can list their edges into the touched notes (EdgesInto), only the notes
// whose edges differ between the two are projected again. Link
// resolution at the end of an import writes its own event naming the notes
// it changed (backend.EventLinksResolved).
//
// # Gaps
//
// A bigserial seq is drawn when a row is inserted but becomes visible when
// its transaction commits, so seq 7 can appear after seq 8 — or never, when
// its transaction rolls back. The checkpoint therefore only advances over
// seqs that are applied or known never to appear: the projector keeps its
// place in an eventlog.Cursor, which remembers a seq missing from a read
// with a bound (here the transaction id the pass takes after its reads,
// pg_current_xact_id, greater than that of any transaction that drew a seq
// before the read) and gives it up once a later snapshot's xmin reaches
// the bound; the checkpoint is the cursor's settled seq. Events above a gap
// are applied at once; only the checkpoint waits. A process restart forgets
// the gaps and re-applies the events after the checkpoint, harmlessly.
//
// # Wake-ups and failures
//
// Run listens on PostgreSQL's secondbrain_events channel (a trigger
// notifies on every commit that appends events) and polls every
// PollInterval as a fallback. When the target fails, writes to PostgreSQL
// go on; the projector records the error, backs off exponentially with
// jitter (MinBackoff…MaxBackoff) and retries; the lag grows meanwhile and
// shrinks when the target is back.
package projector

import (
	"context"
	"log/slog"
	"maps"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/eventlog"
)

// Options configure a Projector.
type Options struct {
	// Name is the projection's name, the key of its checkpoint ("neo4j").
	Name string
	// BatchSize is how many events a pass reads (default 500); notes are
	// applied to the target in chunks of the same size.
	BatchSize int
	// PollInterval is how often Run looks at the log without a wake-up (default 5s).
	PollInterval time.Duration
	// MinBackoff and MaxBackoff bound the wait after a failure (defaults 1s, 1m).
	MinBackoff, MaxBackoff time.Duration
	// Ignore lists event kinds this projection passes over: its checkpoint
	// moves past them but the notes they name are not projected again (the
	// graph ignores backend.EventChunksEmbedded).
	Ignore []backend.EventKind
	// IgnoreLinks says the target copies no links between notes, so the
	// notes linking to a touched note need not be projected again (a
	// vector index).
	IgnoreLinks bool
	Logger      *slog.Logger
}

// Projector projects the event log into one target. Its methods are safe
// for concurrent use; passes run one at a time.
type Projector struct {
	log  backend.ProjectionLog
	opts Options
	lg   *slog.Logger

	targetMu sync.RWMutex
	target   backend.ProjectionTarget

	onPass func() // a test's hook, after each pass of Run

	mu sync.Mutex // one pass at a time; guards the fields below
	// cp is the checkpoint as last read or written; cur is the place in
	// the log (every seq in (cp, cur.Seq] is applied unless pending).
	cp  int64
	cur eventlog.Cursor
}

// Stats says what a catch-up or rebuild did.
type Stats struct {
	// Events is how many events were read and applied.
	Events int
	// Notes is how many note states were applied (or deleted).
	Notes int
	// Seq is the checkpoint afterwards.
	Seq int64
}

// New returns a projector of log into target.
func New(log backend.ProjectionLog, target backend.ProjectionTarget, opts Options) *Projector {
	if opts.BatchSize <= 0 {
		opts.BatchSize = 500
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = 5 * time.Second
	}
	if opts.MinBackoff <= 0 {
		opts.MinBackoff = time.Second
	}
	if opts.MaxBackoff < opts.MinBackoff {
		opts.MaxBackoff = max(time.Minute, opts.MinBackoff)
	}
	lg := opts.Logger
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	return &Projector{log: log, opts: opts, target: target,
		lg: lg.With("component", "projector", "projection", opts.Name)}
}

// Name returns the projection's name.
func (p *Projector) Name() string { return p.opts.Name }

// SetTarget replaces the target (after a reconnect, or in tests).
func (p *Projector) SetTarget(t backend.ProjectionTarget) {
	p.targetMu.Lock()
	p.target = t
	p.targetMu.Unlock()
}

func (p *Projector) currentTarget() backend.ProjectionTarget {
	p.targetMu.RLock()
	defer p.targetMu.RUnlock()
	return p.target
}

// Status returns the checkpoint, lag and last error.
func (p *Projector) Status(ctx context.Context) (backend.ProjectionStatus, error) {
	return p.log.ProjectionStatus(ctx, p.opts.Name)
}

// CatchUp applies every event visible now, pass after pass, and returns
// what it did. On failure it records the error as the projection's last
// error and returns it; what was applied before stays applied.
func (p *Projector) CatchUp(ctx context.Context) (Stats, error) {
	var total Stats
	for {
		st, more, err := p.pass(ctx)
		total.Events += st.Events
		total.Notes += st.Notes
		total.Seq = st.Seq
		if err != nil {
			p.recordError(ctx, err)
			return total, err
		}
		if !more {
			return total, nil
		}
	}
}

// recordError stores err's user-facing message as the last error.
func (p *Projector) recordError(ctx context.Context, err error) {
	msg := backend.ErrorMessage(err)
	p.lg.Warn("projection failed", "err", err)
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if rerr := p.log.RecordProjectionError(rctx, p.opts.Name, msg); rerr != nil {
		p.lg.Warn("cannot record the projection error", "err", rerr)
	}
}

// pass runs one pass and reports whether another could make progress.
func (p *Projector) pass(ctx context.Context) (Stats, bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	tx, err := p.log.BeginProjection(ctx, p.opts.Name)
	if err != nil {
		return Stats{}, false, err
	}
	defer tx.Rollback()
	cp := tx.Checkpoint()
	if cp != p.cp || p.cur.Seq < cp {
		// First pass, or another process moved the checkpoint.
		p.cp, p.cur = cp, eventlog.At(cp)
	}
	batch, err := tx.Events(ctx, p.cur.Seq, p.cur.PendingSeqs(), p.opts.BatchSize)
	if err != nil {
		return Stats{Seq: cp}, false, err
	}
	bound, err := tx.XidBound(ctx)
	if err != nil {
		return Stats{Seq: cp}, false, err
	}
	// The cursor after the batch; memory changes only when the pass commits.
	seqs := make([]int64, len(batch.Events))
	for i, e := range batch.Events {
		seqs[i] = e.Seq
	}
	cur, fresh := p.cur.Advance(seqs, bound, batch.Xmin)
	touched := map[uuid.UUID]bool{}
	for _, e := range batch.Events {
		if slices.Contains(p.opts.Ignore, e.Kind) {
			continue
		}
		if e.NoteID != uuid.Nil {
			touched[e.NoteID] = true
		}
		for _, id := range e.Sources {
			touched[id] = true
		}
	}
	notes, err := p.project(ctx, tx, slices.Collect(maps.Keys(touched)))
	if err != nil {
		return Stats{Seq: cp}, false, err
	}
	next := cur.Settled()
	if err := tx.Commit(ctx, next); err != nil {
		return Stats{Seq: cp}, false, err
	}
	p.cp, p.cur = next, cur
	st := Stats{Events: len(batch.Events), Notes: notes, Seq: next}
	if len(batch.Events) > 0 {
		p.lg.Debug("projected", "count", len(batch.Events), "notes", notes, "seq", next, "gaps", cur.Pending())
	}
	// Another pass helps when this one filled its batch, or left gaps that
	// a later snapshot may settle while still making progress.
	more := fresh == p.opts.BatchSize || cur.Pending() > 0 && (fresh > 0 || next != cp)
	return st, more, nil
}

// project applies the current state of the touched notes and of the notes
// whose links depend on them, in chunks.
func (p *Projector) project(ctx context.Context, tx backend.ProjectionPass, touched []uuid.UUID) (int, error) {
	if len(touched) == 0 {
		return 0, nil
	}
	target := p.currentTarget()
	all := map[uuid.UUID]bool{}
	for _, id := range touched {
		all[id] = true
	}
	if !p.opts.IgnoreLinks {
		deps, err := p.dependents(ctx, tx, target, touched)
		if err != nil {
			return 0, err
		}
		for _, id := range deps {
			all[id] = true
		}
	}
	ids := slices.SortedFunc(maps.Keys(all), func(a, b uuid.UUID) int { return slices.Compare(a[:], b[:]) })
	n := 0
	for chunk := range slices.Chunk(ids, p.opts.BatchSize) {
		states, gone, err := tx.NoteStates(ctx, chunk)
		if err != nil {
			return n, err
		}
		if err := target.Delete(ctx, gone); err != nil {
			return n, err
		}
		if err := target.Apply(ctx, states); err != nil {
			return n, err
		}
		n += len(chunk)
	}
	return n, nil
}

// edgesInto is what a pass (pgstore) and a target (neo4jgraph) may also
// offer: the edges from live notes into some notes, with their counts (for
// a target, as projected).
type edgesInto interface {
	EdgesInto(ctx context.Context, ids []uuid.UUID) ([]backend.GraphEdge, error)
}

// dependents returns the notes, besides the touched ones, whose state must
// be applied again because a touched note changed: their links resolve to
// it now, or did when they were projected (it was created, renamed,
// trashed, gained an alias…). When both the pass and the target list their
// edges into the touched notes, only the sources whose edges differ
// between the two (type, count) are dependents — a note linking to a note
// that was merely edited is not; otherwise every note linking to a touched
// note on either side is.
func (p *Projector) dependents(ctx context.Context, tx backend.ProjectionPass, target backend.ProjectionTarget, touched []uuid.UUID) ([]uuid.UUID, error) {
	pe, ok := tx.(edgesInto)
	te, ok2 := target.(edgesInto)
	if !ok || !ok2 {
		deps, err := tx.LinkingTo(ctx, touched)
		if err != nil {
			return nil, err
		}
		if lt, ok := target.(backend.LinkTracker); ok {
			for chunk := range slices.Chunk(touched, p.opts.BatchSize) {
				more, err := lt.LinkingTo(ctx, chunk)
				if err != nil {
					return nil, err
				}
				deps = append(deps, more...)
			}
		}
		return deps, nil
	}
	type key struct{ s, t, typ string }
	diff := map[key]int{}
	for chunk := range slices.Chunk(touched, p.opts.BatchSize) {
		have, err := pe.EdgesInto(ctx, chunk)
		if err != nil {
			return nil, err
		}
		for _, e := range have {
			diff[key{e.Source, e.Target, e.Type}] += e.Count
		}
		projected, err := te.EdgesInto(ctx, chunk)
		if err != nil {
			return nil, err
		}
		for _, e := range projected {
			diff[key{e.Source, e.Target, e.Type}] -= e.Count
		}
	}
	var deps []uuid.UUID
	seen := map[string]bool{}
	for k, d := range diff {
		if d == 0 || seen[k.s] {
			continue
		}
		seen[k.s] = true
		if id, err := uuid.Parse(k.s); err == nil {
			deps = append(deps, id)
		}
	}
	return deps, nil
}

// Rebuild derives the projection again from scratch: it resets the target,
// applies the state of every live note and sets the checkpoint to the end
// of the log — short of any seq a running transaction may still commit,
// which the next catch-up applies. It holds the projection's lock while it
// works, so no catch-up interleaves. It sets the checkpoint to 0 before it
// resets the target, so a rebuild that fails or is killed half-way leaves
// the next catch-up to replay the whole log.
func (p *Projector) Rebuild(ctx context.Context) (Stats, error) {
	st, err := p.rebuild(ctx)
	if err != nil {
		p.recordError(ctx, err)
	}
	return st, err
}

func (p *Projector) rebuild(ctx context.Context) (Stats, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	// Rewind the checkpoint first, in a transaction of its own. Reset
	// empties the target long before the rebuild commits: a rebuild that
	// fails or is killed after it leaves the target partly derived, and a
	// checkpoint at the end of the log would leave it so. At 0, the next
	// catch-up replays the whole log instead.
	tx, err := p.log.BeginProjection(ctx, p.opts.Name)
	if err != nil {
		return Stats{}, err
	}
	settled := tx.Checkpoint() // every seq up to it is applied or known never to appear
	if err := tx.Commit(ctx, 0); err != nil {
		return Stats{}, err
	}
	p.cp, p.cur = 0, eventlog.Cursor{}
	tx, err = p.log.BeginProjection(ctx, p.opts.Name)
	if err != nil {
		return Stats{}, err
	}
	defer tx.Rollback()
	// Read the whole log's seqs first: whatever is visible now is in the
	// states read afterwards; what is missing is a gap as in a pass, unless
	// the checkpoint had already passed it (it only passes settled seqs).
	cp := max(settled, tx.Checkpoint())
	var seqs []int64
	for {
		after := int64(0)
		if len(seqs) > 0 {
			after = seqs[len(seqs)-1]
		}
		batch, err := tx.Events(ctx, after, nil, 10_000)
		if err != nil {
			return Stats{}, err
		}
		for _, e := range batch.Events {
			seqs = append(seqs, e.Seq)
		}
		if len(batch.Events) < 10_000 {
			break
		}
	}
	bound, err := tx.XidBound(ctx)
	if err != nil {
		return Stats{}, err
	}
	target := p.currentTarget()
	if err := target.Reset(ctx); err != nil {
		return Stats{}, err
	}
	notes := 0
	after := uuid.Nil
	for {
		ids, err := tx.LiveNotes(ctx, after, p.opts.BatchSize)
		if err != nil {
			return Stats{}, err
		}
		if len(ids) == 0 {
			break
		}
		states, _, err := tx.NoteStates(ctx, ids)
		if err != nil {
			return Stats{}, err
		}
		if err := target.Apply(ctx, states); err != nil {
			return Stats{}, err
		}
		notes += len(states)
		after = ids[len(ids)-1]
	}
	// The seqs up to cp are settled; those missing above it wait.
	cur, _ := eventlog.At(cp).Advance(seqs, bound, 0)
	next := cur.Settled()
	if err := tx.Commit(ctx, next); err != nil {
		return Stats{}, err
	}
	p.cp, p.cur = next, cur
	return Stats{Events: len(seqs), Notes: notes, Seq: next}, nil
}

// Run keeps the projection caught up until ctx ends: after every wake-up
// from PostgreSQL, every PollInterval, and with backoff after failures.
func (p *Projector) Run(ctx context.Context) {
	wake, err := p.log.ListenEvents(ctx)
	if err != nil {
		p.lg.Warn("cannot listen for events; polling only", "err", err)
	}
	backoff := time.Duration(0)
	for {
		_, err := p.CatchUp(ctx)
		if p.onPass != nil {
			p.onPass()
		}
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			backoff = min(max(backoff*2, p.opts.MinBackoff), p.opts.MaxBackoff)
		} else {
			backoff = 0
		}
		wait := p.opts.PollInterval
		if backoff > 0 {
			// Full jitter in [backoff/2, backoff): processes that failed
			// together do not retry together.
			wait = backoff/2 + rand.N(backoff/2+1)
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		case _, ok := <-wake:
			timer.Stop()
			if !ok {
				wake = nil // the listener ended; poll only
			}
			if backoff > 0 {
				// The target is still failing: a burst of writes must not
				// turn the backoff into a busy loop.
				select {
				case <-ctx.Done():
					return
				case <-time.After(wait):
				}
			}
		}
	}
}
