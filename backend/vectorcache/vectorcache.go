// Package vectorcache keeps the embedded vector index (vectorindex) of one
// model in a file in the data folder, so that a process — a CLI command
// above all — answers semantic searches without reading every vector from
// PostgreSQL first.
//
// The file says which event-log seq its points are up to date with. Load
// reads it and then only the notes touched by the events after that seq
// (their current vectors, or none when they are gone), which gives the
// index a fresh read of every vector would give. A file that is missing,
// corrupt, truncated, of another format version, model, dimension or vault
// is never trusted: Load reads every vector instead and writes the file
// again. So does a file too far behind, when the notes touched since are
// many. Files are replaced atomically (vectorindex.WriteFile), so readers
// in other processes see a whole file, the old or the new one.
package vectorcache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"

	"secondbrain/backend"
	"secondbrain/backend/vectorindex"
)

// Log reads the stored vectors and what changed in them (pgstore).
type Log interface {
	// LoadVectors calls fn with every stored vector under model, read in
	// one snapshot, and returns the event-log seq that snapshot is up to.
	LoadVectors(ctx context.Context, model string, fn func(backend.VectorPoint) error) (int64, error)
	// VectorChangesSince returns the notes touched after seq and their
	// current vectors, or TooMany when more than most were touched.
	VectorChangesSince(ctx context.Context, model string, seq int64, most int) (backend.VectorChanges, error)
}

// Options configure a Cache.
type Options struct {
	// Path is the index file (see FilePath).
	Path string
	// Model is the embedding model; Scope the vault id. A file written
	// for another model or scope is rebuilt.
	Model, Scope string
	Logger       *slog.Logger
	// RewriteAt is how many touched notes make the file worth writing
	// again (see SaveIfBehind); 0 for the default, 1000.
	RewriteAt int
}

// FilePath is where the index file of model lives in the data folder dir:
// vectors/<model>-<hash>.idx, the model's name made safe for a file name
// and a hash of the name telling apart names made alike.
func FilePath(dir, model string) string {
	safe := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, model)
	if len(safe) > 64 {
		safe = safe[:64]
	}
	sum := sha256.Sum256([]byte(model))
	return filepath.Join(dir, "vectors", safe+"-"+hex.EncodeToString(sum[:4])+".idx")
}

// Cache fills an index from its file and the event log, and writes the
// file back. Its methods are goroutine-safe and run one at a time.
type Cache struct {
	log   Log
	index *vectorindex.Index
	o     Options
	lg    *slog.Logger

	mu sync.Mutex
	// seq is the event-log seq the index is up to date with.
	seq    int64
	loaded bool
	// embedded is the owner's mark kept with the points (see
	// vectorindex.FileHeader.Embedded); fileEmbedded the file's. markLag
	// counts the notes changed between the two, as far as the owner said
	// (MoveEmbedded).
	embedded, fileEmbedded int64
	markLag                int
	// behind counts the notes touched since the file's checkpoint; dirty
	// says the index holds what the file does not.
	behind int
	dirty  bool
}

// New returns the cache of index (empty until Load) over log.
func New(log Log, index *vectorindex.Index, o Options) *Cache {
	lg := o.Logger
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	return &Cache{log: log, index: index, o: o, lg: lg.With("component", "vectorcache")}
}

// LoadStats says how Load filled the index.
type LoadStats struct {
	// FromFile is true when the file was used; Rebuilt says why not.
	FromFile bool
	Rebuilt  string
	// Changed counts the notes touched since the file's checkpoint.
	Changed int
	// Points is how many points the index holds.
	Points int
	// Saved is true when Load wrote the file.
	Saved bool
}

// rewriteAt is how many notes touched since the file's checkpoint make
// Load write it again, so that later loads read fewer changes (a variable
// for tests).
var rewriteAt = 1000

// mostChanges is how many touched notes a load applies before it reads
// every vector instead: a share of the points, at least rewriteAt.
func (c *Cache) mostChanges(points int) int { return max(c.rewriteAt(), points/4) }

// rewriteAt is Options.RewriteAt, or the package's.
func (c *Cache) rewriteAt() int {
	if c.o.RewriteAt > 0 {
		return c.o.RewriteAt
	}
	return rewriteAt
}

// Load fills the index once: from the file and the changes after its
// checkpoint, or from every stored vector (then writing the file). Later
// calls do nothing. Errors are PostgreSQL's; a file that cannot be read or
// written is logged and read or written again next time.
func (c *Cache) Load(ctx context.Context) (LoadStats, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var st LoadStats
	if c.loaded {
		st.FromFile = true
		st.Points, _ = c.index.Count(ctx)
		return st, nil
	}
	h, err := c.index.ReadFile(c.o.Path, vectorindex.FileHeader{Model: c.o.Model, Scope: c.o.Scope})
	cp := h.Checkpoint
	switch {
	case err == nil:
		n, _ := c.index.Count(ctx)
		ch, err := c.log.VectorChangesSince(ctx, c.o.Model, cp, c.mostChanges(n))
		if err != nil {
			return st, err
		}
		if !ch.TooMany {
			if err := c.apply(ctx, ch); err != nil {
				return st, err
			}
			c.seq, c.behind, c.dirty, c.loaded = ch.Seq, len(ch.Notes), len(ch.Notes) > 0, true
			c.embedded, c.fileEmbedded = h.Embedded, h.Embedded
			st.FromFile, st.Changed = true, len(ch.Notes)
			st.Points, _ = c.index.Count(ctx)
			if c.behind >= c.rewriteAt() {
				st.Saved = c.save()
			}
			return st, nil
		}
		st.Rebuilt = "too many notes changed since the index file was written"
	case errors.Is(err, fs.ErrNotExist):
		st.Rebuilt = "no index file"
	default:
		st.Rebuilt = err.Error()
		c.lg.Warn("index file not used; reading every vector", "err", err)
	}
	if err := c.reset(); err != nil {
		return st, err
	}
	seq, err := c.loadAll(ctx)
	if err != nil {
		return st, err
	}
	c.seq, c.behind, c.dirty, c.loaded = seq, 0, true, true
	// The mark is about PostgreSQL, not the points: a whole file's holds.
	c.embedded, c.fileEmbedded = h.Embedded, 0
	st.Points, _ = c.index.Count(ctx)
	st.Saved = c.save()
	return st, nil
}

