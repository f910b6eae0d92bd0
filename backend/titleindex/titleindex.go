// Package titleindex answers the quick switcher from memory: the live
// notes' folded titles and aliases, sorted, with their trigrams, read from
// PostgreSQL in one snapshot and then kept in step through the event log
// (backend/eventlog) at the start of every call, so a call answers from
// exactly what its snapshot shows, as the SQL does.
//
// At 100k notes the SQL title search (pgstore.FindTitles) costs tens of
// milliseconds for a common prefix, most of it reading the trigram index
// for every title holding the text; here a prefix is a binary search and
// the rarer kinds of match (a word's prefix, a substring, a typo) a scan
// of the titles in Go.
//
// Matches rank as in pgstore: the exact title (or alias) first, then
// prefixes, then a word's prefix, then a substring (of three characters or
// more, or any Chinese, Japanese or Korean text), then titles resembling
// the text (typos); within a kind by trigram similarity, shorter first,
// then by title. Until the index is built, and while it is built again,
// calls go to the fallback (the SQL).
package titleindex

import (
	"bytes"
	"cmp"
	"container/heap"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/eventlog"
)

// rebuildShare is the fraction of the notes that, touched since the last
// call, makes the index read everything again rather than note by note.
const rebuildShare = 4 // a quarter

// compactMin is how many dead slots, at least, make the index renumber its
// slots (when they outnumber the live ones).
var compactMin = 1000

// similarityThreshold is how much of the text's trigrams a title must hold
// to count as resembling it (pg_trgm's default word_similarity_threshold).
const similarityThreshold = 0.6

// Index is the title index over the database that pgstore writes. It is
// safe for concurrent use; calls take turns on the index.
type Index struct {
	db       *sql.DB
	fallback backend.TitleFinder
	mirror   *eventlog.Mirror[titles]
}

var _ backend.TitleFinder = (*Index)(nil)

// New returns the index over db, answering through fallback until it is
// built (Enable, Build), and for the text "" (the recent notes).
func New(db *sql.DB, fallback backend.TitleFinder) *Index {
	x := &Index{db: db, fallback: fallback}
	x.mirror = eventlog.NewMirror(func(ctx context.Context) (t *titles, err error) {
		err = x.read(ctx, func(tx *sql.Tx) error {
			t, err = load(ctx, tx)
			return err
		})
		return t, err
	})
	return x
}

// Enable starts building the index in the background; calls use it once
// it is built. ctx bounds the builds: once it is done no more start, and
// calls go to the fallback whenever the index is gone. Meant for
// long-lived processes (the desktop app): the build reads every title
// (about a second at 100k notes).
func (x *Index) Enable(ctx context.Context) { x.mirror.Enable(ctx) }

// Build is Enable that waits for the index to be built and returns the
// build's error, if any.
func (x *Index) Build(ctx context.Context) error { return x.mirror.Build(ctx) }

// Built says whether calls are answered from memory now.
func (x *Index) Built() bool { return x.mirror.Built() }

