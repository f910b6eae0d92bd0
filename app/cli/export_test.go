package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type exportJSON struct {
	Path        string   `json:"path"`
	Notes       int      `json:"notes"`
	Attachments int      `json:"attachments"`
	Bytes       int64    `json:"bytes"`
	Missing     []string `json:"missing_attachments"`
	Renamed     []struct {
		Path    string `json:"path"`
		NewPath string `json:"new_path"`
		Reason  string `json:"reason"`
	} `json:"renamed"`
	DurationMS *int64 `json:"duration_ms"`
}

// TestExportRenamesAFileWithAFoldersName: a note x.md beside the folder
// x.md/ of another note is exported as "x (2).md", listed in --json's
// renamed, and the links to it follow; the text output lists it too.
func TestExportRenamesAFileWithAFoldersName(t *testing.T) {
	dd := []string{"--data-dir", filepath.Join(t.TempDir(), "data")}
	body := filepath.Join(t.TempDir(), "body.md")
	os.WriteFile(body, []byte("see [[x]]\n"), 0o644)
	for _, args := range [][]string{
		{"note", "new", "--title", "x"},
		{"note", "new", "--title", "y", "--folder", "x.md"},
		{"note", "new", "--title", "a", "--body-file", body},
	} {
		if _, stderr, code := run(t, append(args, dd...)...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}

	out := filepath.Join(t.TempDir(), "export")
	var rep exportJSON
	if code := runJSON(t, &rep, append([]string{"export", out}, dd...)...); code != 0 {
		t.Fatalf("export exit %d: %+v", code, rep)
	}
	if rep.Path != out || rep.Notes != 3 || rep.Missing == nil || rep.DurationMS == nil ||
		len(rep.Renamed) != 1 || rep.Renamed[0].Path != "x.md" || rep.Renamed[0].NewPath != "x (2).md" || !strings.Contains(rep.Renamed[0].Reason, "folder") {
		t.Fatalf("export --json = %+v; want 3 notes and x.md renamed to \"x (2).md\" for the folder", rep)
	}
	for p, want := range map[string]string{"a.md": "see [[x (2)]]\n", "x (2).md": "", "x.md/y.md": ""} {
		got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p)))
		if err != nil || string(got) != want {
			t.Errorf("%s = %q, %v; want %q", p, got, err, want)
		}
	}

	text, stderr, code := run(t, append([]string{"export", filepath.Join(t.TempDir(), "again")}, dd...)...)
	if code != 0 || !strings.Contains(text, "exported 3 notes") || !strings.Contains(text, "renamed x.md → x (2).md: ") {
		t.Errorf("export = %q (exit %d, stderr %q); want the count and the renamed note", text, code, stderr)
	}
	if _, _, code := run(t, append([]string{"export", out}, dd...)...); code == 0 {
		t.Errorf("a second export into the same folder succeeded; want it refused")
	}
}
