// Package service holds the use cases of Second Brain. It validates input,
// derives paths from titles and calls the stores through backend interfaces;
// it knows nothing of Wails, Ent or any driver.
package service

import (
	"context"
	"fmt"
	"log/slog"
	"path"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/markdown"
)

// MaxBodyBytes is the largest note body accepted, in bytes.
const MaxBodyBytes = 32 << 20

// MaxNameBytes is the longest file or folder name, in bytes, that common
// file systems (ext4, APFS, NTFS in UTF-8) accept; every note path's parts
// stay within it, so every note can be exported.
const MaxNameBytes = 255

// maxTitleBytes keeps "<title>.md" within MaxNameBytes.
const maxTitleBytes = MaxNameBytes - len(".md")

// Notes is the notes use case: create, edit, rename, trash, delete, list and
// history. It is safe for concurrent use.
type Notes struct {
	store Store
	log   *slog.Logger
}

// Store is what the notes use case needs from the system of record.
type Store interface {
	backend.NoteStore
	backend.LinkStore
	backend.SettingStore
	backend.FolderStore
}

// NewNotes returns the notes use case over store.
func NewNotes(store Store, logger *slog.Logger) *Notes {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Notes{store: store, log: logger.With("component", "service")}
}

// Create makes a note titled title in folder ("" for the vault's root).
// Returns EINVALID for a bad title, folder or body and ECONFLICT when the
// path is taken.
func (s *Notes) Create(ctx context.Context, title, folder, body string) (*backend.Note, error) {
	return s.create(ctx, "service.Create", uuid.Nil, title, folder, body)
}

// CreateWithID makes a note under a given id, as Create does: device sync
// creating a note another device made. Returns EINVALID, and ECONFLICT
// when the path or the id is taken.
func (s *Notes) CreateWithID(ctx context.Context, id uuid.UUID, title, folder, body string) (*backend.Note, error) {
	const op = "service.CreateWithID"
	if id == uuid.Nil {
		return nil, &backend.Error{Code: backend.EINVALID, Op: op, Message: "a note id is required"}
	}
	return s.create(ctx, op, id, title, folder, body)
}

// CreateManyWithID makes notes under given ids as CreateWithID does one
// by one, set-wise in one transaction: device sync's first sync brings a
// whole vault. Each write gives ID, Origin (its event's, as
// backend.WithOrigin would), Title, Path and Body. A write that
// CreateWithID would refuse as invalid, whose Path is not the one
// CreateWithID gives its title in its folder, or whose path or id an
// earlier write of the batch has, is not made (its outcome's Action is
// ""); nor is one whose id or path is taken (backend.WriteExists).
func (s *Notes) CreateManyWithID(ctx context.Context, batch []backend.NoteWrite) ([]backend.WriteOutcome, error) {
	out := make([]backend.WriteOutcome, len(batch))
	var ws []backend.NoteWrite
	var at []int
	paths, ids := map[string]bool{}, map[uuid.UUID]bool{}
	for i, w := range batch {
		out[i] = backend.WriteOutcome{Path: w.Path, ID: w.ID}
		title, err := CleanTitle(w.Title)
		if err != nil || title != w.Title || w.ID == uuid.Nil || CheckBody(w.Body) != nil {
			continue
		}
		if folder, err := CleanFolder(folderOf(w.Path)); err != nil || notePath(folder, title) != w.Path {
			continue
		}
		k := strings.ToLower(w.Path)
		if paths[k] || ids[w.ID] {
			continue
		}
		paths[k], ids[w.ID] = true, true
		w.Derived = Derive(w.Path, w.Body)
		ws, at = append(ws, w), append(at, i)
	}
	if len(ws) == 0 {
		return out, nil
	}
	res, err := s.store.CreateNotes(ctx, ws)
	if err != nil {
		return nil, err
	}
	for k, o := range res {
		out[at[k]] = o
	}
	return out, nil
}

// create checks and stores a new note, under id unless it is uuid.Nil.
func (s *Notes) create(ctx context.Context, op string, id uuid.UUID, title, folder, body string) (*backend.Note, error) {
	title, err := CleanTitle(title)
	if err != nil {
		return nil, withOp(op, err)
	}
	folder, err = CleanFolder(folder)
	if err != nil {
		return nil, withOp(op, err)
	}
	if err := CheckBody(body); err != nil {
		return nil, withOp(op, err)
	}
	p := notePath(folder, title)
	return s.store.CreateNote(ctx, backend.NewNote{ID: id, Title: title, Path: p, Body: body, Derived: Derive(p, body)})
}