// read runs fn in a read-only repeatable-read transaction: the snapshot,
// the events and the rows re-read after them are one view.
func (x *Index) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := x.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SET LOCAL jit = off`); err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// FindTitles implements backend.TitleFinder: from memory once the index is
// built, through the fallback before that, for "", and when the index
// cannot be brought up to date (then it is built again in the background).
func (x *Index) FindTitles(ctx context.Context, text string, limit int) ([]backend.TitleMatch, error) {
	text = strings.TrimSpace(strings.ToValidUTF8(text, ""))
	if limit < 1 || text == "" {
		return x.fallback.FindTitles(ctx, text, limit)
	}
	var out []backend.TitleMatch
	used, err := x.mirror.Use(func(t *titles) (drop bool, err error) {
		err = x.read(ctx, func(tx *sql.Tx) error {
			ok, err := t.sync(ctx, tx)
			if err != nil || !ok {
				drop = true // half-applied, or behind for good: read everything again
				return fmt.Errorf("titleindex: the index cannot follow the event log: %v", err)
			}
			var fold string
			if err := tx.QueryRowContext(ctx, `SELECT sb_fold($1)`, text).Scan(&fold); err != nil {
				return err
			}
			out = t.find(fold, limit)
			return nil
		})
		return drop, err
	})
	if !used || err != nil {
		return x.fallback.FindTitles(ctx, text, limit)
	}
	return out, nil
}

// note is a live note in the index.
type note struct {
	id               uuid.UUID
	title, path, key string // key: the title's sort key (title_key)
	names            []name // the title's first
	slots            []int32

	// A call's best match of the note so far, when gen is the call's.
	gen  uint32
	best match
}

// name is a folded title or alias of a note.
type name struct {
	fold  string
	alias string // "" for the title
}

// entry is a name in its slot. Slots are never reused: a note whose names
// change gets new ones, and its old slots die (note nil) until compact.
type entry struct {
	name
	runes int32
	start int32  // where fold is in titles.arena
	tri   uint32 // where the fold's trigrams are in titles.tris
	ntri  uint32 // how many
	note  *note  // nil: a dead slot
}

// titles is the index proper; its methods are called while Index.mirror is held.
type titles struct {
	notes  map[uuid.UUID]*note
	ents   []entry
	arena  []byte  // every slot's fold followed by sep, in slot order: substring scans
	sorted []int32 // the live slots, by fold then note id: prefix ranges
	// The trigrams are numbered (triID) in the order met; tris holds each
	// slot's, sorted by number, and post[number] the slots whose fold holds
	// that trigram: typos.
	triID   map[uint64]uint32
	tris    []uint32
	post    [][]int32
	dead    int     // dead slots
	counts  []uint8 // marks the slots resembling reaches (zero between calls)
	found   []*note // scratch of find
	reached []int32 // scratch of resembling
	cur     eventlog.Cursor
	gen     uint32 // stamps the notes a call has matched, without clearing

	compactions int // how often the slots were renumbered (for tests)
}

// sep ends a fold in the arena; folds never hold it.
const sep = 0

// Statements reading the titles: every live note's, or those of $1.
const (
	notesSQL = `
		SELECT n.id, n.title, n.path, n.title_key, coalesce(s.title_fold, sb_fold(n.title))
		FROM notes AS n LEFT JOIN note_search AS s ON s.note_id = n.id
		WHERE n.trashed_at IS NULL`
	aliasesSQL = `
		SELECT a.note_id, a.name, sb_fold(a.name) FROM aliases AS a
		JOIN notes AS n ON n.id = a.note_id WHERE n.trashed_at IS NULL`
	notesOfSQL   = notesSQL + ` AND n.id = ANY($1::text[]::uuid[])`
	aliasesOfSQL = aliasesSQL + ` AND n.id = ANY($1::text[]::uuid[])`
)

// load reads every live note's title and aliases in tx's snapshot.
func load(ctx context.Context, tx *sql.Tx) (*titles, error) {
	snap, err := eventlog.ReadSnapshot(ctx, tx)
	if err != nil {
		return nil, err
	}
	read, err := readNotes(ctx, tx, notesSQL, aliasesSQL)
	if err != nil {
		return nil, err
	}
	t := fill(slices.Collect(maps.Values(read)))
	if t.cur, err = eventlog.Start(ctx, tx, snap); err != nil {
		return nil, err
	}
	return t, nil
}

// fill returns the index of notes, their slots numbered afresh in sorted
// order, so that a prefix range reads neighbouring memory.
func fill(notes []*note) *titles {
	t := &titles{notes: make(map[uuid.UUID]*note, len(notes)), triID: map[uint64]uint32{}}
	type named struct {
		n  *note
		nm name
	}
	var all []named
	for _, n := range notes {
		t.notes[n.id] = n
		n.slots = n.slots[:0]
		for _, nm := range n.names {
			all = append(all, named{n, nm})
		}
	}
	slices.SortFunc(all, func(a, b named) int {
		if c := strings.Compare(a.nm.fold, b.nm.fold); c != 0 {
			return c
		}
		return bytes.Compare(a.n.id[:], b.n.id[:])
	})
	t.ents = make([]entry, 0, len(all))
	t.sorted = make([]int32, len(all))
	for i, a := range all {
		t.sorted[i] = t.slot(a.n, a.nm)
	}
	t.packPostings()
	return t
}

// packPostings moves every posting list into one array, each list at its
// length: grown by appends, they held up to twice that. Later appends
// move a list out again.
func (t *titles) packPostings() {
	n := 0
	for _, p := range t.post {
		n += len(p)
	}
	all := make([]int32, 0, n)
	for i, p := range t.post {
		k := len(all)
		all = append(all, p...)
		t.post[i] = all[k:len(all):len(all)]
	}
}

// slot gives the name nm of n a new slot and returns it (not yet in sorted).
func (t *titles) slot(n *note, nm name) int32 {
	s := int32(len(t.ents))
	k := len(t.tris)
	for _, tr := range trigrams(nm.fold) {
		id, ok := t.triID[tr]
		if !ok {
			id = uint32(len(t.post))
			t.triID[tr] = id
			t.post = append(t.post, nil)
		}
		t.tris = append(t.tris, id)
		t.post[id] = append(t.post[id], s)
	}
	slices.Sort(t.tris[k:])
	t.ents = append(t.ents, entry{name: nm, runes: int32(utf8.RuneCountInString(nm.fold)), start: int32(len(t.arena)),
		tri: uint32(k), ntri: uint32(len(t.tris) - k), note: n})
	t.arena = append(append(t.arena, nm.fold...), sep)
	n.slots = append(n.slots, s)
	return s
}

// trigramsOf returns the trigram numbers of slot s, sorted.
func (t *titles) trigramsOf(s int32) []uint32 {
	e := &t.ents[s]
	return t.tris[e.tri : e.tri+e.ntri : e.tri+e.ntri]
}

// query returns the numbers of the trigrams qt that some fold holds,
// sorted: the others match nothing, but count in a similarity.
func (t *titles) query(qt []uint64) []uint32 {
	var out []uint32
	for _, tr := range qt {
		if id, ok := t.triID[tr]; ok {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// postings returns the slots whose fold holds trigram tr.
func (t *titles) postings(tr uint64) []int32 {
	if id, ok := t.triID[tr]; ok {
		return t.post[id]
	}
	return nil
}

func (t *titles) compareSlots(a, b int32) int {
	x, y := &t.ents[a], &t.ents[b]
	if c := strings.Compare(x.fold, y.fold); c != 0 {
		return c
	}
	if c := bytes.Compare(x.note.id[:], y.note.id[:]); c != 0 {
		return c
	}
	return cmp.Compare(a, b)
}

// readNotes reads notes and their aliases with the two statements (args
// are both's).
func readNotes(ctx context.Context, tx *sql.Tx, notesQuery, aliasesQuery string, args ...any) (map[uuid.UUID]*note, error) {
	out := map[uuid.UUID]*note{}
	rows, err := tx.QueryContext(ctx, notesQuery, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		n := &note{}
		var fold string
		if err := rows.Scan(&n.id, &n.title, &n.path, &n.key, &fold); err != nil {
			return nil, err
		}
		n.names = []name{{fold: clean(fold)}}
		// title_key is lower(title), the fold of most titles: one copy
		if n.key == n.names[0].fold {
			n.key = n.names[0].fold
		}
		out[n.id] = n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if rows, err = tx.QueryContext(ctx, aliasesQuery, args...); err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id uuid.UUID
		var alias, fold string
		if err := rows.Scan(&id, &alias, &fold); err != nil {
			return nil, err
		}
		if n := out[id]; n != nil && clean(fold) != "" {
			n.names = append(n.names, name{fold: clean(fold), alias: alias})
		}
	}
	for _, n := range out {
		slices.SortFunc(n.names[1:], func(a, b name) int { return strings.Compare(a.fold+"\x00"+a.alias, b.fold+"\x00"+b.alias) })
	}
	return out, rows.Err()
}

// clean drops sep from a fold (a title cannot hold it; this keeps the arena sound regardless).
func clean(fold string) string { return strings.ReplaceAll(fold, "\x00", "") }

// sync brings the index up to tx's snapshot. It returns false when too
// many notes were touched since the last call: then reading everything
// again is cheaper.
func (t *titles) sync(ctx context.Context, tx *sql.Tx) (bool, error) {
	snap, err := eventlog.ReadSnapshot(ctx, tx)
	if err != nil {
		return false, err
	}
	if t.cur.Current(snap) {
		return true, nil
	}
	touched := map[uuid.UUID]bool{}
	cur, err := t.cur.Read(ctx, tx, snap, `coalesce(note_id::text, '')`, nil, func(r *sql.Rows) (int64, error) {
		var s int64
		var id string
		if err := r.Scan(&s, &id); err != nil {
			return 0, err
		}
		// Only a note's own events change its title, aliases or place;
		// the others (links resolved, chunks embedded, settings) do not.
		if u, err := uuid.Parse(id); err == nil {
			touched[u] = true
		}
		return s, nil
	})
	if err != nil {
		return false, err
	}
	if len(touched) > max(len(t.notes)/rebuildShare, 1000) {
		return false, nil
	}
	if len(touched) > 0 {
		ids := make([]string, 0, len(touched))
		for id := range touched {
			ids = append(ids, id.String())
		}
		read, err := readNotes(ctx, tx, notesOfSQL, aliasesOfSQL, ids)
		if err != nil {
			return false, err
		}
		for id := range touched {
			t.replace(id, read[id])
		}
		if t.dead > max(compactMin, len(t.ents)-t.dead) {
			gen, n := t.gen, t.compactions // the notes keep their stamps
			*t = *fill(slices.Collect(maps.Values(t.notes)))
			t.gen, t.compactions = gen, n+1
		}
	}
	t.cur = cur
	return true, nil
}

// replace puts n in place of the note id (nil: the note is gone or trashed).
func (t *titles) replace(id uuid.UUID, n *note) {
	old := t.notes[id]
	if old != nil && n != nil && slices.Equal(old.names, n.names) {
		old.title, old.path, old.key = n.title, n.path, n.key
		return
	}
	if old != nil {
		for _, s := range old.slots {
			i, found := slices.BinarySearchFunc(t.sorted, s, t.compareSlots)
			if found {
				t.sorted = slices.Delete(t.sorted, i, i+1)
			}
			t.ents[s].note = nil
			t.dead++
		}
		delete(t.notes, id)
	}
	if n != nil {
		t.notes[id] = n
		for _, nm := range n.names {
			s := t.slot(n, nm)
			i, _ := slices.BinarySearchFunc(t.sorted, s, t.compareSlots)
			t.sorted = slices.Insert(t.sorted, i, s)
		}
	}
}

// Kinds of match, best last; the score of a match is its kind plus its
// trigram similarity (0..1) less a little for length, as in pgstore.
const (
	fuzzy = iota
	substring
	wordPrefix
	prefix
	exact
)

// find returns the best limit notes for the folded text q.
func (t *titles) find(q string, limit int) []backend.TitleMatch {
	qt := trigrams(q)
	qids := t.query(qt)
	t.gen++
	found := t.found[:0] // each matched note once
	defer func() { t.found = found[:0] }()
	offerSim := func(s int32, kind int, sim float64) {
		e := &t.ents[s]
		m := match{alias: e.alias, score: float64(kind) + sim - float64(e.runes)/10000}
		n := e.note
		if n.gen != t.gen {
			n.gen, n.best = t.gen, m
			found = append(found, n)
		} else if m.score > n.best.score {
			n.best = m
		}
	}
	offer := func(s int32, kind int) { offerSim(s, kind, similarity(qids, len(qt), t.trigramsOf(s))) }
	// Prefixes (and the exact title) are a range of the sorted folds.
	lo, _ := slices.BinarySearchFunc(t.sorted, q, func(s int32, q string) int { return strings.Compare(t.ents[s].fold, q) })
	for _, s := range t.sorted[lo:] {
		if !strings.HasPrefix(t.ents[s].fold, q) {
			break
		}
		offer(s, prefix+boolInt(t.ents[s].fold == q))
	}
	n := utf8.RuneCountInString(q)
	if len(found) < limit {
		// Then a word's prefix, and a substring (a text of three characters
		// or more, or in a script whose words are not spaced): scans of the arena.
		word := " " + q
		pattern := word
		if n >= 3 || hasCJK(q) {
			pattern = q
		}
		t.scan(pattern, func(s int32) {
			if f := t.ents[s].fold; !strings.HasPrefix(f, q) {
				if strings.Contains(f, word) {
					offer(s, wordPrefix)
				} else {
					offer(s, substring)
				}
			}
		})
	}
	if len(found) < limit && n >= 3 {
		// Then titles resembling the text.
		t.resembling(qt, qids, func(s int32, sim float64) {
			if e := &t.ents[s]; e.note != nil && e.note.gen != t.gen {
				offerSim(s, fuzzy, sim)
			}
		})
	}
	best := topNotes(found, limit)
	out := make([]backend.TitleMatch, len(best))
	for i, n := range best {
		out[i] = backend.TitleMatch{ID: n.id, Title: n.title, Path: n.path, Alias: n.best.alias, Score: n.best.score}
	}
	return out
}

// resembling calls fn with every slot (dead ones too) holding at least
// similarityThreshold of the trigrams qt (qids: their numbers, as query
// gives them), and that share. Such a slot holds one of the len(qt)-need+1
// rarest of them, so only their postings are read, and the slots they
// reach are checked against all of qt.
func (t *titles) resembling(qt []uint64, qids []uint32, fn func(s int32, sim float64)) {
	if len(qt) == 0 {
		return
	}
	need := 1
	for float64(need)/float64(len(qt)) < similarityThreshold {
		need++
	}
	rare := slices.Clone(qt)
	slices.SortFunc(rare, func(a, b uint64) int { return cmp.Compare(len(t.postings(a)), len(t.postings(b))) })
	if len(t.counts) < len(t.ents) {
		t.counts = make([]uint8, len(t.ents)+len(t.ents)/4)
	}
	reached := t.reached[:0]
	defer func() { t.reached = reached[:0] }()
	for _, tr := range rare[:len(qt)-need+1] {
		for _, s := range t.postings(tr) {
			if t.counts[s] == 0 {
				t.counts[s] = 1
				reached = append(reached, s)
			}
		}
	}
	for _, s := range reached {
		t.counts[s] = 0
		if sim := similarity(qids, len(qt), t.trigramsOf(s)); sim >= similarityThreshold {
			fn(s, sim)
		}
	}
}

// scan calls fn once for every live slot whose fold holds pattern.
func (t *titles) scan(pattern string, fn func(s int32)) {
	p := []byte(pattern)
	for off := 0; off < len(t.arena); {
		i := bytes.Index(t.arena[off:], p)
		if i < 0 {
			return
		}
		pos := int32(off + i)
		// The slot holding pos: the last one starting at or before it.
		s, found := slices.BinarySearchFunc(t.ents, pos, func(e entry, pos int32) int { return cmp.Compare(e.start, pos) })
		if !found {
			s--
		}
		e := &t.ents[s]
		if e.note != nil {
			fn(int32(s))
		}
		off = int(e.start) + len(e.fold) + 1
	}
}

// match is a note's best match in a call.
type match struct {
	alias string
	score float64
}

// better orders notes by their best match: higher score, then title, then id.
func better(a, b *note) int {
	if c := cmp.Compare(b.best.score, a.best.score); c != 0 {
		return c
	}
	if c := strings.Compare(a.key, b.key); c != 0 {
		return c
	}
	return bytes.Compare(a.id[:], b.id[:])
}

// topNotes returns the best limit of ns, best first, keeping a bounded
// heap rather than sorting them all (a one-letter prefix matches most
// titles).
func topNotes(ns []*note, limit int) []*note {
	if len(ns) <= limit {
		slices.SortFunc(ns, better)
		return ns
	}
	h := &noteHeap{}
	for _, n := range ns {
		if len(*h) < limit {
			heap.Push(h, n)
		} else if better(n, (*h)[0]) < 0 {
			(*h)[0] = n
			heap.Fix(h, 0)
		}
	}
	out := []*note(*h)
	slices.SortFunc(out, better)
	return out
}

// noteHeap is a heap whose top is the worst note kept.
type noteHeap []*note

func (h noteHeap) Len() int           { return len(h) }
func (h noteHeap) Less(i, j int) bool { return better(h[i], h[j]) > 0 }
func (h noteHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *noteHeap) Push(x any)        { *h = append(*h, x.(*note)) }
func (h *noteHeap) Pop() any {
	old := *h
	n := old[len(old)-1]
	*h = old[:len(old)-1]
	return n
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// hasCJK says whether s holds Chinese, Japanese or Korean characters.
func hasCJK(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
			return true
		}
	}
	return false
}

// trigrams returns the distinct trigrams of s as pg_trgm makes them: each
// word (a run of letters and digits) padded with two spaces in front and
// one behind, every three consecutive characters packed in a uint64.
func trigrams(s string) []uint64 {
	var out []uint64
	word := []rune{' ', ' '}
	flush := func() {
		if len(word) > 2 {
			word = append(word, ' ')
			for i := 0; i+3 <= len(word); i++ {
				out = append(out, uint64(word[i])<<42|uint64(word[i+1])<<21|uint64(word[i+2]))
			}
		}
		word = word[:2]
	}
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			word = append(word, r)
		} else {
			flush()
		}
	}
	flush()
	slices.Sort(out)
	return slices.Compact(out)
}

// similarity is the share of a text's n trigrams that t holds, q being
// those of them that any fold holds (both sorted numbers).
func similarity(q []uint32, n int, t []uint32) float64 {
	if n == 0 {
		return 0
	}
	common, i, j := 0, 0, 0
	for i < len(q) && j < len(t) {
		switch {
		case q[i] == t[j]:
			common++
			i++
			j++
		case q[i] < t[j]:
			i++
		default:
			j++
		}
	}
	return float64(common) / float64(n)
}
