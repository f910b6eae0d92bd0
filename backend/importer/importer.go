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
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/service"
)

// Store is what an import writes to.
type Store interface {
	WriteNotes(ctx context.Context, batch []backend.NoteWrite) ([]backend.WriteOutcome, error)
	ResolveLinks(ctx context.Context) (backend.LinkStats, error)
	LinksOf(ctx context.Context, ids []uuid.UUID, limit int) (backend.LinkReport, error)
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
	// BatchSize is how many notes one transaction writes (default 2,000):
	// each batch is one durable commit.
	BatchSize int
	// OnProgress, if set, is called at most every 100 ms and at each phase's end.
	OnProgress func(Progress)
	// MaxUnresolved caps the unresolved links listed in the report (default 10,000).
	MaxUnresolved int
	// OnExisting says what happens to a file whose path a live note with
	// other text already holds: Overwrite (the default) or KeepBoth.
	OnExisting string
	Logger     *slog.Logger
}

// Choices of Options.OnExisting.
const (
	// Overwrite replaces the existing note's text with the file's; the
	// note's history keeps the old text.
	Overwrite = "overwrite"
	// KeepBoth leaves the existing note as it is and imports the file next
	// to it under a free name, such as "Note (2).md".
	KeepBoth = "keep-both"
)

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
	Root         string   `json:"root"`
	Format       string   `json:"format"` // "markdown", "obsidian" or "logseq"
	Notes        int      `json:"notes"`  // Markdown files imported: created + updated + unchanged
	Created      int      `json:"created"`
	Updated      int      `json:"updated"`
	UpdatedPaths []string `json:"updated_paths"` // the notes whose text an import replaced
	Unchanged    int      `json:"unchanged"`
	Attachments  int      `json:"attachments"`
	// Links and UnresolvedLinks count the links of the notes of this
	// import (created, updated or unchanged), not the whole vault's.
	Links           int          `json:"links"`
	UnresolvedLinks int          `json:"unresolved_links"`
	Skipped         []Entry      `json:"skipped"`
	Renamed         []Entry      `json:"renamed"`
	Warnings        []Entry      `json:"warnings"`
	Unresolved      []Unresolved `json:"unresolved"`
	// MissingEmbeds are the embeds (![[image.png]], ![](file)) of the
	// imported notes whose file or note is not in the vault.
	MissingEmbeds []Unresolved `json:"missing_embeds"`
	OnExisting    string       `json:"on_existing"` // "overwrite" or "keep-both"
	// HistoryTimes says which times the imported notes' first versions
	// carry in the history and the timeline (the log's events keep the
	// time of the import).
	HistoryTimes string `json:"history_times"`
	Canceled     bool   `json:"canceled"`
	DurationMS   int64  `json:"duration_ms"`
}

// HistoryTimes is the import report's history_times: the time an imported
// version counts from in the timeline and "as of" views.
const HistoryTimes = "file modification times (front-matter created/updated dates when present)"

// noteFile is a file found by the scan: where to read it and its
// vault-relative path (a symlink's own path, not its target's). For a
// Markdown file, path is the note's path and reason says why it is not rel.
type noteFile struct {
	abs, rel     string
	path, reason string
}

// batch is one transaction's notes and the files they come from.
type batch struct {
	writes []backend.NoteWrite
	files  []noteFile
}

