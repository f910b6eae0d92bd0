package devicesync

import (
	"fmt"
	"path"
	"strings"

	"github.com/google/uuid"

	"secondbrain/backend/merge"
)

// NoteState is a note as the hub's changes made it: the canonical state
// after a change (Seq the change's hub seq), or the raw state a change's
// own device had after it.
type NoteState struct {
	ID      uuid.UUID
	Title   string
	Path    string
	Body    string
	Trashed bool
	// Seq is the hub change that made this state.
	Seq int64
}

// sameContent reports whether a and b hold the same note text, name and
// trash state.
func sameContent(a, b NoteState) bool {
	return a.Title == b.Title && a.Path == b.Path && a.Body == b.Body && a.Trashed == b.Trashed
}

// Ledger is what replay reads of the canonical state so far. Replay never
// writes: the caller records each Step before the next.
type Ledger interface {
	// Head returns the note's current canonical state.
	Head(id uuid.UUID) (NoteState, bool)
	// At returns the note's canonical state after hub change seq (its
	// latest state with Seq <= seq).
	At(id uuid.UUID, seq int64) (NoteState, bool)
	// Raw returns the raw state of an earlier change.
	Raw(k Key) (NoteState, bool)
	// PathHolder returns the live note whose path is pathKey
	// (lowercased), if any.
	PathHolder(pathKey string) (uuid.UUID, bool)
}

// Outcome says what replaying a change did.
type Outcome string

// The outcomes of a replayed change.
const (
	OutCreated      Outcome = "created"
	OutFastForward  Outcome = "fast-forward"
	OutMerged       Outcome = "merged"
	OutConflict     Outcome = "conflict"
	OutTrashIgnored Outcome = "trash-ignored"
	OutRestored     Outcome = "restored"
	OutPathClash    Outcome = "path-clash"
	OutAttachment   Outcome = "attachment"
)

// Step is what replaying one hub change did: the canonical states it
// made (the note's, and a conflict copy's), and the change's raw state.
type Step struct {
	Seq    int64
	Key    Key
	Change Change
	// Raw is the note as the change's device had it after the change.
	Raw NoteState
	// States are the new canonical states, the change's note first.
	States []NoteState
	// Copy is the conflict copy's id when the change's text did not merge.
	Copy uuid.UUID
	// Merged says the note's new canonical state differs from Raw: a device
	// writes Raw as a version of its own first, so it is in history.
	Merged   bool
	Outcomes []Outcome
}

// ConflictCopyID returns the id of the conflict copy a change of note
// makes: the same on every device.
func ConflictCopyID(note uuid.UUID, k Key) uuid.UUID {
	return uuid.NewSHA1(note, []byte(k.String()))
}

// ConflictTitle returns the title of the conflict copy of a note titled
// title that ch makes: named by ch's own (device-local) time.
func ConflictTitle(title string, ch Change) string {
	return fmt.Sprintf("%s (conflict %s)", title, ch.Time.UTC().Format("2006-01-02 1504"))
}

