package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"secondbrain/app/cli"
	"secondbrain/backend/pgserver/pgtest"
)

func TestMain(m *testing.M) {
	if os.Getenv(cliHelperEnv) != "" {
		os.Exit(cli.Run(context.Background(), "dev", os.Args[1:], os.Stdout, os.Stderr))
	}
	// Clusters of tests stop with their last command, not a minute later.
	os.Setenv("SECONDBRAIN_PG_IDLE", "0")
	pgtest.Main(m)
}

// run executes the CLI in-process and returns stdout, stderr and the exit code.
func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Run(context.Background(), "dev", args, &out, &errOut)
	return out.String(), errOut.String(), code
}

// runJSON runs a --json command and decodes its output into v.
func runJSON(t *testing.T, v any, args ...string) int {
	t.Helper()
	out, stderr, code := run(t, append(args, "--json")...)
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("%v: output is not one JSON document: %v\nstdout: %s\nstderr: %s", args, err, out, stderr)
	}
	return code
}

type noteJSON struct {
	ID        string  `json:"id"`
	Title     string  `json:"title"`
	Path      string  `json:"path"`
	Body      string  `json:"body"`
	Version   int     `json:"version"`
	UpdatedAt string  `json:"updated_at"`
	TrashedAt *string `json:"trashed_at"`
}

type errorJSON struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// TestNoteCommandsEmbedded drives the JSON contract end to end on the
// embedded cluster in a fresh data dir.
func TestNoteCommandsEmbedded(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	dd := []string{"--data-dir", dir}
	bodyFile := filepath.Join(t.TempDir(), "body.md")
	os.WriteFile(bodyFile, []byte("# Hello\nSee [[Other]]\n"), 0o644)

	var created noteJSON
	if code := runJSON(t, &created, append([]string{"note", "new", "--title", "Hello World", "--body-file", bodyFile}, dd...)...); code != 0 {
		t.Fatalf("note new exit %d", code)
	}
	if created.ID == "" || created.Title != "Hello World" || created.Path != "Hello World.md" || created.Version != 1 || created.Body != "# Hello\nSee [[Other]]\n" {
		t.Fatalf("note new = %+v", created)
	}
	var shown noteJSON
	if code := runJSON(t, &shown, append([]string{"note", "show", "hello world"}, dd...)...); code != 0 || shown.ID != created.ID || shown.UpdatedAt == "" {
		t.Fatalf("note show by title = %+v (exit %d); want %s", shown, code, created.ID)
	}
	os.WriteFile(bodyFile, []byte("edited"), 0o644)
	var edited noteJSON
	if code := runJSON(t, &edited, append([]string{"note", "edit", created.ID, "--body-file", bodyFile, "--expect-version", "1"}, dd...)...); code != 0 || edited.Version != 2 || edited.Body != "edited" {
		t.Fatalf("note edit = %+v (exit %d); want version 2", edited, code)
	}
	var stale errorJSON
	if code := runJSON(t, &stale, append([]string{"note", "edit", created.ID, "--body-file", bodyFile, "--expect-version", "1"}, dd...)...); code == 0 || stale.Error.Code != "conflict" || stale.Error.Message == "" {
		t.Fatalf("stale edit = %+v (exit %d); want a conflict error and a non-zero exit", stale, code)
	}
	var list struct {
		Notes []noteJSON `json:"notes"`
		Total int        `json:"total"`
	}
	if code := runJSON(t, &list, append([]string{"note", "list"}, dd...)...); code != 0 || list.Total != 1 || list.Notes[0].ID != created.ID || list.Notes[0].Body != "" {
		t.Fatalf("note list = %+v (exit %d)", list, code)
	}
	var hist struct {
		Versions []struct {
			Version int    `json:"version"`
			Kind    string `json:"kind"`
		} `json:"versions"`
	}
	if code := runJSON(t, &hist, append([]string{"note", "history", created.ID}, dd...)...); code != 0 || len(hist.Versions) != 2 || hist.Versions[0].Version != 2 {
		t.Fatalf("note history = %+v (exit %d)", hist, code)
	}
	var missing errorJSON
	if code := runJSON(t, &missing, append([]string{"note", "show", "No Such Note"}, dd...)...); code != 1 || missing.Error.Code != "not_found" {
		t.Fatalf("show missing = %+v (exit %d); want not_found, exit 1", missing, code)
	}
	var doctor struct {
		Postgres struct {
			OK      bool   `json:"ok"`
			Mode    string `json:"mode"`
			Version string `json:"version"`
			DataDir string `json:"data_dir"`
		} `json:"postgres"`
	}
	if code := runJSON(t, &doctor, append([]string{"doctor"}, dd...)...); code != 0 || !doctor.Postgres.OK || doctor.Postgres.Mode != "embedded" ||
		!strings.HasPrefix(doctor.Postgres.Version, "15") || doctor.Postgres.DataDir != dir {
		t.Fatalf("doctor = %+v (exit %d); want ok embedded 15.x in %s", doctor, code, dir)
	}
	// Plain output: one line on stderr, non-zero exit.
	out, stderr, code := run(t, append([]string{"note", "edit", created.ID, "--body-file", bodyFile, "--expect-version", "1"}, dd...)...)
	if code != 1 || out != "" || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, "changed elsewhere") {
		t.Fatalf("plain stale edit: exit %d, stdout %q, stderr %q; want exit 1 and one line on stderr", code, out, stderr)
	}
}

