package folderwatch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Options tune a Watcher; the zero value picks the defaults.
type Options struct {
	// Debounce is how long a folder must be quiet before its changes are
	// reported (editors and sync tools write in several steps). Default
	// 300 ms. A folder that never goes quiet is reported every 10×Debounce.
	Debounce time.Duration
	// Rescan is the interval of the safety-net full rescan. Default 5 min.
	Rescan time.Duration
	// Poll is the interval of full rescans when the platform's
	// notifications are not available (watch limit reached). Default 5 s.
	Poll time.Duration
	// Logger receives what the watcher decides; nil logs nothing.
	Logger *slog.Logger
}

// Batch is what changed in the folder since the last batch.
type Batch struct {
	// Paths are the changed paths relative to the root, with "/" as
	// separator: created, written, removed, or either name of a rename.
	// A path may be gone by the time the batch is read.
	Paths []string
	// Full asks for a rescan of the whole folder: at start, after the
	// platform dropped events, after a folder was moved or removed, on the
	// periodic safety net, and on every poll.
	Full bool
}

// Status is the watcher's state, for a status bar.
type Status struct {
	// Watching is true while changes are being noticed (by notification
	// or by polling).
	Watching bool
	// Polling is true when notifications are unavailable and the folder
	// is rescanned every Poll interval instead.
	Polling bool
	// Err says why the watcher is paused or polling; "" when all is well.
	Err string
}

// Watcher watches one folder tree. Create it with Watch.
type Watcher struct {
	root string
	opts Options
	log  *slog.Logger
	out  chan Batch

	mu     sync.Mutex
	status Status

	fsw    *fsnotify.Watcher
	dirs   map[string]bool // watched directories, relative ("" = root)
	cancel context.CancelFunc
	done   chan struct{}
}

// Watch starts watching root and its sub-folders (dot-folders excluded).
// The first batch asks for a full scan. It stops when ctx ends or Close is
// called.
func Watch(ctx context.Context, root string, opts Options) (*Watcher, error) {
	if opts.Debounce <= 0 {
		opts.Debounce = 300 * time.Millisecond
	}
	if opts.Rescan <= 0 {
		opts.Rescan = 5 * time.Minute
	}
	if opts.Poll <= 0 {
		opts.Poll = 5 * time.Second
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(abs); err != nil {
		return nil, fmt.Errorf("watch %s: %w", abs, err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("watch %s: not a folder", abs)
	}
	ctx, cancel := context.WithCancel(ctx)
	w := &Watcher{root: abs, opts: opts, log: log, out: make(chan Batch), cancel: cancel, done: make(chan struct{})}
	go w.run(ctx)
	return w, nil
}

// Batches delivers the changes; it is closed when the watcher stops.
func (w *Watcher) Batches() <-chan Batch { return w.out }

// Status returns the watcher's state.
func (w *Watcher) Status() Status {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.status
}

// Close stops the watcher and waits for it.
func (w *Watcher) Close() error {
	w.cancel()
	<-w.done
	return nil
}

func (w *Watcher) setStatus(s Status) {
	w.mu.Lock()
	changed := w.status != s
	w.status = s
	w.mu.Unlock()
	if changed {
		w.log.Info("folder watch", "root", w.root, "watching", s.Watching, "polling", s.Polling, "reason", s.Err)
	}
}

// pending collects changes until they are delivered.
type pending struct {
	paths map[string]bool
	full  bool
	first time.Time // when the oldest undelivered change came
}

func (p *pending) add(rel string) {
	if p.paths == nil {
		p.paths = map[string]bool{}
	}
	if len(p.paths) == 0 && !p.full {
		p.first = time.Now()
	}
	p.paths[rel] = true
}

func (p *pending) setFull() {
	if len(p.paths) == 0 && !p.full {
		p.first = time.Now()
	}
	p.full = true
}

func (p *pending) empty() bool { return len(p.paths) == 0 && !p.full }

// batch returns the pending changes as a batch, sorted, without clearing them.
func (p *pending) batch() Batch {
	b := Batch{Full: p.full}
	for rel := range p.paths {
		b.Paths = append(b.Paths, rel)
	}
	slices.Sort(b.Paths)
	return b
}

func (w *Watcher) run(ctx context.Context) {
	defer close(w.done)
	defer close(w.out)
	defer w.closeNotify()

	var p pending
	p.setFull()
	w.startNotify(&p)

	quiet := time.NewTimer(0) // fires when the folder has been quiet for Debounce
	settled := true
	rescan := time.NewTicker(w.opts.Rescan)
	defer rescan.Stop()
	poll := time.NewTicker(w.opts.Poll)
	defer poll.Stop()
	gone := time.NewTicker(time.Second)
	defer gone.Stop()

	touched := func() {
		settled = false
		quiet.Reset(w.opts.Debounce)
	}
	for {
		var out chan<- Batch
		var b Batch
		if !p.empty() && (settled || time.Since(p.first) > 10*w.opts.Debounce) {
			out, b = w.out, p.batch()
		}
		var events chan fsnotify.Event
		var errs chan error
		if w.fsw != nil {
			events, errs = w.fsw.Events, w.fsw.Errors
		}
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-events:
			if !ok {
				w.fsw = nil
				continue
			}
			w.handle(ev, &p)
			touched()
		case err, ok := <-errs:
			if !ok {
				w.fsw = nil
				continue
			}
			w.log.Warn("folder watch error", "root", w.root, "err", err)
			p.setFull() // events may be lost (overflow): look at everything
			touched()
		case <-quiet.C:
			settled = true
		case out <- b:
			p = pending{}
		case <-rescan.C:
			p.setFull()
		case <-poll.C:
			if s := w.Status(); s.Polling && s.Watching {
				p.setFull()
			}
		case <-gone.C:
			w.checkRoot(&p)
		}
	}
}

// startNotify sets up notifications for the whole tree, falling back to
// polling when the platform's limit on watches is reached.
func (w *Watcher) startNotify(p *pending) {
	w.closeNotify()
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		w.setStatus(Status{Watching: true, Polling: true, Err: "file notifications unavailable (" + err.Error() + "); rescanning every " + w.opts.Poll.String()})
		return
	}
	w.fsw, w.dirs = fsw, map[string]bool{}
	if err := w.addTree(""); err != nil {
		w.closeNotify()
		if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) {
			w.setStatus(Status{Watching: true, Polling: true, Err: limitMessage(w.opts.Poll)})
			return
		}
		if _, serr := os.Stat(w.root); serr != nil {
			w.setStatus(Status{Err: "the folder is gone (" + serr.Error() + "); paused until it returns"})
			return
		}
		w.setStatus(Status{Watching: true, Polling: true, Err: "cannot watch the folder (" + err.Error() + "); rescanning every " + w.opts.Poll.String()})
		return
	}
	p.setFull()
	w.setStatus(Status{Watching: true})
}

