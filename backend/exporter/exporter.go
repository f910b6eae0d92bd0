// Package exporter writes the whole vault to a folder of plain Markdown:
// every live note at its path, byte for byte as stored (front matter
// included), and every attachment at its path. Importing the folder again
// gives the same notes, links, tags, properties and attachments.
//
// An export is all or nothing. Every path is planned before anything is
// written: a file whose name a folder or another file already takes on some
// disk (x.md beside the folder x.md/, Case.md beside case.md, an accented
// name in two Unicode forms) is written as "x (2).md" and listed in the
// report, with the links to it in the other exported notes pointed at the
// new name. The files go into a hidden temporary folder on the same disk,
// are flushed to it, and only then take the destination's place; on an
// error or a cancel the temporary folder is removed and the destination is
// left as it was (absent, or the empty folder it was).
package exporter

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/blobstore"
)

// Source is what an export reads; *pgstore.Store is one.
type Source interface {
	// NotesForExport calls fn for every live note with its body. An export
	// calls it twice: once to plan every path, once to write.
	NotesForExport(ctx context.Context, fn func(*backend.Note) error) error
	// Attachments lists every attachment.
	Attachments(ctx context.Context) ([]backend.Attachment, error)
	// Backlinks returns the links into a note; an export asks only about
	// the notes it renames.
	Backlinks(ctx context.Context, id uuid.UUID) ([]backend.Backlink, error)
	// OutgoingLinks returns a note's links with their resolution; an export
	// asks only about the notes that link to what it renames.
	OutgoingLinks(ctx context.Context, id uuid.UUID) ([]backend.ResolvedLink, error)
}

// Report is the result of an export; its JSON is the CLI's `export --json`.
type Report struct {
	Path        string   `json:"path"`
	Notes       int      `json:"notes"`
	Attachments int      `json:"attachments"`
	Bytes       int64    `json:"bytes"`
	Missing     []string `json:"missing_attachments"`
	// Renamed lists the notes and attachments written under another path
	// than the vault's, in a stable order (notes first, by path).
	Renamed    []Renamed `json:"renamed"`
	DurationMS int64     `json:"duration_ms"`
}

// Renamed is a note or attachment that an export wrote under a new path,
// and why; the fields are those of the import report's renamed entries.
type Renamed struct {
	Path    string `json:"path"`
	NewPath string `json:"new_path"`
	Reason  string `json:"reason"`
}

// Export writes the vault into dir, which must be empty or not exist yet
// (an export never overwrites files). Returns EINVALID for a folder that is
// not empty or not writable, ECONFLICT when something else writes into it
// meanwhile, ECANCELED when ctx ends; after any error dir is as it was.
func Export(ctx context.Context, src Source, blobs *blobstore.Store, dir string) (*Report, error) {
	start := time.Now()
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, backend.Errorf(backend.EINVALID, "cannot export to %s: %v", dir, err)
	}
	exists, err := checkDestination(abs)
	if err != nil {
		return nil, err
	}

	// Plan: every path before any file.
	var notes []item
	err = src.NotesForExport(ctx, func(n *backend.Note) error {
		notes = append(notes, item{note: true, id: n.ID, path: n.Path})
		return ctx.Err()
	})
	if err != nil {
		return nil, stopped(ctx, err)
	}
	atts, err := src.Attachments(ctx)
	if err != nil {
		return nil, stopped(ctx, err)
	}
	attItems := make([]item, len(atts))
	for i, a := range atts {
		attItems[i] = item{id: a.ID, path: a.Path}
	}
	p, err := makePlan(notes, attItems)
	if err != nil {
		return nil, err
	}
	linkers, err := p.linkers(ctx, src)
	if err != nil {
		return nil, stopped(ctx, err)
	}

	st, err := newStaging(abs, exists, p.top)
	if err != nil {
		return nil, err
	}
	defer st.discard()
	rep := &Report{Path: abs, Missing: []string{}, Renamed: p.renamed}
	err = src.NotesForExport(ctx, func(n *backend.Note) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		out, ok := p.notes[n.ID]
		if !ok {
			return nil // created after the plan: not part of this export
		}
		body := n.Body
		if linkers[n.ID] || p.mayLinkRenamedAttachment(body) {
			links, err := src.OutgoingLinks(ctx, n.ID)
			if err != nil {
				return err
			}
			body = p.relink(body, n.Path, links)
		}
		if err := st.write(out, func(w io.Writer) error {
			_, err := io.WriteString(w, body)
			return err
		}); err != nil {
			return err
		}
		rep.Notes++
		rep.Bytes += int64(len(body))
		return nil
	})
	if err != nil {
		return nil, stopped(ctx, err)
	}
	for i, a := range atts {
		if err := ctx.Err(); err != nil {
			return nil, stopped(ctx, err)
		}
		if blobs == nil {
			rep.Missing = append(rep.Missing, a.Path)
			continue
		}
		f, err := blobs.Open(a.ContentHash)
		if err != nil {
			rep.Missing = append(rep.Missing, a.Path)
			continue
		}
		err = st.write(p.atts[i].out, func(w io.Writer) error {
			_, err := io.Copy(w, ctxReader{ctx, f})
			return err
		})
		f.Close()
		if err != nil {
			return nil, stopped(ctx, err)
		}
		rep.Attachments++
		rep.Bytes += a.Size
	}
	if err := st.commit(ctx); err != nil {
		return nil, stopped(ctx, err)
	}
	rep.DurationMS = time.Since(start).Milliseconds()
	return rep, nil
}