// Get returns a note by id. Returns EINVALID for a malformed id, ENOTFOUND.
func (s *Notes) Get(ctx context.Context, id string) (*backend.Note, error) {
	uid, err := ParseID(id)
	if err != nil {
		return nil, withOp("service.Get", err)
	}
	return s.store.Note(ctx, uid)
}

// Find returns the note that ref names: an id, a path, or a title
// (case-insensitive). Returns ENOTFOUND, or ECONFLICT when a title names
// several notes in different folders.
func (s *Notes) Find(ctx context.Context, ref string) (*backend.Note, error) {
	const op = "service.Find"
	ref = strings.TrimSpace(ref)
	if uid, err := uuid.Parse(ref); err == nil {
		return s.store.Note(ctx, uid)
	}
	title := strings.TrimSuffix(path.Base(ref), ".md")
	notes, err := s.store.NotesByTitle(ctx, title)
	if err != nil {
		return nil, err
	}
	if strings.Contains(ref, "/") || strings.HasSuffix(ref, ".md") {
		want := strings.ToLower(strings.TrimPrefix(ref, "/"))
		if !strings.HasSuffix(want, ".md") {
			want += ".md"
		}
		for _, n := range notes {
			if strings.ToLower(n.Path) == want {
				return n, nil
			}
		}
		return nil, &backend.Error{Code: backend.ENOTFOUND, Op: op, Message: fmt.Sprintf("no note at %q", ref)}
	}
	switch len(notes) {
	case 0:
		return nil, &backend.Error{Code: backend.ENOTFOUND, Op: op, Message: fmt.Sprintf("no note titled %q", ref)}
	case 1:
		return notes[0], nil
	}
	paths := make([]string, len(notes))
	for i, n := range notes {
		paths[i] = n.Path
	}
	return nil, &backend.Error{Code: backend.ECONFLICT, Op: op,
		Message: fmt.Sprintf("%d notes are titled %q (%s); name one by path or id", len(notes), ref, strings.Join(paths, ", "))}
}

// Save replaces a note's body if the note is still at expectedVersion.
// Returns EINVALID, ENOTFOUND, or ECONFLICT when someone saved in between.
func (s *Notes) Save(ctx context.Context, id string, expectedVersion int, body string) (*backend.Note, error) {
	const op = "service.Save"
	uid, err := ParseID(id)
	if err != nil {
		return nil, withOp(op, err)
	}
	if err := CheckBody(body); err != nil {
		return nil, withOp(op, err)
	}
	return s.store.UpdateBody(ctx, uid, expectedVersion, body, deriver(body), backend.EventNoteUpdated, nil)
}

// Rename gives a note a new title, keeping its folder. With rewriteLinks,
// every link to it in other notes is rewritten to the new title in the same
// transaction (as Obsidian does); without, those links stay as written and
// become unresolved. Returns EINVALID, ENOTFOUND, or ECONFLICT for a stale
// version or a taken path.
func (s *Notes) Rename(ctx context.Context, id string, expectedVersion int, title string, rewriteLinks bool) (*backend.Note, error) {
	return s.move(ctx, "service.Rename", id, expectedVersion, title, nil, rewriteLinks)
}

// Move gives a note a new title and folder ("" for the vault's root), as
// Rename does within its folder: the folder mirror's file moves. Returns
// EINVALID, ENOTFOUND, or ECONFLICT for a stale version or a taken path.
func (s *Notes) Move(ctx context.Context, id string, expectedVersion int, title, folder string, rewriteLinks bool) (*backend.Note, error) {
	folder, err := CleanFolder(folder)
	if err != nil {
		return nil, withOp("service.Move", err)
	}
	return s.move(ctx, "service.Move", id, expectedVersion, title, &folder, rewriteLinks)
}