// limitMessage explains a full inotify watch table and how to raise it.
func limitMessage(poll time.Duration) string {
	limit := "?"
	if b, err := os.ReadFile("/proc/sys/fs/inotify/max_user_watches"); err == nil {
		limit = strings.TrimSpace(string(b))
	}
	return fmt.Sprintf("too many folders to watch (the system allows %s watches: raise fs.inotify.max_user_watches); rescanning every %s instead", limit, poll)
}

func (w *Watcher) closeNotify() {
	if w.fsw != nil {
		_ = w.fsw.Close()
		w.fsw, w.dirs = nil, nil
	}
}

// testWatchLimit, when positive, makes addTree fail as a full inotify
// table would after that many folders (tests only).
var testWatchLimit int

// addTree watches the folder rel and every sub-folder that is synced.
func (w *Watcher) addTree(rel string) error {
	return filepath.WalkDir(filepath.Join(w.root, filepath.FromSlash(rel)), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == filepath.Join(w.root, filepath.FromSlash(rel)) {
				return err
			}
			return nil // a folder we cannot read: the scan reports it
		}
		if !d.IsDir() {
			return nil
		}
		r, _ := filepath.Rel(w.root, p)
		r = filepath.ToSlash(r)
		if r == "." {
			r = ""
		}
		if r != "" && Ignored(r) {
			return fs.SkipDir
		}
		if testWatchLimit > 0 && len(w.dirs) >= testWatchLimit {
			return fmt.Errorf("watch %s: %w", p, syscall.ENOSPC)
		}
		if err := w.fsw.Add(p); err != nil {
			return err
		}
		w.dirs[r] = true
		return nil
	})
}

// handle turns one notification into pending changes.
func (w *Watcher) handle(ev fsnotify.Event, p *pending) {
	rel, err := filepath.Rel(w.root, ev.Name)
	if err != nil || !filepath.IsLocal(rel) {
		return
	}
	rel = filepath.ToSlash(rel)
	if Ignored(rel) {
		return
	}
	switch {
	case ev.Has(fsnotify.Create):
		if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
			// A new folder (or one moved in): watch it; its files may have
			// been written before the watch began, so rescan.
			if err := w.addTree(rel); err != nil {
				w.log.Warn("folder watch: cannot watch new folder", "path", rel, "err", err)
				if errors.Is(err, syscall.ENOSPC) {
					w.closeNotify()
					w.setStatus(Status{Watching: true, Polling: true, Err: limitMessage(w.opts.Poll)})
				}
			}
			p.setFull()
			return
		}
		p.add(rel)
	case ev.Has(fsnotify.Remove), ev.Has(fsnotify.Rename):
		if w.dirs[rel] || rel == "." {
			// A watched folder left: everything under it changed.
			for d := range w.dirs {
				if d == rel || strings.HasPrefix(d, rel+"/") {
					delete(w.dirs, d)
				}
			}
			p.setFull()
			return
		}
		p.add(rel)
	default: // Write, Chmod
		p.add(rel)
	}
}

// checkRoot pauses while the root folder is missing (an unplugged drive)
// and resumes with a full rescan when it is back.
func (w *Watcher) checkRoot(p *pending) {
	_, err := os.Stat(w.root)
	s := w.Status()
	switch {
	case err != nil && s.Watching:
		w.closeNotify()
		w.setStatus(Status{Err: "the folder is gone (" + err.Error() + "); paused until it returns"})
	case err == nil && !s.Watching:
		w.startNotify(p)
	}
}