// Import reads root into st. Committed batches stay committed when ctx is
// canceled; the report then says Canceled and running the import again
// finishes the job. Returns EINVALID when root is not a readable folder.
func Import(ctx context.Context, st Store, root string, opts Options) (*Report, error) {
	start := time.Now()
	if opts.BatchSize <= 0 {
		opts.BatchSize = 2000
	}
	if opts.MaxUnresolved <= 0 {
		opts.MaxUnresolved = 10_000
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	switch opts.OnExisting {
	case "":
		opts.OnExisting = Overwrite
	case Overwrite, KeepBoth:
	default:
		return nil, backend.Errorf(backend.EINVALID, "%q is no choice for existing notes; choose %q or %q", opts.OnExisting, Overwrite, KeepBoth)
	}
	log := opts.Logger.With("component", "importer")
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, backend.Errorf(backend.EINVALID, "cannot import %s: %v", root, err)
	}
	// The vault's own symlinks are judged against the real folder, so a
	// root reached through a symlink (itself or a parent) is resolved first.
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		return nil, backend.Errorf(backend.EINVALID, "cannot import %s: not a readable folder", root)
	}
	rep := &Report{Root: abs, Format: detectFormat(abs), OnExisting: opts.OnExisting, UpdatedPaths: []string{},
		HistoryTimes: HistoryTimes,
		Skipped:      []Entry{}, Renamed: []Entry{}, Warnings: []Entry{}, Unresolved: []Unresolved{}, MissingEmbeds: []Unresolved{}}
	prog := newThrottle(opts.OnProgress)

	notes, others, err := scan(ctx, abs, rep, prog)
	if err != nil {
		return nil, err
	}
	notes, taken := nameNotes(notes, rep)
	log.Debug("scanned", "count", len(notes), "dur", time.Since(start))
	// A pipeline: one goroutine reads and parses batches (a worker per
	// core), up to `writers` batches are written at once, each in its own
	// transaction on its own connection, so the database uses more than
	// one core; their outcomes are taken in batch order, so the report and
	// keep-both names do not depend on which write finished first.
	bctx, stopReading := context.WithCancel(ctx)
	defer stopReading()
	batches := make(chan batch, 1)
	var readErr error
	go func() {
		defer close(batches)
		readErr = readNotes(bctx, log, notes, opts.BatchSize, opts.OnExisting == KeepBoth, rep, prog, batches)
	}()
	type result struct {
		b    batch
		outs []backend.WriteOutcome
		err  error
	}
	writers := min(max(runtime.GOMAXPROCS(0), 1), 4)
	pending := make(chan chan result, writers-1)
	slots := make(chan struct{}, writers)
	go func() {
		defer close(pending)
		for b := range batches {
			slots <- struct{}{}
			done := make(chan result, 1)
			pending <- done
			go func() {
				defer func() { <-slots }()
				outs, err := st.WriteNotes(ctx, b.writes)
				done <- result{b, outs, err}
			}()
		}
	}()
	linked := map[string]bool{} // every link target key, to pick attachments
	var imported []uuid.UUID    // every note this import wrote or found unchanged
	var failed error
	canceled, written := false, 0
	for done := range pending {
		r := <-done
		if failed != nil {
			continue // drain
		}
		// After a cancel, the batches that committed before it still count.
		b, outs, err := r.b, r.outs, r.err
		if err == nil && opts.OnExisting == KeepBoth {
			err = keepBoth(ctx, st, b, outs, taken)
		}
		if err != nil {
			stopReading()
			if backend.ErrorCode(err) == backend.ECANCELED {
				canceled = true
				continue
			}
			failed = fmt.Errorf("importer: write notes %d–%d: %w", written+1, written+len(b.writes), err)
			continue
		}
		for i, o := range outs {
			imported = append(imported, o.ID)
			switch o.Action {
			case backend.WriteCreated:
				rep.Created++
			case backend.WriteUpdated:
				rep.Updated++
				rep.UpdatedPaths = append(rep.UpdatedPaths, o.Path)
			default:
				rep.Unchanged++
			}
			if f := b.files[i]; f.reason != "" {
				rep.Renamed = append(rep.Renamed, Entry{Path: f.rel, NewPath: b.writes[i].Path, Reason: f.reason})
			}
		}
		if len(others) > 0 {
			for _, w := range b.writes {
				for _, l := range w.Derived.Links {
					linked[l.TargetKey] = true
				}
			}
		}
		written += len(b.writes)
		prog.report(Progress{Phase: "notes", Done: written, Total: len(notes)}, true)
	}
	if failed != nil {
		return nil, failed
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
	log.Debug("links resolved", "dur", time.Since(start), "count", stats.Links)
	// The report counts the links of this import's notes, not the vault's.
	lr, err := st.LinksOf(rctx, imported, opts.MaxUnresolved)
	if err != nil {
		return nil, fmt.Errorf("importer: list unresolved links: %w", err)
	}
	rep.Links, rep.UnresolvedLinks = lr.Links, lr.Unresolved
	for _, u := range lr.UnresolvedList {
		rep.Unresolved = append(rep.Unresolved, Unresolved{Source: u.SourcePath, Target: u.Target})
	}
	for _, u := range lr.MissingEmbeds {
		rep.MissingEmbeds = append(rep.MissingEmbeds, Unresolved{Source: u.SourcePath, Target: u.Target})
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

// nameNotes gives every Markdown file its note's path and returns the
// files that can be notes with the paths they take (by lower-cased path).
// A name that can be kept is kept, whatever the walk order: the first in
// path order when names differ only in letter case. A name that cannot be
// kept (spaces around it, a letter-case twin) gets a free one, never
// another file's. Files whose names cannot name a note are skipped.
func nameNotes(files []noteFile, rep *Report) ([]noteFile, map[string]string) {
	taken := map[string]string{}
	kept := make([]noteFile, 0, len(files))
	for _, f := range files {
		p, err := notePath(f.rel)
		if err != nil {
			rep.Skipped = append(rep.Skipped, Entry{Path: f.rel, Reason: backend.ErrorMessage(err)})
			continue
		}
		f.path = p
		if k := strings.ToLower(p); p == f.rel && taken[k] == "" {
			taken[k] = p
		}
		kept = append(kept, f)
	}
	for i := range kept {
		f := &kept[i]
		k := strings.ToLower(f.path)
		if f.path == f.rel {
			if taken[k] == f.path {
				continue // its own name
			}
			f.reason = fmt.Sprintf("differs from %q only in letter case, which most disks cannot hold side by side", taken[k])
		} else {
			f.reason = renameReason(f.rel, f.path)
			if other, dup := taken[k]; dup {
				f.reason += fmt.Sprintf("; %q is another file's name", other)
			}
		}
		if _, dup := taken[k]; dup {
			f.path = freePath(f.path, taken)
		}
		taken[strings.ToLower(f.path)] = f.path
	}
	return kept, taken
}

// notePath returns the note path for a vault-relative file path: the
// folder and title cleaned as notes need them. Returns EINVALID.
func notePath(rel string) (string, error) {
	name := path.Base(rel)
	title, err := service.CleanTitle(strings.TrimSuffix(name, path.Ext(name)))
	if err != nil {
		return "", backend.Errorf(backend.EINVALID, "the file name cannot be a note title: %s", backend.ErrorMessage(err))
	}
	dir := path.Dir(rel)
	if dir == "." {
		dir = ""
	}
	folder, err := service.CleanFolder(dir)
	if err != nil {
		return "", err
	}
	p := title + path.Ext(name)
	if folder != "" {
		p = folder + "/" + p
	}
	return p, nil
}

// renameReason says how cleaning changed a path, such as "trailing space
// removed from the file name".
func renameReason(rel, p string) string {
	from, to := strings.Split(rel, "/"), strings.Split(p, "/")
	if len(from) != len(to) {
		return "the folder names cannot be kept as they are"
	}
	var why []string
	for i := range from {
		if from[i] == to[i] {
			continue
		}
		what := "folder name"
		if i == len(from)-1 {
			what = "file name"
		}
		lead := strings.TrimLeftFunc(from[i], unicode.IsSpace) != from[i]
		trail := strings.TrimRightFunc(strings.TrimSuffix(from[i], path.Ext(from[i])), unicode.IsSpace) != strings.TrimSuffix(from[i], path.Ext(from[i]))
		if i < len(from)-1 {
			trail = strings.TrimRightFunc(from[i], unicode.IsSpace) != from[i]
		}
		switch {
		case lead && trail:
			why = append(why, "leading and trailing spaces removed from the "+what)
		case lead:
			why = append(why, "leading space removed from the "+what)
		case trail:
			why = append(why, "trailing space removed from the "+what)
		default:
			why = append(why, "the "+what+" cannot be kept as it is")
		}
	}
	return strings.Join(why, "; ") + " (note titles cannot keep them)"
}

// readNotes reads and checks every Markdown file, prepares its write and
// sends the writes in batches. Files are read and parsed by a worker per
// core, a batch's worth at a time; report entries are added here, in path
// order, before the batch holding the file is sent.
func readNotes(ctx context.Context, log *slog.Logger, files []noteFile, size int, keepExisting bool, rep *Report, prog *throttle, out chan<- batch) error {
	workers := max(runtime.GOMAXPROCS(0), 1)
	type parsed struct {
		w      backend.NoteWrite
		reason string
	}
	for start := 0; start < len(files); start += size {
		if err := ctx.Err(); err != nil {
			return err
		}
		t0 := time.Now()
		chunk := files[start:min(start+size, len(files))]
		res := make([]parsed, len(chunk))
		var next atomic.Int64
		var wg sync.WaitGroup
		for range min(workers, len(chunk)) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := int(next.Add(1)) - 1
					if i >= len(chunk) || ctx.Err() != nil {
						return
					}
					f := chunk[i]
					prog.report(Progress{Phase: "read", Done: start + i, Total: len(files), Path: f.rel}, false)
					w, modified, reason := readNote(f)
					if reason == "" {
						w.KeepExisting = keepExisting
						w.Derived = service.Derive(w.Path, w.Body)
						noteTimes(&w, modified)
					}
					res[i] = parsed{w, reason}
				}
			}()
		}
		wg.Wait()
		if err := ctx.Err(); err != nil {
			return err
		}
		log.Debug("read notes", "count", len(chunk), "dur", time.Since(t0))
		b := batch{writes: make([]backend.NoteWrite, 0, len(chunk)), files: make([]noteFile, 0, len(chunk))}
		for i, f := range chunk {
			r := res[i]
			if r.reason != "" {
				rep.Skipped = append(rep.Skipped, Entry{Path: f.rel, Reason: r.reason})
				continue
			}
			if msg := r.w.Derived.FrontMatterError; msg != "" {
				rep.Warnings = append(rep.Warnings, Entry{Path: f.rel, Reason: "front matter is not valid YAML; kept as written: " + msg})
			}
			b.writes = append(b.writes, r.w)
			b.files = append(b.files, f)
		}
		if len(b.writes) == 0 {
			continue
		}
		select {
		case out <- b:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// readNote reads one Markdown file and its modification time, or says why
// it is skipped.
func readNote(f noteFile) (backend.NoteWrite, time.Time, string) {
	var none time.Time
	fi, err := os.Stat(f.abs)
	if err != nil {
		return backend.NoteWrite{}, none, "cannot read: " + errText(err)
	}
	if fi.Size() > service.MaxBodyBytes {
		return backend.NoteWrite{}, none, fmt.Sprintf("the file is %.1f MB; notes are limited to %d MB", float64(fi.Size())/(1<<20), service.MaxBodyBytes>>20)
	}
	b, err := os.ReadFile(f.abs)
	if err != nil {
		return backend.NoteWrite{}, none, "cannot read: " + errText(err)
	}
	if bytes.IndexByte(b[:min(len(b), 8000)], 0) >= 0 {
		return backend.NoteWrite{}, none, "binary file with a Markdown name"
	}
	if err := service.CheckBody(string(b)); err != nil {
		return backend.NoteWrite{}, none, backend.ErrorMessage(err)
	}
	return backend.NoteWrite{Title: titleOf(f.path), Path: f.path, Body: string(b)}, fi.ModTime(), ""
}

// keepBoth writes again, each under a free name beside the path it asked
// for, the notes of a batch that found a live note with other text at their
// path, until every one is written (or found unchanged from an earlier
// keep-both import). outs and b are updated in place.
func keepBoth(ctx context.Context, st Store, b batch, outs []backend.WriteOutcome, taken map[string]string) error {
	var todo []int
	for i, o := range outs {
		if o.Action == backend.WriteExists {
			todo = append(todo, i)
			reason := fmt.Sprintf("a note with other text is already at %q; both are kept", o.Path)
			if b.files[i].reason != "" {
				reason = b.files[i].reason + "; " + reason
			}
			b.files[i].reason = reason
		}
	}
	wanted := make(map[int]string, len(todo))
	for len(todo) > 0 {
		retry := make([]backend.NoteWrite, len(todo))
		for k, i := range todo {
			w := &b.writes[i]
			if _, ok := wanted[i]; !ok {
				wanted[i] = w.Path
			}
			w.Path = freePath(wanted[i], taken)
			taken[strings.ToLower(w.Path)] = w.Path
			w.Title = titleOf(w.Path)
			w.Derived = service.Derive(w.Path, w.Body)
			retry[k] = *w
		}
		got, err := st.WriteNotes(ctx, retry)
		if err != nil {
			return err
		}
		var next []int
		for k, i := range todo {
			outs[i] = got[k]
			if got[k].Action == backend.WriteExists {
				next = append(next, i)
			}
		}
		todo = next
	}
	return nil
}

func titleOf(p string) string {
	return strings.TrimSuffix(path.Base(p), path.Ext(p))
}

// freePath returns p with " (2)", " (3)"… before the extension, free in
// taken; the file name is shortened to stay within service.MaxNameBytes.
func freePath(p string, taken map[string]string) string {
	dir, name := path.Split(p)
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for i := 2; ; i++ {
		suffix := fmt.Sprintf(" (%d)%s", i, ext)
		s := stem
		for len(s) > 0 && len(s)+len(suffix) > service.MaxNameBytes {
			_, size := utf8.DecodeLastRuneInString(s)
			s = s[:len(s)-size]
		}
		c := dir + s + suffix
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

// Moved returns the files rep imported under another path than their own:
// the file's path → the note's; nil for a nil report.
func Moved(rep *Report) map[string]string {
	if rep == nil || len(rep.Renamed) == 0 {
		return nil
	}
	m := make(map[string]string, len(rep.Renamed))
	for _, e := range rep.Renamed {
		if e.NewPath != "" {
			m[e.Path] = e.NewPath
		}
	}
	return m
}