// move is Rename and Move: folder nil keeps the note's folder.
func (s *Notes) move(ctx context.Context, op, id string, expectedVersion int, title string, folder *string, rewriteLinks bool) (*backend.Note, error) {
	uid, err := ParseID(id)
	if err != nil {
		return nil, withOp(op, err)
	}
	title, err = CleanTitle(title)
	if err != nil {
		return nil, withOp(op, err)
	}
	// A linking note may change between reading it and the rename's
	// transaction; the store then reports a conflict and we read again.
	for attempt := 0; ; attempt++ {
		cur, err := s.store.Note(ctx, uid)
		if err != nil {
			return nil, err
		}
		dir := folderOf(cur.Path)
		if folder != nil {
			dir = *folder
		}
		newPath := notePath(dir, title)
		var rewrites []backend.BodyRewrite
		if rewriteLinks {
			if rewrites, err = s.linkRewrites(ctx, cur, title, newPath); err != nil {
				return nil, err
			}
		}
		n, err := s.store.Rename(ctx, uid, expectedVersion, title, newPath, rewrites)
		if err == nil || attempt == 2 || len(rewrites) == 0 || backend.ErrorCode(err) != backend.ECONFLICT {
			return n, err
		}
		if latest, gerr := s.store.Note(ctx, uid); gerr != nil || latest.Version != expectedVersion {
			return nil, err // the renamed note itself changed: a real conflict
		}
	}
}

// linkRewrites returns the new bodies of the notes linking to n, with the
// links that name n's title or path pointed at the new title or path.
func (s *Notes) linkRewrites(ctx context.Context, n *backend.Note, newTitle, newPath string) ([]backend.BodyRewrite, error) {
	backs, err := s.store.Backlinks(ctx, n.ID)
	if err != nil {
		return nil, err
	}
	oldTitleKey := strings.ToLower(n.Title)
	oldPathKey := strings.ToLower(strings.TrimSuffix(n.Path, ".md"))
	seen := map[string]bool{}
	var out []backend.BodyRewrite
	for _, b := range backs {
		if b.SourceID == n.ID || seen[b.SourceID.String()] {
			continue
		}
		seen[b.SourceID.String()] = true
		src, err := s.store.Note(ctx, b.SourceID)
		if err != nil {
			return nil, err
		}
		folder := folderOf(src.Path)
		body := rewriteFrontMatterLinks(src.Body, n.Title, strings.TrimSuffix(n.Path, ".md"), newTitle, strings.TrimSuffix(newPath, ".md"))
		body = markdown.RewriteLinks(body, func(l markdown.Link) (string, bool) {
			key := TargetKey(folder, l.Target, string(l.Kind))
			switch {
			case key == oldPathKey && strings.Contains(l.Target, "/"):
				return relink(l.Target, newPath), true
			case key == oldTitleKey || key == oldPathKey:
				if strings.HasSuffix(strings.ToLower(l.Target), ".md") {
					return newTitle + ".md", true
				}
				return newTitle, true
			}
			return "", false
		})
		if body == src.Body {
			continue
		}
		out = append(out, backend.BodyRewrite{ID: src.ID, ExpectedVersion: src.Version, Body: body, Derived: Derive(src.Path, body)})
	}
	return out, nil
}

// rewriteFrontMatterLinks renames [[old]] and [[old/path]] in a note's
// front matter (typed relations such as author: "[[Ada]]"), keeping any
// |alias or #anchor. The body is left to markdown.RewriteLinks.
func rewriteFrontMatterLinks(body, oldTitle, oldPath, newTitle, newPath string) string {
	doc := markdown.Parse([]byte(body))
	if doc.RawFrontMatter == "" || doc.BodyStart == 0 {
		return body
	}
	fm := body[:doc.BodyStart]
	for _, pair := range [][2]string{{oldPath, newPath}, {oldTitle, newTitle}} {
		re := regexp.MustCompile(`(?i)\[\[` + regexp.QuoteMeta(pair[0]) + `(\]\]|\||#)`)
		fm = re.ReplaceAllString(fm, "[["+strings.ReplaceAll(pair[1], "$", "$$")+"$1")
	}
	return fm + body[doc.BodyStart:]
}

// relink keeps a path-style target's form: the same folder prefix as
// written, the new file name, ".md" only if it was written.
func relink(oldTarget, newPath string) string {
	dir := path.Dir(oldTarget)
	name := strings.TrimSuffix(path.Base(newPath), ".md")
	if strings.HasSuffix(strings.ToLower(oldTarget), ".md") {
		name += ".md"
	}
	if dir == "." {
		return name
	}
	return dir + "/" + name
}

// Trash moves a note to the trash. Returns ENOTFOUND.
func (s *Notes) Trash(ctx context.Context, id string) (*backend.Note, error) {
	uid, err := ParseID(id)
	if err != nil {
		return nil, withOp("service.Trash", err)
	}
	return s.store.SetTrashed(ctx, uid, true)
}

