package merge

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestLinesExamples(t *testing.T) {
	base := "a\nb\nc\nd\ne\n"
	for _, tc := range []struct {
		name, ours, theirs, want string
		conflicts                int
	}{
		{"one side", "a\nB\nc\nd\ne\n", base, "a\nB\nc\nd\ne\n", 0},
		{"other side", base, "a\nb\nc\nD\ne\n", "a\nb\nc\nD\ne\n", 0},
		{"both, apart", "A\nb\nc\nd\ne\n", "a\nb\nc\nd\nE\n", "A\nb\nc\nd\nE\n", 0},
		{"both, adjacent lines", "a\nB\nc\nd\ne\n", "a\nb\nC\nd\ne\n", "a\nB\nC\nd\ne\n", 0},
		{"same change", "a\nX\nc\nd\ne\n", "a\nX\nc\nd\ne\n", "a\nX\nc\nd\ne\n", 0},
		{"overlap", "a\nX\nc\nd\ne\n", "a\nY\nc\nd\ne\n", "a\nX\nc\nd\ne\n", 1},
		{"two inserts, one place", "a\nb\nX\nc\nd\ne\n", "a\nb\nY\nc\nd\ne\n", "a\nb\nX\nc\nd\ne\n", 1},
		{"insert at edge of change", "a\nB\nc\nd\ne\n", "a\nb\nY\nc\nd\ne\n", "a\nB\nc\nd\ne\n", 1},
		{"delete and edit apart", "a\nc\nd\ne\n", "a\nb\nc\nd\nE\n", "a\nc\nd\nE\n", 0},
		{"delete vs edit", "a\nc\nd\ne\n", "a\nB\nc\nd\ne\n", "a\nc\nd\ne\n", 1},
		{"append both ends", "top\n" + base, base + "end\n", "top\n" + base + "end\n", 0},
	} {
		r := Lines(base, tc.ours, tc.theirs)
		if r.Text != tc.want || len(r.Conflicts) != tc.conflicts {
			t.Errorf("%s: got %q with %d conflicts, want %q with %d", tc.name, r.Text, len(r.Conflicts), tc.want, tc.conflicts)
		}
	}
	r := Lines(base, "a\nX\nc\nd\ne\n", "a\nY\nc\nd\ne\n")
	if c := r.Conflicts[0]; c.BaseStart != 1 || c.BaseEnd != 2 || c.Ours != "X\n" || c.Theirs != "Y\n" {
		t.Errorf("conflict = %+v", c)
	}
}

// edit is a change to base lines [start, end) by one side.
type edit struct {
	start, end int
	lines      []string
}

// applyEdits applies non-overlapping edits sorted by start.
func applyEdits(base []string, edits []edit) string {
	var sb strings.Builder
	pos := 0
	for _, e := range edits {
		sb.WriteString(strings.Join(base[pos:e.start], ""))
		sb.WriteString(strings.Join(e.lines, ""))
		pos = e.end
	}
	sb.WriteString(strings.Join(base[pos:], ""))
	return sb.String()
}

// TestLinesRandomDisjoint: edits by two sides to regions separated by at
// least one untouched line always merge cleanly to both edits applied,
// and a side's edit alone always comes through unchanged.
func TestLinesRandomDisjoint(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 3))
	uniq := 0
	line := func() string { uniq++; return fmt.Sprintf("line %d\n", uniq) }
	for iter := range 2000 {
		n := rng.IntN(30)
		base := make([]string, n)
		for i := range base {
			base[i] = line()
		}
		// Walk the base, giving each region to ours, theirs or nobody,
		// with an untouched line between regions of different sides.
		var ours, theirs, both []edit
		for pos := 0; pos <= n; {
			size := rng.IntN(3)
			if pos+size > n {
				size = n - pos
			}
			var repl []string
			for range rng.IntN(3) {
				repl = append(repl, line())
			}
			e := edit{pos, pos + size, repl}
			if size > 0 || len(repl) > 0 {
				switch rng.IntN(3) {
				case 0:
					ours = append(ours, e)
					both = append(both, e)
				case 1:
					theirs = append(theirs, e)
					both = append(both, e)
				}
			}
			pos += size + 1 + rng.IntN(2)
		}
		b := strings.Join(base, "")
		o, th := applyEdits(base, ours), applyEdits(base, theirs)
		r := Lines(b, o, th)
		if want := applyEdits(base, both); !r.Clean() || r.Text != want {
			t.Fatalf("iter %d: base %q ours %q theirs %q: got %q (%d conflicts), want %q", iter, b, o, th, r.Text, len(r.Conflicts), want)
		}
		if got := Lines(b, o, b); got.Text != o || !got.Clean() {
			t.Fatalf("iter %d: one-sided merge lost ours", iter)
		}
		if got := Lines(b, b, th); got.Text != th || !got.Clean() {
			t.Fatalf("iter %d: one-sided merge lost theirs", iter)
		}
	}
}

