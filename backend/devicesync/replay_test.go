package devicesync

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

var (
	devA  = uuid.MustParse("00000000-0000-0000-0000-00000000000a")
	devB  = uuid.MustParse("00000000-0000-0000-0000-00000000000b")
	noteX = uuid.MustParse("00000000-0000-0000-0000-0000000000f1")
	noteY = uuid.MustParse("00000000-0000-0000-0000-0000000000f2")
)

func strp(s string) *string { return &s }

// play replays changes in order on a fresh ledger and returns it and the steps.
func play(chs []Change, keys []Key) (*MemLedger, []Step) {
	l := NewMemLedger()
	var steps []Step
	for i, ch := range chs {
		st := Replay(l, int64(i+1), keys[i], ch)
		l.Record(st)
		steps = append(steps, st)
	}
	return l, steps
}

func TestReplayOutcomes(t *testing.T) {
	at := time.Date(2026, 12, 7, 9, 5, 0, 0, time.UTC)
	create := Change{Note: noteX, Kind: KindCreate, Title: "Plan", Path: "w/Plan.md", Body: strp("a\nb\nc\n"), Time: at}
	k := func(d uuid.UUID, s int64) Key { return Key{d, s} }
	raw := func(d uuid.UUID, s int64) *Key { x := k(d, s); return &x }
	tests := []struct {
		name    string
		chs     []Change
		keys    []Key
		out     Outcome
		body    string
		title   string
		trashed bool
		copy    bool
	}{
		{"fast-forward", []Change{create, {Note: noteX, Kind: KindUpdate, Base: Base{Canon: 1}, Title: "Plan", Path: "w/Plan.md", Body: strp("A\nb\nc\n")}},
			[]Key{k(devA, 1), k(devB, 1)}, OutFastForward, "A\nb\nc\n", "Plan", false, false},
		{"second edit on own raw", []Change{create, {Note: noteX, Kind: KindUpdate, Base: Base{Raw: raw(devA, 1)}, Title: "Plan", Path: "w/Plan.md", Body: strp("a\nb\nC\n")}},
			[]Key{k(devA, 1), k(devA, 2)}, OutFastForward, "a\nb\nC\n", "Plan", false, false},
		{"different lines merge", []Change{create,
			{Note: noteX, Kind: KindUpdate, Base: Base{Canon: 1}, Title: "Plan", Path: "w/Plan.md", Body: strp("A\nb\nc\n")},
			{Note: noteX, Kind: KindUpdate, Base: Base{Canon: 1}, Title: "Plan", Path: "w/Plan.md", Body: strp("a\nb\nC\n")}},
			[]Key{k(devA, 1), k(devA, 2), k(devB, 1)}, OutMerged, "A\nb\nC\n", "Plan", false, false},
		{"same line conflicts", []Change{create,
			{Note: noteX, Kind: KindUpdate, Base: Base{Canon: 1}, Title: "Plan", Path: "w/Plan.md", Body: strp("A\nb\nc\n")},
			{Note: noteX, Kind: KindUpdate, Base: Base{Canon: 1}, Title: "Plan", Path: "w/Plan.md", Body: strp("Z\nb\nc\n"), Time: at}},
			[]Key{k(devA, 1), k(devA, 2), k(devB, 1)}, OutConflict, "A\nb\nc\n", "Plan", false, true},
		{"rename and edit both apply", []Change{create,
			{Note: noteX, Kind: KindUpdate, Base: Base{Canon: 1}, Title: "Plan", Path: "w/Plan.md", Body: strp("A\nb\nc\n")},
			{Note: noteX, Kind: KindRename, Base: Base{Canon: 1}, Title: "Goals", Path: "w/Goals.md"}},
			[]Key{k(devA, 1), k(devA, 2), k(devB, 1)}, OutMerged, "A\nb\nc\n", "Goals", false, false},
		{"trash over an unseen edit is ignored", []Change{create,
			{Note: noteX, Kind: KindUpdate, Base: Base{Canon: 1}, Title: "Plan", Path: "w/Plan.md", Body: strp("A\nb\nc\n")},
			{Note: noteX, Kind: KindTrash, Base: Base{Canon: 1}, Title: "Plan", Path: "w/Plan.md"}},
			[]Key{k(devA, 1), k(devA, 2), k(devB, 1)}, OutTrashIgnored, "A\nb\nc\n", "Plan", false, false},
		{"edit restores a trashed note", []Change{create,
			{Note: noteX, Kind: KindTrash, Base: Base{Canon: 1}, Title: "Plan", Path: "w/Plan.md"},
			{Note: noteX, Kind: KindUpdate, Base: Base{Canon: 1}, Title: "Plan", Path: "w/Plan.md", Body: strp("a\nb\nC\n")}},
			[]Key{k(devA, 1), k(devA, 2), k(devB, 1)}, OutRestored, "a\nb\nC\n", "Plan", false, false},
		{"path clash gets a free name", []Change{create,
			{Note: noteY, Kind: KindCreate, Title: "plan", Path: "w/plan.md", Body: strp("other\n")}},
			[]Key{k(devA, 1), k(devB, 1)}, OutPathClash, "other\n", "plan (2)", false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, steps := play(tc.chs, tc.keys)
			last := steps[len(steps)-1]
			if !hasOutcome(last.Outcomes, tc.out) {
				t.Fatalf("outcomes: got %v; want %s", last.Outcomes, tc.out)
			}
			id := tc.chs[len(tc.chs)-1].Note
			h, _ := l.Head(id)
			if h.Body != tc.body || h.Title != tc.title || h.Trashed != tc.trashed {
				t.Fatalf("head: got %q %q trashed=%v; want %q %q trashed=%v", h.Body, h.Title, h.Trashed, tc.body, tc.title, tc.trashed)
			}
			if (last.Copy != uuid.Nil) != tc.copy {
				t.Fatalf("copy: got %v; want %v", last.Copy, tc.copy)
			}
			if tc.copy {
				c, ok := l.Head(last.Copy)
				if !ok || c.Body != *tc.chs[len(tc.chs)-1].Body || c.Title != "Plan (conflict 2026-12-07 0905)" || c.Path != "w/Plan (conflict 2026-12-07 0905).md" {
					t.Fatalf("conflict copy: got %+v", c)
				}
				if last.Copy != ConflictCopyID(id, tc.keys[len(tc.keys)-1]) {
					t.Fatal("the copy's id is not derived from the change")
				}
			}
		})
	}
}

