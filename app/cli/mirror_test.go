package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type vaultStatusJSON struct {
	Path             string `json:"path"`
	Attached         bool   `json:"attached"`
	LagEvents        int64  `json:"lag_events"`
	Conflicts        int    `json:"conflicts"`
	PendingDeletions int    `json:"pending_deletions"`
	LastError        string `json:"last_error"`
	Issues           []struct {
		Path    string `json:"path"`
		Message string `json:"message"`
	} `json:"issues"`
}

// TestVaultCommands drives `secondbrain vault`: attach, an edit on each
// side synced by `vault sync`, a conflict resolved, a mass deletion held and
// restored, doctor's vault entry, detach, and the refusals.
func TestVaultCommands(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	dd := []string{"--data-dir", data}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.md": "one\ntwo\n", "b.md": "b\n", "c.md": "c\n", "sub/d.md": "d\n"})

	var st vaultStatusJSON
	if code := runJSON(t, &st, append([]string{"vault", "attach", dir}, dd...)...); code != 0 || !st.Attached || st.Path == "" {
		t.Fatalf("attach = %+v (exit %d)", st, code)
	}
	// the app's side: a note made with the CLI reaches the folder on sync
	if _, errOut, code := run(t, append([]string{"note", "new", "--title", "From CLI", "--folder", "x"}, dd...)...); code != 0 {
		t.Fatalf("note new: %s", errOut)
	}
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("one\ntwo edited\n"), 0o644)
	if code := runJSON(t, &st, append([]string{"vault", "sync"}, dd...)...); code != 0 || st.LagEvents != 0 {
		t.Fatalf("sync = %+v (exit %d)", st, code)
	}
	if _, err := os.Stat(filepath.Join(dir, "x", "From CLI.md")); err != nil {
		t.Fatalf("the CLI's note has no file: %v", err)
	}
	out, _, _ := run(t, append([]string{"note", "show", "a"}, dd...)...)
	if !strings.Contains(out, "two edited") {
		t.Fatalf("the file's edit is not in the note: %s", out)
	}
	// a conflict: both sides edit line 1
	var show struct {
		ID      string `json:"id"`
		Version int    `json:"version"`
	}
	runJSON(t, &show, append([]string{"note", "show", "a"}, dd...)...)
	body := filepath.Join(t.TempDir(), "body.md")
	os.WriteFile(body, []byte("ONE app\ntwo edited\n"), 0o644)
	if _, errOut, code := run(t, append([]string{"note", "edit", show.ID, "--body-file", body, "--expect-version", itoa(show.Version)}, dd...)...); code != 0 {
		t.Fatalf("note edit: %s", errOut)
	}
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("ONE file\ntwo edited\n"), 0o644)
	runJSON(t, &st, append([]string{"vault", "sync"}, dd...)...)
	if st.Conflicts != 1 {
		t.Fatalf("after both edited: %+v", st)
	}
	var cs []struct {
		ID           string `json:"id"`
		Path         string `json:"path"`
		ConflictPath string `json:"conflict_path"`
		Created      string `json:"created"`
	}
	if code := runJSON(t, &cs, append([]string{"vault", "conflicts"}, dd...)...); code != 0 || len(cs) != 1 || cs[0].Path != "a.md" || !strings.Contains(cs[0].ConflictPath, "(conflict ") {
		t.Fatalf("conflicts = %+v", cs)
	}
	if _, errOut, code := run(t, append([]string{"vault", "resolve", cs[0].ID, "--keep", "file"}, dd...)...); code != 0 {
		t.Fatalf("resolve: %s", errOut)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a.md")); string(b) != "ONE file\ntwo edited\n" {
		t.Fatalf("after keep file, a.md holds %q", b)
	}
	// a mass deletion waits
	for _, p := range []string{"b.md", "c.md", "sub/d.md"} {
		os.Remove(filepath.Join(dir, p))
	}
	runJSON(t, &st, append([]string{"vault", "sync"}, dd...)...)
	if st.PendingDeletions != 3 {
		t.Fatalf("after rm of 3 of 5: %+v", st)
	}
	text, _, _ := run(t, append([]string{"vault", "status"}, dd...)...)
	if !strings.Contains(text, "3 deletions awaiting confirmation") {
		t.Fatalf("status: %s", text)
	}
	runJSON(t, &st, append([]string{"vault", "confirm-deletions", "--restore"}, dd...)...)
	if b, err := os.ReadFile(filepath.Join(dir, "sub", "d.md")); err != nil || string(b) != "d\n" || st.PendingDeletions != 0 {
		t.Fatalf("restore: %q %v %+v", b, err, st)
	}
	// doctor
	var doc struct {
		Vault map[string]json.RawMessage `json:"vault"`
	}
	runJSON(t, &doc, append([]string{"doctor"}, dd...)...)
	for _, k := range []string{"path", "watching", "lag_events", "pending_external", "conflicts", "last_error"} {
		if _, ok := doc.Vault[k]; !ok {
			t.Errorf("doctor --json vault lacks %q: %v", k, doc.Vault)
		}
	}
	if text, _, _ := run(t, append([]string{"doctor"}, dd...)...); !strings.Contains(text, "vault folder: "+dir) {
		t.Errorf("doctor: %s", text)
	}
	// refusals
	if _, errOut, code := run(t, append([]string{"vault", "attach", "/"}, dd...)...); code != 1 || !strings.Contains(errOut, "refusing") {
		t.Fatalf("attach / = %d %s", code, errOut)
	}
	if _, errOut, code := run(t, append([]string{"vault", "attach", data}, dd...)...); code != 1 || !strings.Contains(errOut, "data dir") {
		t.Fatalf("attach data dir = %d %s", code, errOut)
	}
	if _, _, code := run(t, append([]string{"vault", "resolve", "x"}, dd...)...); code != 2 {
		t.Fatalf("resolve without --keep exits %d", code)
	}
	if code := runJSON(t, &st, append([]string{"vault", "detach"}, dd...)...); code != 0 || st.Attached {
		t.Fatalf("detach = %+v", st)
	}
	if _, err := os.Stat(filepath.Join(dir, "a.md")); err != nil {
		t.Fatal("detach removed files")
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