// TestExternalPostgres runs against a configured server instead of the embedded cluster.
func TestExternalPostgres(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	var doctor struct {
		Postgres struct {
			OK   bool   `json:"ok"`
			Mode string `json:"mode"`
		} `json:"postgres"`
	}
	if code := runJSON(t, &doctor, "doctor", "--postgres", dsn, "--data-dir", t.TempDir()); code != 0 || !doctor.Postgres.OK || doctor.Postgres.Mode != "external" {
		t.Fatalf("doctor = %+v (exit %d); want ok external", doctor, code)
	}
	t.Setenv("SECONDBRAIN_POSTGRES_DSN", dsn)
	var n noteJSON
	if code := runJSON(t, &n, "note", "new", "--title", "From env", "--data-dir", t.TempDir()); code != 0 || n.Version != 1 {
		t.Fatalf("note new with SECONDBRAIN_POSTGRES_DSN = %+v (exit %d)", n, code)
	}
}

func TestBadEnvironment(t *testing.T) {
	notDir := filepath.Join(t.TempDir(), "file")
	os.WriteFile(notDir, []byte("x"), 0o644)
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		code    string
		mention []string
		hide    string
	}{
		{name: "data dir not writable", args: []string{"doctor", "--data-dir", filepath.Join(notDir, "data")},
			code: "invalid", mention: []string{"data dir", notDir}},
		{name: "pg bin missing", env: map[string]string{"SECONDBRAIN_PG_BIN": "/nonexistent/pg/bin"}, args: []string{"note", "list", "--data-dir", "TMP"},
			code: "unavailable", mention: []string{"/nonexistent/pg/bin"}},
		{name: "wrong DSN", args: []string{"note", "list", "--postgres", "postgres://bob:hunter2-secret@127.0.0.1:1/brain?connect_timeout=3"},
			code: "unavailable", mention: []string{"127.0.0.1", "brain"}, hide: "hunter2-secret"},
		{name: "unknown command", args: []string{"frobnicate"}, code: "invalid", mention: []string{"frobnicate"}},
		{name: "edit without version", args: []string{"note", "edit", "x", "--body-file", "-"}, code: "invalid", mention: []string{"--expect-version"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			for i, a := range tc.args {
				if a == "TMP" {
					tc.args[i] = t.TempDir()
				}
			}
			var e errorJSON
			code := runJSON(t, &e, tc.args...)
			if code == 0 || e.Error.Code != tc.code {
				t.Fatalf("exit %d, error %+v; want code %s", code, e.Error, tc.code)
			}
			for _, m := range tc.mention {
				if !strings.Contains(e.Error.Message, m) {
					t.Errorf("message %q; want it to mention %q", e.Error.Message, m)
				}
			}
			if tc.hide != "" && strings.Contains(e.Error.Message, tc.hide) {
				t.Errorf("message %q shows a secret", e.Error.Message)
			}
		})
	}
}