// TestReplayDeterministic simulates devices editing the same notes from
// lagging bases, replays the hub's order twice and requires identical
// states and steps; every change's text is in some note's history, or is
// the raw version a merged change is written as first.
func TestReplayDeterministic(t *testing.T) {
	for seed := uint64(1); seed <= 10; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		devs := []uuid.UUID{devA, devB, uuid.NewSHA1(devA, []byte("c"))}
		notes := []uuid.UUID{noteX, noteY, uuid.NewSHA1(noteX, []byte("z"))}
		seen := NewMemLedger() // what the devices have seen: a lagging replica
		var chs []Change
		var keys []Key
		dseq := map[uuid.UUID]int64{}
		for i := 0; i < 400; i++ {
			d := devs[r.IntN(len(devs))]
			n := notes[r.IntN(len(notes))]
			dseq[d]++
			k := Key{d, dseq[d]}
			head, ok := seen.Head(n)
			ch := Change{Note: n, Author: fmt.Sprint(d), Time: time.Unix(int64(i), 0)}
			if !ok {
				ch.Kind, ch.Title, ch.Path = KindCreate, fmt.Sprint("n", n.ID()), fmt.Sprintf("n%d.md", n.ID())
				ch.Body = strp("1\n2\n3\n4\n5\n")
			} else {
				ch.Base = Base{Canon: head.Seq}
				ch.Title, ch.Path = head.Title, head.Path
				switch op := r.IntN(10); {
				case op < 7:
					lines := strings.Split(head.Body, "\n")
					lines[r.IntN(len(lines)-1)] = fmt.Sprintf("edit %d", i)
					ch.Kind, ch.Body = KindUpdate, strp(strings.Join(lines, "\n"))
				case op < 8:
					ch.Kind, ch.Title, ch.Path = KindRename, fmt.Sprintf("r%d", i), fmt.Sprintf("r%d.md", i%5)
				case op < 9:
					ch.Kind = KindTrash
				default:
					ch.Kind = KindRestore
				}
			}
			chs, keys = append(chs, ch), append(keys, k)
			if r.IntN(4) == 0 { // the devices catch up now and then
				seen, _ = play(chs, keys)
			}
		}
		l1, s1 := play(chs, keys)
		l2, s2 := play(chs, keys)
		if !reflect.DeepEqual(l1.Notes(), l2.Notes()) || !reflect.DeepEqual(s1, s2) {
			t.Fatalf("seed %d: two replays of one order differ", seed)
		}
		texts := map[string]bool{}
		for id := range l1.Notes() {
			for _, s := range l1.History(id) {
				texts[s.Body] = true
			}
		}
		for i, ch := range chs {
			if ch.Body == nil {
				continue
			}
			// a merged change's text is written as a version of its own
			// (its raw) before the merge result; any other is a state
			if s1[i].Merged {
				if s1[i].Raw.Body != *ch.Body {
					t.Fatalf("seed %d: change %d merged, but its raw is not its text", seed, i+1)
				}
			} else if !texts[*ch.Body] {
				t.Fatalf("seed %d: change %d's text is in no note's history", seed, i+1)
			}
		}
	}
}