// Replay returns what hub change seq (k, ch) does to the canonical state
// in l: pure and deterministic, so every device computes the same Step.
func Replay(l Ledger, seq int64, k Key, ch Change) Step {
	st := Step{Seq: seq, Key: k, Change: ch}
	head, exists := l.Head(ch.Note)
	var base NoteState
	hasBase := false
	switch {
	case ch.Base.Raw != nil:
		base, hasBase = l.Raw(*ch.Base.Raw)
	case ch.Base.Canon > 0:
		base, hasBase = l.At(ch.Note, ch.Base.Canon)
	}
	raw := base
	if !hasBase {
		raw = head
		if !exists {
			raw = NoteState{}
		}
	}
	raw.ID, raw.Seq = ch.Note, seq
	if ch.Title != "" {
		raw.Title, raw.Path = ch.Title, ch.Path
	}
	if ch.Body != nil {
		raw.Body = *ch.Body
	}
	switch ch.Kind {
	case KindTrash:
		raw.Trashed = true
	case KindRestore, KindCreate:
		raw.Trashed = false
	}
	st.Raw = raw
	if ch.Kind == KindAttachment {
		st.Outcomes = []Outcome{OutAttachment}
		return st
	}
	var canon NoteState
	switch {
	case !exists:
		canon = raw
		st.Outcomes = append(st.Outcomes, OutCreated)
	case hasBase && sameContent(base, head):
		canon = raw
		st.Outcomes = append(st.Outcomes, OutFastForward)
	default:
		canon = head
		canon.Seq = seq
		switch ch.Kind {
		case KindCreate, KindUpdate:
			baseBody := ""
			if hasBase {
				baseBody = base.Body
			}
			res := merge.Lines(baseBody, head.Body, raw.Body)
			if head.Trashed {
				canon.Trashed = false
				st.Outcomes = append(st.Outcomes, OutRestored)
			}
			if res.Clean() {
				canon.Body = res.Text
				st.Outcomes = append(st.Outcomes, OutMerged)
			} else {
				st.Copy = ConflictCopyID(ch.Note, k)
				st.Outcomes = append(st.Outcomes, OutConflict)
			}
		case KindRename:
			canon.Title, canon.Path = raw.Title, raw.Path
			st.Outcomes = append(st.Outcomes, OutMerged)
		case KindTrash:
			if hasBase && base.Body == head.Body {
				canon.Trashed = true
				st.Outcomes = append(st.Outcomes, OutMerged)
			} else {
				st.Outcomes = append(st.Outcomes, OutTrashIgnored)
			}
		case KindRestore:
			canon.Trashed = false
			st.Outcomes = append(st.Outcomes, OutMerged)
		}
	}
	taken := map[string]bool{}
	free := func(s NoteState) NoteState {
		if s.Trashed {
			return s
		}
		s2, clashed := freePath(l, s, taken)
		if clashed {
			st.Outcomes = append(st.Outcomes, OutPathClash)
		}
		taken[strings.ToLower(s2.Path)] = true
		return s2
	}
	switch {
	case hasOutcome(st.Outcomes, OutTrashIgnored):
		// the note keeps its head
	case st.Copy != uuid.Nil && !hasOutcome(st.Outcomes, OutRestored):
		// the note keeps its head; the change's text goes to the copy
	default:
		// the note's new state; a conflicting edit of a trashed note
		// brings it back with its own text
		st.States = append(st.States, free(canon))
	}
	if st.Copy != uuid.Nil {
		title := ConflictTitle(raw.Title, ch)
		cp := NoteState{ID: st.Copy, Title: title, Path: joinPath(path.Dir(raw.Path), title), Body: raw.Body, Seq: seq}
		st.States = append(st.States, free(cp))
	}
	if len(st.States) > 0 && st.States[0].ID == ch.Note {
		st.Merged = !sameContent(st.States[0], raw)
	}
	return st
}

func hasOutcome(os []Outcome, o Outcome) bool {
	for _, x := range os {
		if x == o {
			return true
		}
	}
	return false
}

// joinPath returns dir/title.md, or title.md at the root.
func joinPath(dir, title string) string {
	if dir == "." || dir == "" || dir == "/" {
		return title + ".md"
	}
	return dir + "/" + title + ".md"
}

// freePath returns s with a path no other live note holds: its own when
// free, else "Title (2)", "Title (3)"… in its folder.
func freePath(l Ledger, s NoteState, taken map[string]bool) (NoteState, bool) {
	busy := func(p string) bool {
		k := strings.ToLower(p)
		if t, ok := taken[k]; ok {
			return t
		}
		id, ok := l.PathHolder(k)
		return ok && id != s.ID
	}
	if !busy(s.Path) {
		return s, false
	}
	dir := path.Dir(s.Path)
	for i := 2; ; i++ {
		t := fmt.Sprintf("%s (%d)", s.Title, i)
		p := joinPath(dir, t)
		if !busy(p) {
			s.Title, s.Path = t, p
			return s, true
		}
	}
}