// TestLinesRandomNeverLoses: whatever the edits, a merge either is clean
// and contains every line both sides added, or reports conflicts whose
// theirs-side text holds the lines theirs added that the result lacks.
func TestLinesRandomNeverLoses(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	words := []string{"a\n", "b\n", "c\n", "d\n", "e\n", "f"}
	gen := func(n int) string {
		var sb strings.Builder
		for range n {
			sb.WriteString(words[rng.IntN(len(words)-1)])
		}
		return sb.String()
	}
	mutate := func(s string) string {
		lines := SplitLines(s)
		for range 1 + rng.IntN(3) {
			i := rng.IntN(len(lines) + 1)
			switch rng.IntN(3) {
			case 0:
				lines = append(lines[:i], append([]string{fmt.Sprintf("new %d\n", rng.IntN(1000))}, lines[i:]...)...)
			case 1:
				if i < len(lines) {
					lines = append(lines[:i], lines[i+1:]...)
				}
			case 2:
				if i < len(lines) {
					lines[i] = fmt.Sprintf("changed %d\n", rng.IntN(1000))
				}
			}
		}
		return strings.Join(lines, "")
	}
	for iter := range 3000 {
		base := gen(rng.IntN(12))
		ours, theirs := mutate(base), mutate(base)
		r := Lines(base, ours, theirs)
		var theirsKept strings.Builder
		for _, c := range r.Conflicts {
			if !strings.Contains(r.Text, c.Ours) {
				t.Fatalf("iter %d: conflict keeps ours %q but text %q lacks it", iter, c.Ours, r.Text)
			}
			theirsKept.WriteString(c.Theirs)
		}
		for _, side := range []string{ours, theirs} {
			for _, l := range SplitLines(side) {
				if strings.HasPrefix(l, "new ") || strings.HasPrefix(l, "changed ") {
					if !strings.Contains(r.Text, l) && !strings.Contains(theirsKept.String(), l) {
						t.Fatalf("iter %d: merge of %q / %q / %q = %q lost %q", iter, base, ours, theirs, r.Text, l)
					}
				}
			}
		}
	}
}

func TestOpsRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		a := make([]string, rng.IntN(20))
		b := make([]string, rng.IntN(20))
		for i := range a {
			a[i] = fmt.Sprint(rng.IntN(5), "\n")
		}
		for i := range b {
			b[i] = fmt.Sprint(rng.IntN(5), "\n")
		}
		var gotA, gotB []string
		for _, op := range Ops(a, b) {
			if op.Kind != '+' {
				gotA = append(gotA, op.Line)
			}
			if op.Kind != '-' {
				gotB = append(gotB, op.Line)
			}
		}
		if strings.Join(gotA, "") != strings.Join(a, "") || strings.Join(gotB, "") != strings.Join(b, "") {
			t.Fatalf("ops of %q → %q do not rebuild both", a, b)
		}
	}
}

func BenchmarkLines(b *testing.B) {
	var base strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&base, "line %d of a long note\n", i)
	}
	bs := base.String()
	ours := strings.Replace(bs, "line 100 of", "line 100 OF", 1)
	theirs := strings.Replace(bs, "line 1900 of", "line 1900 OF", 1)
	for b.Loop() {
		if r := Lines(bs, ours, theirs); !r.Clean() {
			b.Fatal("conflict")
		}
	}
}
