package exporter

import (
	"context"
	"fmt"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/google/uuid"
	"golang.org/x/text/unicode/norm"

	"secondbrain/backend"
	"secondbrain/backend/markdown"
)

// item is one file of the export: a note or an attachment, with its path in
// the vault and the path it is written at.
type item struct {
	note bool
	id   uuid.UUID
	path string // in the vault
	out  string // in the export
}

// plan is where every file of an export goes, decided before anything is
// written.
type plan struct {
	notes map[uuid.UUID]string // note id → export path
	atts  []item               // in the order Source.Attachments gave them
	// renamedNotes and renamedAtts map the ids of what is written under a
	// new path to that path.
	renamedNotes map[uuid.UUID]string
	renamedAtts  map[uuid.UUID]item
	renamed      []Renamed
	// top holds the folded names at the top of the export.
	top map[string]bool
}

// fold is the key under which a disk may hold only one name: case-insensitive
// disks (Windows, macOS by default) compare letters by simple case mapping,
// and macOS stores names decomposed, so "Café", "café" and "cafe\u0301"
// are one name there. The mapping goes up and down so that letters with
// several lower-case forms (σ, ς) meet.
func fold(s string) string {
	return strings.ToLower(strings.ToUpper(norm.NFC.String(s)))
}

// makePlan gives every note and attachment a path that no other file or
// folder of the export takes on any disk, in a way that depends only on the
// paths: notes before attachments, each in byte order of its path. A file
// keeps its vault path unless a folder has the same name (the file moves:
// moving the folder would move everything in it) or an earlier file has the
// same name on a case-insensitive disk; then it gets the first free
// "name (N).ext" in the same folder, reported in renamed. A free name is
// also one that no other note (or attachment) has in any folder, so a
// link naming it by its bare name resolves to it and to nothing else.
func makePlan(notes, atts []item) (*plan, error) {
	all := make([]*item, 0, len(notes)+len(atts))
	for _, list := range [][]item{notes, atts} {
		for i := range list {
			it := &list[i]
			local := filepath.FromSlash(it.path)
			if it.path == "" || !filepath.IsLocal(local) || strings.HasPrefix(it.path, "/") {
				return nil, backend.Errorf(backend.EINVALID, "refusing to export %q: the path leaves the export folder", it.path)
			}
			it.out = path.Clean(it.path)
			all = append(all, it)
		}
	}
	// Sorted once: notes first, then by path, then by id for the same path.
	sort.SliceStable(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if a.note != b.note {
			return a.note
		}
		if a.out != b.out {
			return a.out < b.out
		}
		return a.id.String() < b.id.String()
	})
	dirs := map[string]string{} // folded folder path → its first spelling
	for _, it := range all {
		for d := path.Dir(it.out); d != "."; d = path.Dir(d) {
			k := fold(d)
			if prev, ok := dirs[k]; !ok || d < prev {
				dirs[k] = d
			}
		}
	}
	claimed := map[string]string{}                         // folded file path → the path that has it
	names := map[bool]map[string]bool{true: {}, false: {}} // folded file names of notes, of attachments
	for _, it := range all {
		names[it.note][fold(path.Base(it.out))] = true
	}
	var losers []*item
	reasons := map[*item]string{}
	for _, it := range all {
		k := fold(it.out)
		if d, ok := dirs[k]; ok {
			losers = append(losers, it)
			reasons[it] = fmt.Sprintf("the folder %q has the same name, and a file and a folder cannot share one", d+"/")
			continue
		}
		if winner, ok := claimed[k]; ok {
			losers = append(losers, it)
			reasons[it] = sameNameReason(winner, it.out)
			continue
		}
		claimed[k] = it.out
	}
	p := &plan{
		notes:        make(map[uuid.UUID]string, len(notes)),
		renamedNotes: map[uuid.UUID]string{},
		renamedAtts:  map[uuid.UUID]item{},
		renamed:      []Renamed{},
		top:          map[string]bool{},
	}
	for _, it := range losers {
		it.out = freeName(it.out, claimed, dirs, names[it.note])
		claimed[fold(it.out)] = it.out
		names[it.note][fold(path.Base(it.out))] = true
		p.renamed = append(p.renamed, Renamed{Path: it.path, NewPath: it.out, Reason: reasons[it]})
		if it.note {
			p.renamedNotes[it.id] = it.out
		} else {
			p.renamedAtts[it.id] = *it
		}
	}
	for _, it := range notes {
		p.notes[it.id] = it.out
	}
	p.atts = atts
	for _, it := range all {
		p.top[fold(strings.SplitN(it.out, "/", 2)[0])] = true
	}
	return p, nil
}

