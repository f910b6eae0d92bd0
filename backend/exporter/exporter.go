// Package exporter writes the whole vault to a folder of plain Markdown:
// every live note at its path, byte for byte as stored (front matter
// included), and every attachment at its path. Importing the folder again
// gives the same notes, links, tags, properties and attachments.
package exporter

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"secondbrain/backend"
	"secondbrain/backend/blobstore"
)

// Source is what an export reads.
type Source interface {
	NotesForExport(ctx context.Context, fn func(*backend.Note) error) error
	Attachments(ctx context.Context) ([]backend.Attachment, error)
}

// Report is the result of an export; its JSON is the CLI's `export --json`.
type Report struct {
	Path        string   `json:"path"`
	Notes       int      `json:"notes"`
	Attachments int      `json:"attachments"`
	Bytes       int64    `json:"bytes"`
	Missing     []string `json:"missing_attachments"`
	DurationMS  int64    `json:"duration_ms"`
}

// Export writes the vault into dir, which must be empty or not exist yet
// (an export never overwrites files). Returns EINVALID for a folder that is
// not empty or not writable, ECANCELED when ctx ends.
func Export(ctx context.Context, src Source, blobs *blobstore.Store, dir string) (*Report, error) {
	start := time.Now()
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, backend.Errorf(backend.EINVALID, "cannot export to %s: %v", dir, err)
	}
	if entries, err := os.ReadDir(abs); err == nil && len(entries) > 0 {
		return nil, backend.Errorf(backend.EINVALID, "the export folder %s is not empty; choose a new or empty folder", abs)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, backend.Errorf(backend.EINVALID, "cannot create the export folder %s: %v", abs, err)
	}
	rep := &Report{Path: abs, Missing: []string{}}
	err = src.NotesForExport(ctx, func(n *backend.Note) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := writeFile(abs, n.Path, func(w io.Writer) error {
			_, err := io.WriteString(w, n.Body)
			return err
		}); err != nil {
			return err
		}
		rep.Notes++
		rep.Bytes += int64(len(n.Body))
		return nil
	})
	if err != nil {
		return nil, err
	}
	atts, err := src.Attachments(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range atts {
		if blobs == nil {
			rep.Missing = append(rep.Missing, a.Path)
			continue
		}
		f, err := blobs.Open(a.ContentHash)
		if err != nil {
			rep.Missing = append(rep.Missing, a.Path)
			continue
		}
		err = writeFile(abs, a.Path, func(w io.Writer) error {
			_, err := io.Copy(w, f)
			return err
		})
		f.Close()
		if err != nil {
			return nil, err
		}
		rep.Attachments++
		rep.Bytes += a.Size
	}
	rep.DurationMS = time.Since(start).Milliseconds()
	return rep, nil
}

// writeFile creates root/rel (rel must stay inside root) and fills it.
func writeFile(root, rel string, fill func(io.Writer) error) error {
	local := filepath.FromSlash(rel)
	if !filepath.IsLocal(local) {
		return backend.Errorf(backend.EINVALID, "refusing to write %q: the path leaves the export folder", rel)
	}
	p := filepath.Join(root, local)
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
	return f.Close()
}
