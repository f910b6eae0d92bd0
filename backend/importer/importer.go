// Package importer brings a folder of Markdown — a plain folder, an
// Obsidian vault or a Logseq graph — into the store: notes by path
// (idempotent by content hash), attachments that notes link to (copied by
// content hash), links resolved in a second pass, and a report of every
// file imported, skipped or renamed and every unresolved link.
package importer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"secondbrain/backend"
	"secondbrain/backend/service"
)

// Store is what an import writes to.
type Store interface {
	WriteNotes(ctx context.Context, batch []backend.NoteWrite) ([]backend.WriteOutcome, error)
	ResolveLinks(ctx context.Context) (backend.LinkStats, error)
	Unresolved(ctx context.Context, limit int) ([]backend.UnresolvedLink, error)
	PutAttachment(ctx context.Context, a backend.AttachmentWrite) (*backend.Attachment, error)
}

// Progress is reported while an import runs.
type Progress struct {
	Phase string `json:"phase"` // "scan", "notes", "attachments", "links", "done"
	Done  int    `json:"done"`
	Total int    `json:"total"`
	Path  string `json:"path,omitempty"`
}

// Options configures an import.
type Options struct {
	// Blobs stores attachment bytes by content hash.
	Blobs *BlobStore
	// BatchSize is how many notes one transaction writes (default 500).
	BatchSize int
	// OnProgress, if set, is called at most every 100 ms and at each phase's end.
	OnProgress func(Progress)
	// MaxUnresolved caps the unresolved links listed in the report (default 10,000).
	MaxUnresolved int
	Logger        *slog.Logger
}

// Entry is one file the report names.
type Entry struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
	// NewPath is where a renamed file went.
	NewPath string `json:"new_path,omitempty"`
}

// Unresolved is one link the report lists as unresolved.
type Unresolved struct {
	Source string `json:"source"`
	Target string `json:"target"`
}

// Report is the result of an import; its JSON is the CLI's `import --json`.
type Report struct {
	Root            string       `json:"root"`
	Format          string       `json:"format"` // "markdown", "obsidian" or "logseq"
	Notes           int          `json:"notes"`  // Markdown files imported: created + updated + unchanged
	Created         int          `json:"created"`
	Updated         int          `json:"updated"`
	Unchanged       int          `json:"unchanged"`
	Attachments     int          `json:"attachments"`
	Links           int          `json:"links"`
	UnresolvedLinks int          `json:"unresolved_links"`
	Skipped         []Entry      `json:"skipped"`
	Renamed         []Entry      `json:"renamed"`
	Warnings        []Entry      `json:"warnings"`
	Unresolved      []Unresolved `json:"unresolved"`
	Canceled        bool         `json:"canceled"`
	DurationMS      int64        `json:"duration_ms"`
}

// noteFile is a file found by the scan: where to read it and its
// vault-relative path (a symlink's own path, not its target's).
type noteFile struct {
	abs, rel string
}