// reset empties the index before every vector is read: it may hold a
// file's points, or what a failed load left.
func (c *Cache) reset() error {
	return c.index.Reset(context.Background())
}

// loadAll reads every stored vector into the index.
func (c *Cache) loadAll(ctx context.Context) (int64, error) {
	const batch = 2048
	var pts []backend.VectorPoint
	seq, err := c.log.LoadVectors(ctx, c.o.Model, func(p backend.VectorPoint) error {
		pts = append(pts, p)
		if len(pts) == batch {
			if err := c.index.Upsert(ctx, pts); err != nil {
				return err
			}
			pts = pts[:0]
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if len(pts) > 0 {
		if err := c.index.Upsert(ctx, pts); err != nil {
			return 0, err
		}
	}
	return seq, nil
}

// apply replaces the touched notes' points with their current ones.
func (c *Cache) apply(ctx context.Context, ch backend.VectorChanges) error {
	if len(ch.Notes) == 0 {
		return nil
	}
	if err := c.index.DeleteNote(ctx, ch.Notes...); err != nil {
		return err
	}
	if len(ch.Points) == 0 {
		return nil
	}
	return c.index.Upsert(ctx, ch.Points)
}

// Sync applies the changes since the last Load or Sync (the notes other
// processes embedded, trashed or moved) and returns how many notes they
// touched. Before Load it does nothing.
func (c *Cache) Sync(ctx context.Context) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loaded {
		return 0, nil
	}
	n, _ := c.index.Count(ctx)
	ch, err := c.log.VectorChangesSince(ctx, c.o.Model, c.seq, c.mostChanges(n))
	if err != nil {
		return 0, err
	}
	if ch.TooMany {
		if err := c.reset(); err != nil {
			return 0, err
		}
		seq, err := c.loadAll(ctx)
		if err != nil {
			return 0, err
		}
		c.seq, c.behind, c.dirty = seq, c.rewriteAt(), true
		return c.mostChanges(n), nil
	}
	if err := c.apply(ctx, ch); err != nil {
		return 0, err
	}
	c.seq = ch.Seq
	c.behind += len(ch.Notes)
	c.dirty = c.dirty || len(ch.Notes) > 0
	return len(ch.Notes), nil
}

// Save writes the file when the index holds changes the file does not
// (after Sync), and reports whether it wrote it. A failure is logged.
func (c *Cache) Save() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loaded || !c.dirty && !c.newMark() {
		return false
	}
	return c.save()
}

// newMark says the file lacks the owner's mark, which is known now.
func (c *Cache) newMark() bool { return c.fileEmbedded == 0 && c.embedded > 0 }

// Embedded returns the owner's mark: read from the file, or as last set.
func (c *Cache) Embedded() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.embedded
}

// SetEmbedded moves the owner's mark forward to seq (it never goes back);
// the next write of the file keeps it.
func (c *Cache) SetEmbedded(seq int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.embedded = max(c.embedded, seq)
}

// MoveEmbedded is SetEmbedded for an owner that knows how many notes
// changed between its mark and seq (touched, as the event log names them):
// once the file's mark is behind the owner's by as many notes as make a
// load write the file again, SaveIfBehind writes it, so that the next
// process does not look at all those notes again.
func (c *Cache) MoveEmbedded(seq int64, touched int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if seq > c.embedded {
		c.embedded = seq
		c.markLag += touched
	}
}

// SaveIfBehind writes the file when the index is ahead of it by as many
// touched notes as make a load write the file again (after Sync), when the
// file's mark is as far behind the owner's (MoveEmbedded), or when the
// file lacks the owner's mark, so that short-lived processes (CLI
// commands) keep the changes a load applies, and the notes they look at, few.
func (c *Cache) SaveIfBehind() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loaded || !c.newMark() && c.markLag < c.rewriteAt() && (!c.dirty || c.behind < c.rewriteAt()) {
		return false
	}
	return c.save()
}

// save writes the file; called with mu held.
func (c *Cache) save() bool {
	err := c.index.WriteFile(c.o.Path, vectorindex.FileHeader{Model: c.o.Model, Scope: c.o.Scope, Checkpoint: c.seq, Embedded: c.embedded})
	if err != nil {
		c.lg.Warn("cannot write the index file", "err", err)
		return false
	}
	c.behind, c.dirty, c.fileEmbedded, c.markLag = 0, false, c.embedded, 0
	return true
}