// checkDestination reports whether abs is an existing empty folder; it
// refuses anything else that exists.
func checkDestination(abs string) (exists bool, err error) {
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return false, nil
	case err != nil:
		return false, backend.Errorf(backend.EINVALID, "cannot export to %s: %v", abs, err)
	case !fi.IsDir():
		return false, backend.Errorf(backend.EINVALID, "cannot export to %s: it is a file, not a folder", abs)
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return false, backend.Errorf(backend.EINVALID, "cannot export to %s: %v", abs, err)
	}
	if len(entries) > 0 {
		return false, backend.Errorf(backend.EINVALID, "the export folder %s is not empty; choose a new or empty folder", abs)
	}
	return true, nil
}

// stopped returns ECANCELED when ctx has ended, err otherwise.
func stopped(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return &backend.Error{Code: backend.ECANCELED, Op: "exporter.Export",
			Message: "the export was canceled; nothing was written", Err: err}
	}
	return err
}

// ctxReader is a reader that stops when its context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

// Read reads from the underlying reader unless the context has ended.
func (r ctxReader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}

// staging is the hidden folder an export writes into before it takes the
// destination's place. For a destination that does not exist yet it sits
// beside it and is renamed to it; inside an existing empty destination
// (which may be a mount point, such as a USB stick, or belong to someone
// else), its entries are moved up into it.
type staging struct {
	dest    string
	tmp     string
	inside  bool
	created []string // folders made above dest, outermost first
	done    bool
}

// newStaging creates the temporary folder for an export to dest; top holds
// the export's folded top-level names, which the folder must not take.
func newStaging(dest string, exists bool, top map[string]bool) (*staging, error) {
	s := &staging{dest: dest, inside: exists}
	parent := dest
	pattern := ".secondbrain-export-*"
	if !exists {
		parent = filepath.Dir(dest)
		pattern = "." + filepath.Base(dest) + ".export-*"
		for d := parent; ; d = filepath.Dir(d) {
			if _, err := os.Lstat(d); err == nil || filepath.Dir(d) == d {
				break
			}
			s.created = append([]string{d}, s.created...)
		}
		if err := os.MkdirAll(parent, 0o755); err != nil {
			s.discard()
			return nil, backend.Errorf(backend.EINVALID, "cannot create the export folder %s: %v", dest, err)
		}
	}
	for {
		tmp, err := os.MkdirTemp(parent, pattern)
		if err != nil {
			s.discard()
			return nil, backend.Errorf(backend.EINVALID, "cannot create the export folder %s: %v", dest, err)
		}
		if !exists || !top[fold(filepath.Base(tmp))] {
			s.tmp = tmp
			return s, nil
		}
		os.Remove(tmp) // the vault has a top-level file of that name
	}
}

// write creates rel (a slash path inside the export) and fills it.
func (s *staging) write(rel string, fill func(io.Writer) error) error {
	p := filepath.Join(s.tmp, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return backend.Errorf(backend.EINVALID, "cannot write %s: %v", rel, err)
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return backend.Errorf(backend.EINVALID, "cannot write %s: %v", rel, err)
	}
	if err := fill(f); err != nil {
		f.Close()
		return fmt.Errorf("exporter: write %s: %w", rel, err)
	}
	if syncEachFile {
		if err := f.Sync(); err != nil {
			f.Close()
			return backend.Errorf(backend.EINVALID, "cannot write %s: %v", rel, err)
		}
	}
	if err := f.Close(); err != nil {
		return backend.Errorf(backend.EINVALID, "cannot write %s: %v", rel, err)
	}
	return nil
}

// commit flushes everything written to disk and puts it in the
// destination's place.
func (s *staging) commit(ctx context.Context) error {
	if err := syncTree(s.tmp); err != nil {
		return backend.Errorf(backend.EINVALID, "cannot flush the export to disk: %v", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if !s.inside {
		if err := os.Chmod(s.tmp, 0o755); err != nil {
			return backend.Errorf(backend.EINVALID, "cannot export to %s: %v", s.dest, err)
		}
		if err := os.Rename(s.tmp, s.dest); err != nil {
			if _, serr := os.Lstat(s.dest); serr == nil {
				return backend.Errorf(backend.ECONFLICT, "the export folder %s was filled by something else meanwhile; nothing was exported", s.dest)
			}
			return backend.Errorf(backend.EINVALID, "cannot export to %s: %v", s.dest, err)
		}
		s.done = true
		syncDir(filepath.Dir(s.dest))
		return nil
	}
	entries, err := os.ReadDir(s.tmp)
	if err != nil {
		return backend.Errorf(backend.EINVALID, "cannot export to %s: %v", s.dest, err)
	}
	var moved []string
	undo := func() {
		for _, name := range moved {
			os.Rename(filepath.Join(s.dest, name), filepath.Join(s.tmp, name))
		}
	}
	for _, e := range entries {
		to := filepath.Join(s.dest, e.Name())
		if _, err := os.Lstat(to); err == nil {
			undo()
			return backend.Errorf(backend.ECONFLICT, "the export folder %s was filled by something else meanwhile (%s); nothing was exported", s.dest, e.Name())
		}
		if err := os.Rename(filepath.Join(s.tmp, e.Name()), to); err != nil {
			undo()
			return backend.Errorf(backend.EINVALID, "cannot export to %s: %v", s.dest, err)
		}
		moved = append(moved, e.Name())
	}
	s.done = true
	os.Remove(s.tmp)
	syncDir(s.dest)
	return nil
}

// discard removes what an unfinished export wrote: the temporary folder and
// the folders made above the destination (unless something else is in them).
func (s *staging) discard() {
	if s.done {
		return
	}
	if s.tmp != "" {
		os.RemoveAll(s.tmp)
	}
	for i := len(s.created) - 1; i >= 0; i-- {
		os.Remove(s.created[i])
	}
	s.done = true
}
