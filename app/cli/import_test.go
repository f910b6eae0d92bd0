package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type importJSON struct {
	Root         string   `json:"root"`
	Notes        int      `json:"notes"`
	Created      int      `json:"created"`
	Updated      int      `json:"updated"`
	Unchanged    int      `json:"unchanged"`
	UpdatedPaths []string `json:"updated_paths"`
	OnExisting   string   `json:"on_existing"`
	Skipped      []struct {
		Path   string `json:"path"`
		Reason string `json:"reason"`
	} `json:"skipped"`
	Renamed []struct {
		Path    string `json:"path"`
		NewPath string `json:"new_path"`
		Reason  string `json:"reason"`
	} `json:"renamed"`
}

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestImportCommand drives `secondbrain import`: a vault reached through a
// symlink, importing over existing notes (overwrite lists what it replaced,
// --on-existing keep-both keeps both) and a bad --on-existing.
func TestImportCommand(t *testing.T) {
	dd := []string{"--data-dir", filepath.Join(t.TempDir(), "data")}
	base := t.TempDir()
	vault := filepath.Join(base, "vault")
	writeFiles(t, vault, map[string]string{"Note.md": "old text", "sub/Other.md": "see [[Note]]"})
	link := filepath.Join(base, "link to vault")
	if err := os.Symlink(vault, link); err != nil {
		t.Fatal(err)
	}

	var first importJSON
	if code := runJSON(t, &first, append([]string{"import", link}, dd...)...); code != 0 || first.Notes != 2 || first.Created != 2 || len(first.Skipped) != 0 {
		t.Fatalf("import through a symlink = %+v (exit %d); want 2 notes created, none skipped", first, code)
	}
	if first.UpdatedPaths == nil || len(first.UpdatedPaths) != 0 || first.OnExisting != "overwrite" {
		t.Fatalf("first import: updated_paths %v, on_existing %q; want [] and overwrite", first.UpdatedPaths, first.OnExisting)
	}

	writeFiles(t, vault, map[string]string{"Note.md": "new text"})
	var over importJSON
	if code := runJSON(t, &over, append([]string{"import", vault}, dd...)...); code != 0 || over.Updated != 1 ||
		strings.Join(over.UpdatedPaths, ",") != "Note.md" {
		t.Fatalf("overwrite = %+v (exit %d); want Note.md updated and listed", over, code)
	}

	writeFiles(t, vault, map[string]string{"Note.md": "newer text"})
	var both importJSON
	if code := runJSON(t, &both, append([]string{"import", vault, "--on-existing", "keep-both"}, dd...)...); code != 0 ||
		both.Updated != 0 || both.Created != 1 || both.OnExisting != "keep-both" ||
		len(both.Renamed) != 1 || both.Renamed[0].Path != "Note.md" || both.Renamed[0].NewPath != "Note (2).md" {
		t.Fatalf("keep-both = %+v (exit %d); want Note.md imported as Note (2).md, nothing updated", both, code)
	}
	var kept noteJSON
	if code := runJSON(t, &kept, append([]string{"note", "show", "Note.md"}, dd...)...); code != 0 || kept.Body != "new text" {
		t.Fatalf("Note.md after keep-both = %+v (exit %d); want the text before it", kept, code)
	}

	out, _, code := run(t, append([]string{"import", vault, "--on-existing", "keep-both"}, dd...)...)
	if code != 0 || !strings.Contains(out, "0 new, 0 updated, 2 unchanged") || !strings.Contains(out, "renamed Note.md → Note (2).md") {
		t.Fatalf("plain keep-both again: exit %d, stdout %q; want all unchanged and the rename listed", code, out)
	}
	writeFiles(t, vault, map[string]string{"sub/Other.md": "changed"})
	out, _, code = run(t, append([]string{"import", vault, "--quiet"}, dd...)...)
	if code != 0 || !strings.Contains(out, "  updated sub/Other.md") {
		t.Fatalf("plain overwrite: exit %d, stdout %q; want the updated note listed", code, out)
	}

	var bad errorJSON
	if code := runJSON(t, &bad, append([]string{"import", vault, "--on-existing", "merge"}, dd...)...); code != 2 || bad.Error.Code != "invalid" ||
		!strings.Contains(bad.Error.Message, "keep-both") {
		t.Fatalf("--on-existing merge = %+v (exit %d); want a usage error naming the choices", bad, code)
	}
}