// Import reads root into st. Committed batches stay committed when ctx is
// canceled; the report then says Canceled and running the import again
// finishes the job. Returns EINVALID when root is not a readable folder.
func Import(ctx context.Context, st Store, root string, opts Options) (*Report, error) {
	start := time.Now()
	if opts.BatchSize <= 0 {
		opts.BatchSize = 500
	}
	if opts.MaxUnresolved <= 0 {
		opts.MaxUnresolved = 10_000
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	log := opts.Logger.With("component", "importer")
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, backend.Errorf(backend.EINVALID, "cannot import %s: %v", root, err)
	}
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		return nil, backend.Errorf(backend.EINVALID, "cannot import %s: not a readable folder", root)
	}
	rep := &Report{Root: abs, Format: detectFormat(abs), Skipped: []Entry{}, Renamed: []Entry{}, Warnings: []Entry{}, Unresolved: []Unresolved{}}
	prog := newThrottle(opts.OnProgress)

	notes, others, err := scan(ctx, abs, rep, prog)
	if err != nil {
		return nil, err
	}
	log.Debug("scanned", "count", len(notes), "dur", time.Since(start))
	// A two-stage pipeline: one goroutine reads and parses the next batch
	// while this one writes the current batch; memory holds two batches.
	bctx, stopReading := context.WithCancel(ctx)
	defer stopReading()
	batches := make(chan []backend.NoteWrite, 1)
	var readErr error
	go func() {
		defer close(batches)
		readErr = readNotes(bctx, notes, opts.BatchSize, rep, prog, batches)
	}()
	linked := map[string]bool{} // every link target key, to pick attachments
	canceled, written := false, 0
	for batch := range batches {
		if canceled {
			continue // drain
		}
		outs, err := st.WriteNotes(ctx, batch)
		if err != nil {
			if backend.ErrorCode(err) == backend.ECANCELED {
				canceled = true
				stopReading()
				continue
			}
			stopReading()
			for range batches {
			}
			return nil, fmt.Errorf("importer: write notes %d–%d: %w", written+1, written+len(batch), err)
		}
		for _, o := range outs {
			switch o.Action {
			case backend.WriteCreated:
				rep.Created++
			case backend.WriteUpdated:
				rep.Updated++
			default:
				rep.Unchanged++
			}
		}
		if len(others) > 0 {
			for _, w := range batch {
				for _, l := range w.Derived.Links {
					linked[l.TargetKey] = true
				}
			}
		}
		written += len(batch)
		prog.report(Progress{Phase: "notes", Done: written, Total: len(notes)}, true)
	}
	if readErr != nil && !errors.Is(readErr, context.Canceled) && !errors.Is(readErr, context.DeadlineExceeded) {
		return nil, readErr
	}
	canceled = canceled || ctx.Err() != nil
	rep.Notes = rep.Created + rep.Updated + rep.Unchanged
	if !canceled {
		if err := importAttachments(ctx, st, opts.Blobs, linked, others, rep, prog); err != nil {
			if !errors.Is(err, context.Canceled) && backend.ErrorCode(err) != backend.ECANCELED {
				return nil, err
			}
			canceled = true
		}
	}
	log.Debug("written", "dur", time.Since(start))
	// Resolve even after a cancel, so what was committed is consistent.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Minute)
	defer cancel()
	prog.report(Progress{Phase: "links"}, true)
	stats, err := st.ResolveLinks(rctx)
	if err != nil {
		return nil, fmt.Errorf("importer: resolve links: %w", err)
	}
	rep.Links, rep.UnresolvedLinks = stats.Links, stats.Unresolved
	log.Debug("links resolved", "dur", time.Since(start))
	un, err := st.Unresolved(rctx, opts.MaxUnresolved)
	if err != nil {
		return nil, fmt.Errorf("importer: list unresolved links: %w", err)
	}
	for _, u := range un {
		rep.Unresolved = append(rep.Unresolved, Unresolved{Source: u.SourcePath, Target: u.Target})
	}
	rep.Canceled = canceled
	rep.DurationMS = time.Since(start).Milliseconds()
	prog.report(Progress{Phase: "done", Done: rep.Notes, Total: len(notes)}, true)
	log.Info("import finished", "count", rep.Notes, "dur", time.Since(start), "canceled", canceled)
	return rep, nil
}

// detectFormat tells a Logseq graph (logseq/ config or pages/ + journals/)
// and an Obsidian vault (.obsidian/) from a plain folder.
func detectFormat(root string) string {
	exists := func(p string) bool { _, err := os.Stat(filepath.Join(root, p)); return err == nil }
	switch {
	case exists("logseq/config.edn") || (exists("pages") && exists("journals")):
		return "logseq"
	case exists(".obsidian"):
		return "obsidian"
	}
	return "markdown"
}

// scan walks root and returns its Markdown files and its other files (as
// vault-relative paths), skipping hidden folders and never leaving root
// through a symlink.
func scan(ctx context.Context, root string, rep *Report, prog *throttle) ([]noteFile, map[string]noteFile, error) {
	var notes []noteFile
	others := map[string]noteFile{} // by lower-cased rel path
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if err != nil {
			if p == root {
				return err
			}
			rep.Skipped = append(rep.Skipped, Entry{Path: rel, Reason: "cannot read: " + errText(err)})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p == root {
			return nil
		}
		name := d.Name()
		if strings.HasPrefix(name, ".") && !isDotNote(name) {
			if d.IsDir() {
				return fs.SkipDir // .obsidian, .git, .trash, …
			}
			return nil
		}
		if !utf8.ValidString(rel) {
			rep.Skipped = append(rep.Skipped, Entry{Path: fmt.Sprintf("%q", rel), Reason: "the name is not valid UTF-8"})
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := filepath.EvalSymlinks(p)
			if err != nil {
				rep.Skipped = append(rep.Skipped, Entry{Path: rel, Reason: "broken symlink"})
				return nil
			}
			if r, err := filepath.Rel(root, target); err != nil || !filepath.IsLocal(r) {
				rep.Skipped = append(rep.Skipped, Entry{Path: rel, Reason: "symlink points outside the vault; not followed"})
				return nil
			}
			fi, err := os.Stat(target)
			if err != nil || fi.IsDir() {
				rep.Skipped = append(rep.Skipped, Entry{Path: rel, Reason: "symlinked folder; not followed (its files are imported from where they are)"})
				return nil
			}
			p = target
		} else if d.IsDir() {
			return nil
		} else if !d.Type().IsRegular() {
			rep.Skipped = append(rep.Skipped, Entry{Path: rel, Reason: "not a regular file"})
			return nil
		}
		if isMarkdown(name) {
			notes = append(notes, noteFile{abs: p, rel: rel})
		} else {
			others[strings.ToLower(rel)] = noteFile{abs: p, rel: rel}
		}
		prog.report(Progress{Phase: "scan", Done: len(notes), Path: rel}, false)
		return nil
	})
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return notes, others, nil
		}
		return nil, nil, backend.Errorf(backend.EINVALID, "cannot read %s: %v", root, errText(err))
	}
	sort.Slice(notes, func(i, j int) bool { return notes[i].rel < notes[j].rel })
	return notes, others, nil
}

