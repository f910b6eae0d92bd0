package pgserver

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"secondbrain/backend"
)

func TestFindBinDir(t *testing.T) {
	realDir, err := FindBinDir("")
	if err != nil {
		t.Fatalf("FindBinDir on this machine: %v", err)
	}
	empty := t.TempDir()
	fake := func(names ...string) string {
		dir := t.TempDir()
		for _, n := range names {
			if err := os.WriteFile(filepath.Join(dir, exeName(n)), nil, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	bundled := fake("postgres", "initdb", "pg_ctl")
	installed := fake("postgres", "initdb", "pg_ctl")
	partial := fake("postgres")
	missing := filepath.Join(empty, "nope")

	tests := []struct {
		name      string
		explicit  string
		bundled   []string
		installed []string
		want      string   // "" when an error is expected
		wantInErr []string // substrings of the error
	}{
		{name: "explicit real dir", explicit: realDir, want: realDir},
		{name: "explicit missing dir", explicit: missing, bundled: []string{bundled},
			wantInErr: []string{missing, "does not exist", "SECONDBRAIN_PG_BIN"}},
		{name: "explicit dir without postgres", explicit: partial, bundled: []string{bundled},
			wantInErr: []string{partial, "initdb", "pg_ctl"}},
		{name: "bundled first", bundled: []string{missing, bundled}, installed: []string{installed}, want: bundled},
		{name: "install path", bundled: []string{missing}, installed: []string{partial, installed}, want: installed},
		{name: "install glob newest first", installed: []string{filepath.Join(filepath.Dir(installed), "*")}, want: installed},
		{name: "nothing found", bundled: []string{missing}, installed: []string{partial, filepath.Join(empty, "v*", "bin")},
			wantInErr: []string{missing, "pg_config --bindir (not on PATH)", partial, filepath.Join(empty, "v*", "bin"), "SECONDBRAIN_PG_BIN"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("PATH", empty) // no pg_config
			oldB, oldI := bundledDirs, installDirs
			t.Cleanup(func() { bundledDirs, installDirs = oldB, oldI })
			bundledDirs = func() []string { return tt.bundled }
			installDirs = func() []string { return tt.installed }

			got, err := FindBinDir(tt.explicit)
			if tt.want != "" {
				if err != nil || got != tt.want {
					t.Fatalf("FindBinDir(%q) = %q, %v; want %q, nil", tt.explicit, got, err, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("FindBinDir(%q) = %q, nil; want an error", tt.explicit, got)
			}
			if code := backend.ErrorCode(err); code != backend.EUNAVAILABLE {
				t.Errorf("error code = %q; want %q", code, backend.EUNAVAILABLE)
			}
			msg := backend.ErrorMessage(err)
			for _, s := range tt.wantInErr {
				if !strings.Contains(msg, s) {
					t.Errorf("error message %q lacks %q", msg, s)
				}
			}
		})
	}
}

func TestVersionLess(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"/usr/lib/postgresql/9.6/bin", "/usr/lib/postgresql/15/bin", true},
		{"/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/9.6/bin", false},
		{"/usr/pgsql-14/bin", "/usr/pgsql-16/bin", true},
		{"a", "a", false},
	}
	for _, tt := range tests {
		if got := versionLess(tt.a, tt.b); got != tt.want {
			t.Errorf("versionLess(%q, %q) = %v; want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestRunningBinDir: the bin dir of the postmaster a cluster's
// postmaster.opts names is used while postmaster.pid is there and the
// folder holds the programs; otherwise none.
func TestRunningBinDir(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "Program Files", "PostgreSQL", "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range requiredPrograms {
		if err := os.WriteFile(filepath.Join(bin, exeName(p)), nil, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	postgres := filepath.Join(bin, exeName("postgres"))
	for _, tc := range []struct {
		name       string
		pid, opts  string
		want       string
		noPidFile  bool
		noOptsFile bool
	}{
		{name: "running", pid: "123\n", opts: postgres + ` "-D" "/data/pg"` + "\n", want: bin},
		{name: "no pid file", noPidFile: true, opts: postgres + ` "-D" "/data/pg"` + "\n"},
		{name: "no opts file", pid: "123\n", noOptsFile: true},
		{name: "relative path", pid: "123\n", opts: `postgres "-D" "/data/pg"` + "\n"},
		{name: "not postgres", pid: "123\n", opts: filepath.Join(bin, "pg_ctl") + ` "-D" "/data/pg"` + "\n"},
		{name: "programs gone", pid: "123\n", opts: filepath.Join(t.TempDir(), exeName("postgres")) + ` "-D" "/data/pg"` + "\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if !tc.noPidFile {
				os.WriteFile(filepath.Join(dir, "postmaster.pid"), []byte(tc.pid), 0o600)
			}
			if !tc.noOptsFile {
				os.WriteFile(filepath.Join(dir, "postmaster.opts"), []byte(tc.opts), 0o600)
			}
			if got := runningBinDir(dir); got != tc.want {
				t.Errorf("runningBinDir = %q; want %q", got, tc.want)
			}
		})
	}
}
