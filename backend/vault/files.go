package vault

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
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
	fi, d, err := writeIf(abs, data, nil)
	d.close()
	return fi, err
}

// errChanged is writeIf's answer when ok refused the write.
var errChanged = errors.New("the file changed outside")

// beforeSwap, when set (by tests), runs between writeIf's check and its
// swap: where another program's write would race the mirror's.
var beforeSwap func(abs string)

// errNoExchange is exchange's answer where the system cannot swap files.
var errNoExchange = errors.New("exchange not supported")

// displaced is the file a write replaced, held open: an editor that opened
// it before the replacement may still write to it, and that text must not
// vanish with the file (see Mirror.hold).
type displaced struct {
	f    *os.File    // the replaced file, open for reading
	fi   fs.FileInfo // its stat when the write checked it
	late []byte      // the text of a file renamed over abs after the check
	abs  string
	// wrote is the stat of the file the write put at abs.
	wrote fs.FileInfo
	at    time.Time
}

// changed says whether the displaced file's text may differ from what the
// write checked: a file renamed over it, or an edit made to it since.
func (d *displaced) changed() bool {
	if d.late != nil {
		return true
	}
	now, err := d.f.Stat()
	return err == nil && (now.Size() != d.fi.Size() || !now.ModTime().Equal(d.fi.ModTime()))
}

// settling says whether the displaced file is empty and was changed too
// lately to tell an editor's truncate-then-write from an emptied file.
func (d *displaced) settling() bool {
	if d.late != nil {
		return false
	}
	now, err := d.f.Stat()
	return err == nil && now.Size() == 0 && time.Since(now.ModTime()) < settleTime
}

// text reads the displaced file's text, up to limit bytes.
func (d *displaced) text(limit int64) ([]byte, error) {
	if d.late != nil {
		return d.late, nil
	}
	now, err := d.f.Stat()
	if err != nil {
		return nil, err
	}
	if now.Size() > limit {
		return nil, fmt.Errorf("over the size limit (%d bytes)", now.Size())
	}
	b := make([]byte, now.Size())
	n, err := d.f.ReadAt(b, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return b[:n], nil
}

func (d *displaced) close() {
	if d != nil && d.f != nil {
		d.f.Close()
	}
}

// writeIf is writeAtomic that calls ok just before the swap, when the
// file at abs is known, and writes only if ok says so; when it says no the
// answer is errChanged. It returns the file it replaced, held open, so the
// caller can still find an edit that reached it after the check; on Linux
// the new file is swapped in (renameat2 RENAME_EXCHANGE), so a file another
// program renamed over abs after the check is found too.
func writeIf(abs string, data []byte, ok func() bool) (fs.FileInfo, *displaced, error) {
	dir := filepath.Dir(abs)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, err
	}
	f, err := os.CreateTemp(dir, ".sb-*.tmp")
	if err != nil {
		return nil, nil, err
	}
	tmp := f.Name()
	done := false
	var old *os.File
	defer func() {
		if !done {
			f.Close()
			os.Remove(tmp)
			if old != nil {
				old.Close()
			}
		}
	}()
	if _, err := f.Write(data); err != nil {
		return nil, nil, err
	}
	if err := f.Sync(); err != nil {
		return nil, nil, err
	}
	if err := f.Chmod(0o644); err != nil {
		return nil, nil, err
	}
	if err := f.Close(); err != nil {
		return nil, nil, err
	}
	// Hold the file to be replaced before the check, so the check and the
	// held file are one file.
	var before fs.FileInfo
	if o, err := os.Open(abs); err == nil {
		old = o
		if before, err = old.Stat(); err != nil {
			return nil, nil, err
		}
		if !before.Mode().IsRegular() {
			return nil, nil, fmt.Errorf("%s is not a regular file", abs)
		}
	}
	if ok != nil && !ok() {
		return nil, nil, errChanged
	}
	var d *displaced
	if old != nil {
		if cur, err := os.Lstat(abs); err != nil || !os.SameFile(cur, before) || cur.Size() != before.Size() || !cur.ModTime().Equal(before.ModTime()) {
			return nil, nil, errChanged
		}
		d = &displaced{f: old, fi: before, abs: abs, at: time.Now()}
		if beforeSwap != nil {
			beforeSwap(abs)
		}
		if err := exchange(tmp, abs); err == nil {
			// tmp now names the file that was at abs.
			if gone, err := os.Lstat(tmp); err == nil && !os.SameFile(gone, before) {
				late, err := os.ReadFile(tmp)
				if err != nil {
					exchange(tmp, abs) // put it back rather than lose it
					return nil, nil, errChanged
				}
				d.late = late
			}
			os.Remove(tmp)
		} else if err := os.Rename(tmp, abs); err != nil {
			return nil, nil, err
		}
	} else if err := os.Rename(tmp, abs); err != nil {
		return nil, nil, err
	}
	done = true
	syncDir(dir)
	fi, err := lstat(abs)
	if d != nil {
		d.wrote = fi
	}
	return fi, d, err
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
