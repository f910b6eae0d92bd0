package merge

import (
	"slices"
	"strings"
)

// Result is the outcome of a three-way merge.
type Result struct {
	// Text is the merged text. In a conflicting region it holds ours.
	Text string
	// Conflicts are the regions both sides changed differently, in order.
	Conflicts []Conflict
}

// Clean reports whether the merge had no conflicts.
func (r Result) Clean() bool { return len(r.Conflicts) == 0 }

// Conflict is a region of the base that both sides changed differently.
type Conflict struct {
	// BaseStart and BaseEnd are the 0-based line range [start, end) of the
	// base that the region covers (equal for two insertions at one place).
	BaseStart, BaseEnd int
	// Ours and Theirs are the region's text on each side.
	Ours, Theirs string
}

// sided is a hunk with the side it came from.
type sided struct {
	hunk
	theirs bool
}

// Lines merges two edits of base line by line (diff3). Changes to different
// lines combine; where both sides changed overlapping lines — or inserted at
// the same place, or one inserted right at the edge of the other's change —
// differently, the result keeps ours for that region and reports a
// Conflict. Identical changes on both sides are taken once.
func Lines(base, ours, theirs string) Result {
	if ours == theirs {
		return Result{Text: ours}
	}
	if base == ours {
		return Result{Text: theirs}
	}
	if base == theirs {
		return Result{Text: ours}
	}
	b := SplitLines(base)
	var all []sided
	for _, h := range hunks(b, SplitLines(ours)) {
		all = append(all, sided{h, false})
	}
	for _, h := range hunks(b, SplitLines(theirs)) {
		all = append(all, sided{h, true})
	}
	slices.SortStableFunc(all, func(x, y sided) int {
		if x.start != y.start {
			return x.start - y.start
		}
		return x.end - y.end
	})

	var out strings.Builder
	var res Result
	pos := 0 // next base line to copy
	for k := 0; k < len(all); {
		// A cluster is a run of hunks whose base ranges overlap, or touch
		// where one of them is an insertion (their order is then unknown).
		start, end := all[k].start, all[k].end
		emptyAtEnd := all[k].start == all[k].end
		n := k + 1
		for n < len(all) {
			h := all[n]
			if h.start < end || (h.start == end && (h.start == h.end || emptyAtEnd)) {
				if h.end > end {
					end, emptyAtEnd = h.end, false
				}
				if h.start == h.end && h.start == end {
					emptyAtEnd = true
				}
				n++
				continue
			}
			break
		}
		for _, l := range b[pos:start] {
			out.WriteString(l)
		}
		group := all[k:n]
		mine := apply(b, start, end, group, false)
		other := apply(b, start, end, group, true)
		switch {
		case !hasSide(group, true):
			out.WriteString(mine)
		case !hasSide(group, false):
			out.WriteString(other)
		case mine == other:
			out.WriteString(mine)
		default:
			out.WriteString(mine)
			res.Conflicts = append(res.Conflicts, Conflict{BaseStart: start, BaseEnd: end, Ours: mine, Theirs: other})
		}
		pos = end
		k = n
	}
	for _, l := range b[pos:] {
		out.WriteString(l)
	}
	res.Text = out.String()
	return res
}

// hasSide reports whether group has a hunk of the given side.
func hasSide(group []sided, theirs bool) bool {
	for _, h := range group {
		if h.theirs == theirs {
			return true
		}
	}
	return false
}

// apply returns base lines [start, end) with one side's hunks of group
// applied.
func apply(base []string, start, end int, group []sided, theirs bool) string {
	var sb strings.Builder
	pos := start
	for _, h := range group {
		if h.theirs != theirs {
			continue
		}
		for _, l := range base[pos:h.start] {
			sb.WriteString(l)
		}
		for _, l := range h.lines {
			sb.WriteString(l)
		}
		pos = h.end
	}
	for _, l := range base[pos:end] {
		sb.WriteString(l)
	}
	return sb.String()
}
