package agent

import (
	"fmt"
	"strconv"
	"strings"

	"secondbrain/backend"
	"secondbrain/backend/merge"
)

// UnifiedDiff returns the unified diff (3 lines of context) that turns
// before into after, with the file names in its header; "" when they are
// equal.
func UnifiedDiff(fromName, toName, before, after string) string {
	if before == after {
		return ""
	}
	ops := merge.Ops(merge.SplitLines(before), merge.SplitLines(after))
	const ctx = 3
	var b strings.Builder
	fmt.Fprintf(&b, "--- %s\n+++ %s\n", fromName, toName)
	// Walk the script, emitting hunks around each run of changes.
	aLine, bLine := make([]int, len(ops)+1), make([]int, len(ops)+1)
	for i, o := range ops {
		aLine[i+1], bLine[i+1] = aLine[i], bLine[i]
		if o.Kind != '+' {
			aLine[i+1]++
		}
		if o.Kind != '-' {
			bLine[i+1]++
		}
	}
	i := 0
	for i < len(ops) {
		if ops[i].Kind == ' ' {
			i++
			continue
		}
		start := max(i-ctx, 0)
		end := i
		for end < len(ops) {
			if ops[end].Kind != ' ' {
				end++
				continue
			}
			// A run of context: end the hunk if it is longer than 2*ctx.
			k := end
			for k < len(ops) && ops[k].Kind == ' ' {
				k++
			}
			if k == len(ops) || k-end > 2*ctx {
				end = min(end+ctx, len(ops))
				break
			}
			end = k
		}
		aCount, bCount := aLine[end]-aLine[start], bLine[end]-bLine[start]
		aStart, bStart := aLine[start]+1, bLine[start]+1
		if aCount == 0 {
			aStart--
		}
		if bCount == 0 {
			bStart--
		}
		fmt.Fprintf(&b, "@@ -%d,%d +%d,%d @@\n", aStart, aCount, bStart, bCount)
		for _, o := range ops[start:end] {
			b.WriteByte(o.Kind)
			b.WriteString(o.Line)
			if !strings.HasSuffix(o.Line, "\n") {
				b.WriteString("\n\\ No newline at end of file\n")
			}
		}
		i = end
	}
	return b.String()
}

// hunk is one @@ section of a patch.
type hunk struct {
	oldStart int
	old, new []string
}

// parsePatch reads the hunks of a unified diff; file headers are skipped.
func parsePatch(patch string) ([]hunk, error) {
	var hunks []hunk
	lines := merge.SplitLines(patch)
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if !strings.HasPrefix(l, "@@") {
			if len(hunks) == 0 || strings.HasPrefix(l, "--- ") || strings.HasPrefix(l, "+++ ") || strings.HasPrefix(l, "diff ") {
				continue
			}
			return nil, fmt.Errorf("line %d is outside a hunk: %q", i+1, strings.TrimRight(l, "\n"))
		}
		var h hunk
		f := strings.Fields(l)
		if len(f) < 3 || !strings.HasPrefix(f[1], "-") {
			return nil, fmt.Errorf("line %d is not a hunk header: %q", i+1, strings.TrimRight(l, "\n"))
		}
		oldRange := strings.SplitN(f[1][1:], ",", 2)
		n, err := strconv.Atoi(oldRange[0])
		if err != nil {
			return nil, fmt.Errorf("line %d: bad hunk start %q", i+1, f[1])
		}
		h.oldStart = n
		last := byte(0)
		for i+1 < len(lines) && !strings.HasPrefix(lines[i+1], "@@") {
			i++
			body := lines[i]
			if strings.HasPrefix(body, `\`) { // "\ No newline at end of file"
				trimLast(&h, last)
				continue
			}
			if body == "\n" { // an empty context line whose space was stripped
				body = " \n"
			}
			text := body[1:]
			last = body[0]
			switch body[0] {
			case ' ':
				h.old, h.new = append(h.old, text), append(h.new, text)
			case '-':
				h.old = append(h.old, text)
			case '+':
				h.new = append(h.new, text)
			default:
				return nil, fmt.Errorf("line %d: a hunk line must start with ' ', '-' or '+': %q", i+1, strings.TrimRight(body, "\n"))
			}
		}
		hunks = append(hunks, h)
	}
	if len(hunks) == 0 {
		return nil, fmt.Errorf("no hunk (@@ -a,b +c,d @@) found")
	}
	return hunks, nil
}

// trimLast drops the newline of the line a "\ No newline" marker
// follows: the last of the side (kind) that line belongs to.
func trimLast(h *hunk, kind byte) {
	if n := len(h.new); n > 0 && kind != '-' {
		h.new[n-1] = strings.TrimSuffix(h.new[n-1], "\n")
	}
	if n := len(h.old); n > 0 && kind != '+' {
		h.old[n-1] = strings.TrimSuffix(h.old[n-1], "\n")
	}
}

// ApplyPatch applies a unified diff to text. Each hunk must match the text
// exactly (its context and removed lines), at its stated line or the
// nearest line where it does. Returns EINVALID when a hunk does not apply:
// nothing is changed then.
func ApplyPatch(text, patch string) (string, error) {
	hunks, err := parsePatch(patch)
	if err != nil {
		return "", backend.Errorf(backend.EINVALID, "the patch cannot be read: %v", err)
	}
	lines := merge.SplitLines(text)
	var out []string
	pos := 0 // next line of text not yet copied
	for k, h := range hunks {
		want := max(h.oldStart-1, 0)
		if len(h.old) == 0 && h.oldStart > 0 {
			want = h.oldStart // a pure insertion goes after line oldStart
		}
		at := -1
		for d := 0; at < 0 && (want-d >= pos || want+d <= len(lines)); d++ {
			for _, c := range []int{want - d, want + d} {
				if c >= pos && c+len(h.old) <= len(lines) && matches(lines[c:], h.old) {
					at = c
					break
				}
			}
		}
		if at < 0 {
			return "", backend.Errorf(backend.EINVALID, "hunk %d of the patch (at line %d) does not apply: the note's lines there differ; read the note again and make a new patch", k+1, h.oldStart)
		}
		out = append(out, lines[pos:at]...)
		out = append(out, h.new...)
		pos = at + len(h.old)
	}
	out = append(out, lines[pos:]...)
	return strings.Join(out, ""), nil
}

// matches reports whether lines starts with want, ignoring a missing final
// newline on the text's last line.
func matches(lines, want []string) bool {
	for i, w := range want {
		if lines[i] != w && strings.TrimSuffix(lines[i], "\n") != strings.TrimSuffix(w, "\n") {
			return false
		}
	}
	return true
}
