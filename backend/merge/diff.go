// Package merge owns line-wise diffs and the three-way merge (diff3) that
// the folder mirror, device sync and agent patches share: two edits of one
// base combine when they touch different lines, and an overlap is reported
// as a conflict, never resolved silently.
package merge

import "strings"

// SplitLines splits text into lines, each keeping its "\n" (the last may
// lack one). The empty text has no lines.
func SplitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// maxDiffCells bounds the LCS table; larger inputs diff as one replacement.
const maxDiffCells = 16 << 20

// Op is one line of an edit script.
type Op struct {
	// Kind is ' ' for a kept line, '-' for a removed one, '+' for an added one.
	Kind byte
	Line string
}

// Ops returns the edit script from a to b: the longest common subsequence
// of lines, after trimming the common prefix and suffix. Inputs whose
// middle parts exceed maxDiffCells differ as one replacement.
func Ops(a, b []string) []Op {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	out := make([]Op, 0, len(a)+len(b)-pre-suf)
	for _, l := range a[:pre] {
		out = append(out, Op{' ', l})
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	n, m := len(ma), len(mb)
	if n*m > maxDiffCells {
		for _, l := range ma {
			out = append(out, Op{'-', l})
		}
		for _, l := range mb {
			out = append(out, Op{'+', l})
		}
	} else {
		// lcs[i][j] is the LCS length of ma[i:] and mb[j:].
		lcs := make([][]int32, n+1)
		for i := range lcs {
			lcs[i] = make([]int32, m+1)
		}
		for i := n - 1; i >= 0; i-- {
			for j := m - 1; j >= 0; j-- {
				if ma[i] == mb[j] {
					lcs[i][j] = lcs[i+1][j+1] + 1
				} else {
					lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
				}
			}
		}
		i, j := 0, 0
		for i < n || j < m {
			switch {
			case i < n && j < m && ma[i] == mb[j]:
				out = append(out, Op{' ', ma[i]})
				i, j = i+1, j+1
			case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
				out = append(out, Op{'-', ma[i]})
				i++
			default:
				out = append(out, Op{'+', mb[j]})
				j++
			}
		}
	}
	for _, l := range a[len(a)-suf:] {
		out = append(out, Op{' ', l})
	}
	return out
}

// hunk is one change of an edit: base lines [start, end) become lines.
type hunk struct {
	start, end int
	lines      []string
}

// hunks groups the edit script from base to other into changed regions.
func hunks(base, other []string) []hunk {
	var out []hunk
	i := 0 // position in base
	var cur *hunk
	for _, op := range Ops(base, other) {
		switch op.Kind {
		case ' ':
			cur = nil
			i++
		case '-':
			if cur == nil {
				out = append(out, hunk{start: i, end: i})
				cur = &out[len(out)-1]
			}
			cur.end++
			i++
		case '+':
			if cur == nil {
				out = append(out, hunk{start: i, end: i})
				cur = &out[len(out)-1]
			}
			cur.lines = append(cur.lines, op.Line)
		}
	}
	return out
}