// sameNameReason says why loser cannot sit beside winner.
func sameNameReason(winner, loser string) string {
	switch {
	case winner == loser:
		return fmt.Sprintf("a note has the same path %q", winner)
	case norm.NFC.String(winner) == norm.NFC.String(loser):
		return fmt.Sprintf("differs from %q only in how its accented letters are encoded (Unicode normalization), which macOS disks cannot hold side by side", winner)
	default:
		return fmt.Sprintf("differs from %q only in letter case, which most disks cannot hold side by side", winner)
	}
}

// freeName returns "name (N).ext" in p's folder for the smallest N ≥ 2 that
// neither a file nor a folder of the export takes, and that is not among
// names (folded file names) in any folder.
func freeName(p string, claimed, dirs map[string]string, names map[string]bool) string {
	dir, name := path.Split(p)
	ext := path.Ext(name)
	base := strings.TrimSuffix(name, ext)
	if base == "" { // ".hidden"
		base, ext = name, ""
	}
	for n := 2; ; n++ {
		cand := fmt.Sprintf("%s%s (%d)%s", dir, base, n, ext)
		k := fold(cand)
		if _, ok := claimed[k]; ok {
			continue
		}
		if _, ok := dirs[k]; ok {
			continue
		}
		if names[fold(path.Base(cand))] {
			continue
		}
		return cand
	}
}

// linkers returns the notes that link to a note the export renames.
func (p *plan) linkers(ctx context.Context, src Source) (map[uuid.UUID]bool, error) {
	out := map[uuid.UUID]bool{}
	for id := range p.renamedNotes {
		backs, err := src.Backlinks(ctx, id)
		if err != nil {
			return nil, err
		}
		for _, b := range backs {
			out[b.SourceID] = true
		}
	}
	return out, nil
}

// mayLinkRenamedAttachment reports whether body may link to an attachment
// the export renames: whether it names one's file name, as written or
// percent-encoded. It spares the link lookup for every other note.
func (p *plan) mayLinkRenamedAttachment(body string) bool {
	if len(p.renamedAtts) == 0 {
		return false
	}
	lower := strings.ToLower(body)
	for _, a := range p.renamedAtts {
		name := strings.ToLower(path.Base(a.path))
		if strings.Contains(lower, name) || strings.Contains(lower, strings.ReplaceAll(name, " ", "%20")) {
			return true
		}
	}
	return false
}

// relink returns body with its links to renamed notes and attachments
// pointed at their new paths; links is the note's resolved links, as the
// store has them.
func (p *plan) relink(body, srcPath string, links []backend.ResolvedLink) string {
	byPos := map[int]backend.ResolvedLink{}
	for _, l := range links {
		if l.Rel != "" {
			continue // a front-matter relation: not a link of the body
		}
		_, note := p.renamedNotes[l.TargetID]
		_, att := p.renamedAtts[l.AttachmentID]
		if (note && l.TargetID != uuid.Nil) || (att && l.AttachmentID != uuid.Nil) {
			byPos[l.Position] = l
		}
	}
	if len(byPos) == 0 {
		return body
	}
	return markdown.RewriteLinks(body, func(l markdown.Link) (string, bool) {
		rl, ok := byPos[l.Start]
		if !ok || rl.Target != l.Target || rl.Kind != string(l.Kind) {
			return "", false
		}
		if np, ok := p.renamedNotes[rl.TargetID]; ok {
			return retarget(l.Target, rl.Kind, srcPath, np, true), true
		}
		return retarget(l.Target, rl.Kind, srcPath, p.renamedAtts[rl.AttachmentID].out, false), true
	})
}

// retarget returns the link target naming newPath from the note at srcPath,
// written the way old was: a relative path for Markdown links and "./"
// targets, a vault path for "/" targets and wikilinks with a folder, the
// bare name for wikilinks without one (a free name is unique in the whole
// export). ".md" is kept only if old had it. Each form resolves to newPath
// on import.
func retarget(old, kind, srcPath, newPath string, note bool) string {
	t := strings.ReplaceAll(old, `\`, "/")
	np := newPath
	if note && strings.EqualFold(path.Ext(np), ".md") && !strings.EqualFold(path.Ext(t), ".md") {
		np = np[:len(np)-3]
	}
	srcDir := path.Dir(srcPath)
	switch {
	case strings.HasPrefix(t, "/"):
		return "/" + np
	case kind == string(markdown.KindMarkdown) || strings.HasPrefix(t, "./") || strings.HasPrefix(t, "../"):
		return relPath(srcDir, np)
	case !strings.Contains(t, "/"):
		return path.Base(np)
	default:
		return np
	}
}

// relPath returns the slash path to "to" from the folder fromDir ("." for
// the top), both relative to the export.
func relPath(fromDir, to string) string {
	var from []string
	if fromDir != "." {
		from = strings.Split(fromDir, "/")
	}
	parts := strings.Split(to, "/")
	i := 0
	for i < len(from) && i < len(parts)-1 && from[i] == parts[i] {
		i++
	}
	return strings.Repeat("../", len(from)-i) + strings.Join(parts[i:], "/")
}