// isDotNote keeps Markdown files whose names only start with dots, such as
// "....md" (a real note title "..."), while hidden files like ".foo.md" are
// skipped with hidden folders.
func isDotNote(name string) bool {
	return isMarkdown(name) && strings.Trim(strings.TrimSuffix(name, path.Ext(name)), ".") == ""
}

func isMarkdown(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".md" || ext == ".markdown"
}

// readNotes reads and checks every Markdown file, prepares its write and
// sends the writes in batches. Report entries are added here, before the
// batch holding the file is sent.
func readNotes(ctx context.Context, files []noteFile, size int, rep *Report, prog *throttle, out chan<- []backend.NoteWrite) error {
	taken := map[string]string{} // lower path → path
	batch := make([]backend.NoteWrite, 0, size)
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		prog.report(Progress{Phase: "read", Done: i, Total: len(files), Path: f.rel}, false)
		w, reason := readNote(f)
		if reason != "" {
			rep.Skipped = append(rep.Skipped, Entry{Path: f.rel, Reason: reason})
			continue
		}
		if w.Path != f.rel {
			reason := "the file or folder name has leading or trailing spaces, which titles cannot keep"
			if _, dup := taken[strings.ToLower(w.Path)]; dup {
				w.Path = freePath(w.Path, taken)
				w.Title = strings.TrimSuffix(path.Base(w.Path), path.Ext(w.Path))
			}
			rep.Renamed = append(rep.Renamed, Entry{Path: f.rel, NewPath: w.Path, Reason: reason})
		} else if other, dup := taken[strings.ToLower(w.Path)]; dup {
			newPath := freePath(w.Path, taken)
			rep.Renamed = append(rep.Renamed, Entry{Path: f.rel, NewPath: newPath,
				Reason: fmt.Sprintf("differs from %q only in letter case, which most disks cannot hold side by side", other)})
			w.Path = newPath
			w.Title = strings.TrimSuffix(path.Base(newPath), path.Ext(newPath))
		}
		taken[strings.ToLower(w.Path)] = w.Path
		w.Derived = service.Derive(w.Path, w.Body)
		if msg := w.Derived.FrontMatterError; msg != "" {
			rep.Warnings = append(rep.Warnings, Entry{Path: f.rel, Reason: "front matter is not valid YAML; kept as written: " + msg})
		}
		batch = append(batch, w)
		if len(batch) == size {
			select {
			case out <- batch:
			case <-ctx.Done():
				return ctx.Err()
			}
			batch = make([]backend.NoteWrite, 0, size)
		}
	}
	if len(batch) > 0 {
		select {
		case out <- batch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// readNote reads one Markdown file, or says why it is skipped.
func readNote(f noteFile) (backend.NoteWrite, string) {
	fi, err := os.Stat(f.abs)
	if err != nil {
		return backend.NoteWrite{}, "cannot read: " + errText(err)
	}
	if fi.Size() > service.MaxBodyBytes {
		return backend.NoteWrite{}, fmt.Sprintf("the file is %.1f MB; notes are limited to %d MB", float64(fi.Size())/(1<<20), service.MaxBodyBytes>>20)
	}
	b, err := os.ReadFile(f.abs)
	if err != nil {
		return backend.NoteWrite{}, "cannot read: " + errText(err)
	}
	if bytes.IndexByte(b[:min(len(b), 8000)], 0) >= 0 {
		return backend.NoteWrite{}, "binary file with a Markdown name"
	}
	if err := service.CheckBody(string(b)); err != nil {
		return backend.NoteWrite{}, backend.ErrorMessage(err)
	}
	name := path.Base(f.rel)
	title, err := service.CleanTitle(strings.TrimSuffix(name, path.Ext(name)))
	if err != nil {
		return backend.NoteWrite{}, "the file name cannot be a note title: " + backend.ErrorMessage(err)
	}
	dir := path.Dir(f.rel)
	if dir == "." {
		dir = ""
	}
	folder, err := service.CleanFolder(dir)
	if err != nil {
		return backend.NoteWrite{}, backend.ErrorMessage(err)
	}
	p := title + path.Ext(name)
	if folder != "" {
		p = folder + "/" + p
	}
	return backend.NoteWrite{Title: title, Path: p, Body: string(b)}, ""
}

// freePath returns p with " (2)", " (3)"… before the extension, free in taken.
func freePath(p string, taken map[string]string) string {
	ext := path.Ext(p)
	base := strings.TrimSuffix(p, ext)
	for i := 2; ; i++ {
		c := fmt.Sprintf("%s (%d)%s", base, i, ext)
		if _, ok := taken[strings.ToLower(c)]; !ok {
			return c
		}
	}
}

func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
