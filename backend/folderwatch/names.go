// Package folderwatch watches a vault folder for changes made outside the
// app: it reports which paths changed once writes settle, asks for a full
// rescan when events may have been missed, and knows which names are never
// synced (editor swap files, sync tools' temp files, dot-folders) and which
// are a sync tool's conflict copies.
package folderwatch

import (
	"path"
	"regexp"
	"strings"
)

// tempSuffixes end the names of files that editors and sync tools write
// while they work and remove or rename afterwards.
var tempSuffixes = []string{
	"~", ".swp", ".swo", ".swx", ".tmp", ".temp", ".part", ".partial",
	".crdownload", ".download", ".icloud", ".bak",
}

// Ignored reports whether a path relative to the vault root is never
// synced: anything inside a dot-folder (.obsidian/, .trash/, .git/,
// .stfolder/…), dot-files other than notes named only with dots ("..md",
// as the importer keeps them), editor swap and backup files (x.swp, x~,
// .#x, #x#, vim's 4913), and sync tools' temp files (.syncthing.x.tmp,
// ~$x, x.icloud, .dropbox*).
func Ignored(rel string) bool {
	rel = strings.Trim(strings.ReplaceAll(rel, "\\", "/"), "/")
	if rel == "" || rel == "." {
		return false
	}
	parts := strings.Split(rel, "/")
	for i, p := range parts {
		last := i == len(parts)-1
		if strings.HasPrefix(p, ".") && !(last && isDotNote(p)) {
			return true
		}
	}
	name := parts[len(parts)-1]
	lower := strings.ToLower(name)
	for _, s := range tempSuffixes {
		if strings.HasSuffix(lower, s) {
			return true
		}
	}
	switch {
	case strings.HasPrefix(name, "~$"), strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"):
		return true
	case name == "4913": // vim probes whether it may write a directory
		return true
	}
	return false
}

// isDotNote reports a Markdown file named only with dots ("..md").
func isDotNote(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return (ext == ".md" || ext == ".markdown") && strings.Trim(strings.TrimSuffix(name, path.Ext(name)), ".") == ""
}

var conflictCopy = []*regexp.Regexp{
	// Syncthing: "x.sync-conflict-20261201-101010-ABCDEFG.md".
	regexp.MustCompile(`^(.*)\.sync-conflict-\d{8}-\d{6}(?:-[A-Z0-9]{7})?(\.[^./]*)?$`),
	// Dropbox, Nextcloud, ownCloud: "x (conflicted copy 2026-12-01).md",
	// "x (Ada's conflicted copy 2026-12-01).md",
	// "x (conflicted copy 2026-12-01 101010).md".
	regexp.MustCompile(`^(.*?) \((?:[^()]*'s )?conflicted copy[^()]*\)(\.[^./]*)?$`),
	// Resilio and others: "x (conflict 2026-12-01).md"; also our own
	// conflict copies are not this shape (they say "(conflict YYYY-MM-DD HHMM)"
	// and are notes the user keeps), so only the dated-with-seconds form.
	regexp.MustCompile(`^(.*?) \(Conflict \d{4}-\d{2}-\d{2} \d{2}-\d{2}-\d{2}\)(\.[^./]*)?$`),
}

// IsConflictCopy reports whether rel is a sync tool's conflict copy of
// another file, and that file's path relative to the same root.
func IsConflictCopy(rel string) (original string, ok bool) {
	rel = strings.ReplaceAll(rel, "\\", "/")
	dir, name := path.Split(rel)
	for _, re := range conflictCopy {
		if m := re.FindStringSubmatch(name); m != nil && m[1] != "" {
			return dir + m[1] + m[2], true
		}
	}
	return "", false
}
