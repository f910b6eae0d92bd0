package vault

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode"
)

// markerName is the file that ties a folder to one vault.
const markerName = ".secondbrain-vault"

func hashOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// idInfo is a FileInfo with the file's identity: its inode mixed with
// its birth time, so that a new file reusing a freed inode is not taken
// for the old one moved.
type idInfo struct {
	fs.FileInfo
	id uint64
}

// lstat is os.Lstat with the file's identity.
func lstat(abs string) (fs.FileInfo, error) {
	fi, err := os.Lstat(abs)
	if err != nil {
		return nil, err
	}
	id := fileID(abs, fi)
	return idInfo{fi, id}, nil
}

func inodeOf(fi fs.FileInfo) uint64 {
	if x, ok := fi.(idInfo); ok {
		return x.id
	}
	return 0
}

// sameStat says whether fi is the file e recorded, by size, mtime and inode.
func sameStat(e *entry, fi fs.FileInfo) bool {
	return e.Size == fi.Size() && e.Mtime == fi.ModTime().UnixNano() && (e.Inode == 0 || inodeOf(fi) == 0 || e.Inode == inodeOf(fi))
}

func stamp(e *entry, fi fs.FileInfo) {
	e.Size, e.Mtime, e.Inode = fi.Size(), fi.ModTime().UnixNano(), inodeOf(fi)
}

// writeAtomic writes data to abs through a temporary file in the same
// folder: written, flushed, renamed over abs, and the folder flushed, so a
// crash leaves the old file or the new one, never a part.
func writeAtomic(abs string, data []byte) (fs.FileInfo, error) {
	return writeIf(abs, data, nil)
}

// errChanged is writeIf's answer when ok refused the write.
var errChanged = errors.New("the file changed meanwhile")

// writeIf is writeAtomic that calls ok just before the rename, when the
// bytes are already on disk, and writes nothing when it returns false: the
// window in which an outside write can be replaced shrinks to the rename.
func writeIf(abs string, data []byte, ok func() bool) (fs.FileInfo, error) {
	dir := filepath.Dir(abs)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, ".sb-*.tmp")
	if err != nil {
		return nil, err
	}
	tmp := f.Name()
	done := false
	defer func() {
		if !done {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err := f.Write(data); err != nil {
		return nil, err
	}
	if err := f.Sync(); err != nil {
		return nil, err
	}
	if err := f.Chmod(0o644); err != nil {
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	if ok != nil && !ok() {
		return nil, errChanged
	}
	if err := os.Rename(tmp, abs); err != nil {
		return nil, err
	}
	done = true
	syncDir(dir)
	return lstat(abs)
}

func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}

// moveFile renames from to to, making to's folder; it never replaces a file.
func moveFile(from, to string) error {
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	if _, err := lstat(to); err == nil {
		return fmt.Errorf("%s already exists", to)
	}
	if err := os.Rename(from, to); err != nil {
		return err
	}
	syncDir(filepath.Dir(to))
	if filepath.Dir(from) != filepath.Dir(to) {
		syncDir(filepath.Dir(from))
	}
	return nil
}

// freeName returns rel, or "name (N).ext" beside it, whichever no file
// under root holds.
func freeName(root, rel string) string {
	ext := path.Ext(rel)
	stem := strings.TrimSuffix(rel, ext)
	for i := 1; ; i++ {
		c := rel
		if i > 1 {
			c = fmt.Sprintf("%s (%d)%s", stem, i, ext)
		}
		if _, err := lstat(filepath.Join(root, filepath.FromSlash(c))); os.IsNotExist(err) {
			return c
		}
	}
}

// windowsReserved are the device names Windows refuses as file names.
var windowsReserved = map[string]bool{"CON": true, "PRN": true, "AUX": true, "NUL": true,
	"COM1": true, "COM2": true, "COM3": true, "COM4": true, "COM5": true, "COM6": true, "COM7": true, "COM8": true, "COM9": true,
	"LPT1": true, "LPT2": true, "LPT3": true, "LPT4": true, "LPT5": true, "LPT6": true, "LPT7": true, "LPT8": true, "LPT9": true}

// nameProblem says why a vault-relative path cannot be a note's (a name
// Windows refuses, spaces a title cannot keep), "" when it can.
func nameProblem(rel string) string {
	parts := strings.Split(rel, "/")
	for i, p := range parts {
		if strings.ContainsAny(p, `<>:"|?*\`) {
			return fmt.Sprintf("the name %q has a character Windows refuses (<>:\"|?*\\); rename the file to sync it", p)
		}
		if strings.IndexFunc(p, unicode.IsControl) >= 0 {
			return fmt.Sprintf("the name %q has a control character; rename the file to sync it", p)
		}
		stem := p
		if i == len(parts)-1 {
			stem = strings.TrimSuffix(p, path.Ext(p))
		}
		if windowsReserved[strings.ToUpper(strings.SplitN(stem, ".", 2)[0])] {
			return fmt.Sprintf("the name %q is a device name on Windows; rename the file to sync it", p)
		}
		if strings.HasSuffix(p, ".") || strings.HasSuffix(p, " ") || strings.TrimSpace(stem) != stem || stem == "" {
			return fmt.Sprintf("the name %q starts or ends with a space or dot, which note titles and Windows cannot keep; rename the file to sync it", p)
		}
		if len(p) > 255 {
			return fmt.Sprintf("the name %q is longer than 255 bytes", p)
		}
	}
	return ""
}

// isMarkdown says whether a file name is a note's.
func isMarkdown(name string) bool {
	return strings.EqualFold(path.Ext(name), ".md")
}

// titleFolder splits a note path into its title and folder.
func titleFolder(rel string) (title, folder string) {
	dir, name := path.Split(rel)
	return strings.TrimSuffix(name, path.Ext(name)), strings.TrimSuffix(dir, "/")
}

// conflictName is the conflict copy's path for a note's file.
func conflictName(rel string, at string) string {
	title, folder := titleFolder(rel)
	name := fmt.Sprintf("%s (conflict %s).md", title, at)
	if folder == "" {
		return name
	}
	return folder + "/" + name
}