// Restore brings a note back from the trash. Returns ENOTFOUND, or
// ECONFLICT when a live note took its path meanwhile.
func (s *Notes) Restore(ctx context.Context, id string) (*backend.Note, error) {
	uid, err := ParseID(id)
	if err != nil {
		return nil, withOp("service.Restore", err)
	}
	return s.store.SetTrashed(ctx, uid, false)
}

// RestoreAs brings a note back from the trash as title in folder, for
// when its old path is another live note's now. Returns EINVALID for a bad
// title or folder, ENOTFOUND, ECONFLICT when the note is not in the trash
// or the path is taken, and EUNAVAILABLE when the store cannot do it.
func (s *Notes) RestoreAs(ctx context.Context, id, title, folder string) (*backend.Note, error) {
	const op = "service.RestoreAs"
	uid, err := ParseID(id)
	if err != nil {
		return nil, withOp(op, err)
	}
	if title, err = CleanTitle(title); err != nil {
		return nil, withOp(op, err)
	}
	if folder, err = CleanFolder(folder); err != nil {
		return nil, withOp(op, err)
	}
	st, ok := s.store.(interface {
		RestoreAs(ctx context.Context, id uuid.UUID, title, path string) (*backend.Note, error)
	})
	if !ok {
		return nil, &backend.Error{Code: backend.EUNAVAILABLE, Op: op, Message: "this store cannot restore a note under another name"}
	}
	return st.RestoreAs(ctx, uid, title, notePath(folder, title))
}

// Delete removes a note for good, with the bodies its history held.
// Returns ENOTFOUND.
func (s *Notes) Delete(ctx context.Context, id string) error {
	uid, err := ParseID(id)
	if err != nil {
		return withOp("service.Delete", err)
	}
	return s.store.DeleteNote(ctx, uid)
}

// List returns one page of notes. Limit is clamped to 1..1000 (default 100).
func (s *Notes) List(ctx context.Context, opts backend.ListOptions) (*backend.NotePage, error) {
	opts, err := pageOptions(opts)
	if err != nil {
		return nil, err
	}
	return s.store.ListNotes(ctx, opts)
}

// pageOptions checks a page's order and clamps its limit to 1..1000
// (default 100) and its offset to 0 and up. Returns EINVALID for an
// unknown order.
func pageOptions(opts backend.ListOptions) (backend.ListOptions, error) {
	switch opts.Order {
	case "", backend.OrderUpdated, backend.OrderTitle:
	default:
		return opts, backend.Errorf(backend.EINVALID, "unknown order %q: use %q or %q", opts.Order, backend.OrderUpdated, backend.OrderTitle)
	}
	if opts.Limit <= 0 {
		opts.Limit = 100
	}
	opts.Limit = min(opts.Limit, 1000)
	opts.Offset = max(opts.Offset, 0)
	return opts, nil
}

// History returns a note's versions, newest first, without bodies.
func (s *Notes) History(ctx context.Context, id string) ([]backend.NoteVersion, error) {
	uid, err := ParseID(id)
	if err != nil {
		return nil, withOp("service.History", err)
	}
	return s.store.History(ctx, uid, false)
}

// Version returns one past version of a note with its body.
func (s *Notes) Version(ctx context.Context, id string, version int) (*backend.NoteVersion, error) {
	uid, err := ParseID(id)
	if err != nil {
		return nil, withOp("service.Version", err)
	}
	return s.store.Version(ctx, uid, version)
}

// Revert makes an old version's body the current one, as a new version; the
// versions in between stay in the history. Returns ENOTFOUND for an unknown
// version, EINVALID when that version's body was purged, ECONFLICT for a
// stale expectedVersion.
func (s *Notes) Revert(ctx context.Context, id string, expectedVersion, version int) (*backend.Note, error) {
	const op = "service.Revert"
	uid, err := ParseID(id)
	if err != nil {
		return nil, withOp(op, err)
	}
	old, err := s.store.Version(ctx, uid, version)
	if err != nil {
		return nil, err
	}
	if old.Purged {
		return nil, &backend.Error{Code: backend.EINVALID, Op: op, Message: fmt.Sprintf("version %d has no stored text", version)}
	}
	return s.store.UpdateBody(ctx, uid, expectedVersion, old.Body, deriver(old.Body), backend.EventNoteReverted, &backend.Revert{FromVersion: version})
}

