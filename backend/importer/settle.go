package importer

import (
	"path"
	"strings"
	"sync/atomic"
)

// settler tells which links of a batch are settled (backend.NoteWrite's
// Settled): every note of the import that the link could resolve to by
// path or title is in a batch already written or in the batch itself.
// Such notes — a path relative to the source's folder, a vault path, a
// title, a path suffix — all have the last part of the link's target as
// their title, so the settler tracks titles. The store resolves a settled
// link as it writes it, among the notes written so far, and the result is
// the one resolving every link at the end would give; the others are
// resolved at the end.
//
// Titles are compared by foldKey, which never tells apart two names that
// PostgreSQL's lower() makes equal, so a note the store could match is
// never missed; a few more links than needed are left for the end.
type settler struct {
	chunks map[string][]int32 // folded title → the batches holding notes with it
	done   []atomic.Bool      // by batch: written
}

func newSettler(notes []noteFile, size int) *settler {
	s := &settler{chunks: make(map[string][]int32, len(notes)), done: make([]atomic.Bool, (len(notes)+size-1)/size)}
	for i, f := range notes {
		c := int32(i / size)
		k := foldKey(titleOf(f.path))
		if l := s.chunks[k]; len(l) == 0 || l[len(l)-1] != c {
			s.chunks[k] = append(l, c)
		}
	}
	return s
}

// written records that batch chunk is committed.
func (s *settler) written(chunk int) {
	if s != nil {
		s.done[chunk].Store(true)
	}
}

// mark sets Settled on the writes of b, which is about to be written.
func (s *settler) mark(b batch) {
	if s == nil {
		return
	}
	for i := range b.writes {
		w := &b.writes[i]
		w.Settled = make([]bool, len(w.Derived.Links))
		for j, l := range w.Derived.Links {
			if l.TargetKey == "" {
				continue
			}
			ok := true
			for _, c := range s.chunks[foldKey(path.Base(l.TargetKey))] {
				if int(c) != b.chunk && !s.done[c].Load() {
					ok = false
					break
				}
			}
			w.Settled[j] = ok
		}
	}
}

// foldKey folds s so that two strings PostgreSQL's lower() makes equal,
// in any locale, fold alike: ASCII letters are lower-cased, and every
// other character, as well as the letters some non-ASCII characters
// lower-case to (K, the Kelvin sign, to k; İ to i), becomes "?".
func foldKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case r >= 0x80:
			r = '?'
		}
		if r == 'k' || r == 'i' {
			r = '?'
		}
		b.WriteRune(r)
	}
	return b.String()
}
