package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"secondbrain/app/stack"
	"secondbrain/backend"
)

// picker is a Dialogs seam that answers every folder pick with path.
type picker struct{ path string }

func (p picker) PickFolder(string) (string, error) { return p.path, nil }

func TestExportAPI(t *testing.T) {
	a, _ := startApp(t)
	notes := &NotesAPI{app: a}
	// A note x.md beside a folder x.md/ cannot be written as is on any disk.
	for _, n := range []struct{ title, folder, body string }{
		{"x", "", "# x\nsee [[y]]\n"},
		{"y", "x.md", "back to [[x]]\n"},
		{"Ada", "people", "wrote the first program\n"},
	} {
		if _, err := notes.Create(n.title, n.folder, n.body); err != nil {
			t.Fatalf("create %s: %v", n.title, err)
		}
	}
	ex := &ExportAPI{app: a}

	a.dialogs = picker{""}
	res, err := ex.Export()
	if err != nil || !res.Canceled || res.Report != nil {
		t.Fatalf("export with the picker closed = %+v, %v; want canceled, no report", res, err)
	}

	out := filepath.Join(t.TempDir(), "export")
	a.dialogs = picker{out}
	res, err = ex.Export()
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	if res.Canceled || res.Report == nil || res.Report.Notes != 3 {
		t.Fatalf("export = %+v; want a report of 3 notes", res)
	}
	if len(res.Report.Renamed) != 1 || res.Report.Renamed[0].Path != "x.md" || res.Report.Renamed[0].Reason == "" {
		t.Fatalf("renamed = %+v; want x.md renamed, with its reason", res.Report.Renamed)
	}
	renamed := res.Report.Renamed[0].NewPath
	for _, p := range []string{renamed, "x.md/y.md", "people/Ada.md"} {
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p)))
		if err != nil {
			t.Fatalf("read exported %s: %v", p, err)
		}
		if len(b) == 0 {
			t.Errorf("exported %s is empty", p)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(out, "x.md", "y.md")); !strings.Contains(string(b), strings.TrimSuffix(renamed, ".md")) {
		t.Errorf("x.md/y.md = %q; want its link pointed at %s", b, renamed)
	}

	// An export never writes into a folder that holds files.
	res, err = ex.Export()
	if backend.ErrorCode(err) != backend.EINVALID {
		t.Fatalf("export into a non-empty folder = %+v, %v; want invalid", res, err)
	}
}

func TestDailySettingsAPI(t *testing.T) {
	a, _ := startApp(t)
	notes := &NotesAPI{app: a}
	got, err := notes.DailySettings()
	if err != nil || got.Folder != "journal" || got.Format != "2006-01-02" || len(got.Example) != len("2006-01-02") {
		t.Fatalf("defaults = %+v, %v; want journal, 2006-01-02 and an example", got, err)
	}
	got, err = notes.SetDailySettings("days", "2006-01-02 Mon")
	if err != nil || got.Folder != "days" || got.Format != "2006-01-02 Mon" {
		t.Fatalf("set = %+v, %v; want days, 2006-01-02 Mon", got, err)
	}
	// Today's note (Ctrl+D, and `secondbrain daily` through the same
	// service) is named by the settings just saved.
	today, err := notes.Today()
	if err != nil {
		t.Fatal(err)
	}
	if want := "days/" + got.Example + ".md"; today.Path != want {
		t.Errorf("today's note at %q; want %q", today.Path, want)
	}
	if _, err := notes.SetDailySettings("days", "Monday"); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("a format without digits: %v; want invalid", err)
	}
	if d, _ := notes.DailySettings(); d.Format != "2006-01-02 Mon" {
		t.Errorf("after a refused change the format is %q; want it kept", d.Format)
	}
}

func TestStatusServer(t *testing.T) {
	a, _ := startApp(t)
	st, err := (&SystemAPI{app: a}).Status()
	if err != nil || !st.Ready {
		t.Fatalf("status = %+v, %v; want ready", st, err)
	}
	// The tests' PostgreSQL is reached by a connection string: external.
	if want := "PostgreSQL " + st.Postgres.Version + ", external, at "; !strings.HasPrefix(st.Server, want) {
		t.Errorf("server = %q; want it to start with %q", st.Server, want)
	}
}

func TestServerString(t *testing.T) {
	tests := []struct {
		name, mode, dsn, want string
	}{
		{"embedded", "embedded", "", "PostgreSQL 15.8, embedded, data in /data"},
		{"url", "external", "postgres://ann:s3cret@db.example:5433/brain?sslmode=require&password=x", "PostgreSQL 15.8, external, at db.example:5433/brain"},
		{"key value", "external", "host=db.example port=5432 user=ann password='s3cret' dbname=brain", "PostgreSQL 15.8, external, at db.example:5432/brain"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pg := stackStatus(tc.mode, "15.8", "/data")
			got := serverString(pg, tc.dsn)
			if got != tc.want || strings.Contains(got, "s3cret") || strings.Contains(got, "ann") {
				t.Errorf("serverString = %q; want %q", got, tc.want)
			}
		})
	}
}

func stackStatus(mode, version, dir string) stack.PostgresStatus {
	return stack.PostgresStatus{OK: true, Mode: mode, Version: version, DataDir: dir}
}