// deriver derives body's rows once the store knows the note's path, inside
// the transaction that saves it.
func deriver(body string) backend.DeriveFunc {
	return func(path string) backend.Derived { return Derive(path, body) }
}

// ParseID parses a note id. Returns EINVALID.
func ParseID(id string) (uuid.UUID, error) {
	uid, err := uuid.Parse(strings.TrimSpace(id))
	if err != nil {
		return uuid.Nil, backend.Errorf(backend.EINVALID, "%q is not a note id", id)
	}
	return uid, nil
}

// CleanTitle trims a title and checks that it can name a file: not empty,
// valid UTF-8 without control characters, no "/" or "\", not "." or "..",
// at most 252 bytes (255 with ".md"). Returns EINVALID.
func CleanTitle(title string) (string, error) {
	return cleanName(title, maxTitleBytes)
}

// cleanName is CleanTitle for a name of at most limit bytes.
func cleanName(title string, limit int) (string, error) {
	if !utf8.ValidString(title) {
		return "", backend.Errorf(backend.EINVALID, "the title is not valid UTF-8")
	}
	t := strings.TrimSpace(title)
	switch {
	case t == "":
		return "", backend.Errorf(backend.EINVALID, "the title is empty")
	case t == "." || t == "..":
		return "", backend.Errorf(backend.EINVALID, "the title %q cannot name a file", t)
	case strings.ContainsAny(t, `/\`):
		return "", backend.Errorf(backend.EINVALID, "the title %q contains a path separator (/ or \\); put the note in a folder instead", t)
	case strings.IndexFunc(t, unicode.IsControl) >= 0:
		return "", backend.Errorf(backend.EINVALID, "the title contains a control character")
	case len(t) > limit:
		return "", backend.Errorf(backend.EINVALID, "the title is %d bytes long; the limit is %d", len(t), limit)
	}
	return t, nil
}

// CleanFolder normalises a folder inside the vault ("a/b", "" for the root)
// and refuses absolute paths, ".." and names that CleanTitle refuses, but
// for length: a folder name may take all of MaxNameBytes. Returns EINVALID.
func CleanFolder(folder string) (string, error) {
	f := strings.Trim(strings.ReplaceAll(strings.TrimSpace(folder), `\`, "/"), "/")
	if f == "" {
		return "", nil
	}
	if strings.HasPrefix(strings.TrimSpace(folder), "/") {
		return "", backend.Errorf(backend.EINVALID, "the folder %q must be inside the vault, not absolute", folder)
	}
	parts := strings.Split(f, "/")
	for i, p := range parts {
		if p == ".." {
			return "", backend.Errorf(backend.EINVALID, "the folder %q leaves the vault (..)", folder)
		}
		c, err := cleanName(p, MaxNameBytes)
		if err != nil {
			return "", backend.Errorf(backend.EINVALID, "the folder %q has a bad part: %s", folder, backend.ErrorMessage(err))
		}
		parts[i] = c
	}
	return strings.Join(parts, "/"), nil
}

// CheckBody checks that a body can be stored: valid UTF-8, no NUL bytes, at
// most MaxBodyBytes. Returns EINVALID.
func CheckBody(body string) error {
	if len(body) > MaxBodyBytes {
		return backend.Errorf(backend.EINVALID, "the note is %.1f MB; the limit is %d MB", float64(len(body))/(1<<20), MaxBodyBytes>>20)
	}
	if !utf8.ValidString(body) {
		off := 0
		for off < len(body) {
			r, size := utf8.DecodeRuneInString(body[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		return backend.Errorf(backend.EINVALID, "the text is not valid UTF-8 (first bad byte at offset %d)", off)
	}
	if i := strings.IndexByte(body, 0); i >= 0 {
		return backend.Errorf(backend.EINVALID, "the text contains a NUL byte at offset %d", i)
	}
	return nil
}

func notePath(folder, title string) string {
	if folder == "" {
		return title + ".md"
	}
	return folder + "/" + title + ".md"
}

func folderOf(p string) string {
	d := path.Dir(p)
	if d == "." {
		return ""
	}
	return d
}

func withOp(op string, err error) error {
	if e, ok := err.(*backend.Error); ok && e.Op == "" {
		e.Op = op
	}
	return err
}
