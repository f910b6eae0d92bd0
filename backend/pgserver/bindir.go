package pgserver

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"secondbrain/backend"
)

// bundledDirs returns the folders beside the running executable where an
// installer puts bundled PostgreSQL binaries. Tests replace it.
var bundledDirs = func() []string {
	exe, err := os.Executable()
	if err != nil {
		return nil
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	dir := filepath.Dir(exe)
	return []string{
		filepath.Join(dir, "pgsql", "bin"),
		filepath.Join(dir, "postgres", "bin"),
	}
}

// installDirs returns the usual install locations of PostgreSQL on this
// operating system as glob patterns, most specific first. "*" stands for a
// version; matches are tried newest first. Tests replace it.
var installDirs = func() []string {
	switch runtime.GOOS {
	case "windows":
		return []string{`C:\Program Files\PostgreSQL\*\bin`}
	case "darwin":
		return []string{
			"/opt/homebrew/opt/postgresql@*/bin",
			"/usr/local/opt/postgresql@*/bin",
			"/opt/homebrew/bin",
			"/usr/local/bin",
			"/Applications/Postgres.app/Contents/Versions/latest/bin",
		}
	default:
		return []string{
			"/usr/lib/postgresql/*/bin", // Debian, Ubuntu
			"/usr/pgsql-*/bin",          // Fedora, RHEL (PGDG)
			"/usr/bin",                  // Fedora, Arch
			"/usr/local/pgsql/bin",      // built from source
		}
	}
}

// requiredPrograms are the binaries a bin dir must hold to run a cluster.
var requiredPrograms = []string{"postgres", "initdb", "pg_ctl"}

// FindBinDir returns the folder holding the PostgreSQL server binaries
// (postgres, initdb and pg_ctl). A non-empty explicit folder (from
// SECONDBRAIN_PG_BIN) is the only one tried. Otherwise FindBinDir tries, in
// order, a pgsql/bin or postgres/bin folder beside the running executable,
// the output of `pg_config --bindir`, and the usual install locations of the
// operating system, newest version first. The error is a *backend.Error with
// code backend.EUNAVAILABLE that names every place tried.
func FindBinDir(explicit string) (string, error) {
	const op = "pgserver.FindBinDir"
	if explicit != "" {
		if err := checkBinDir(explicit); err != nil {
			return "", &backend.Error{
				Code: backend.EUNAVAILABLE,
				Op:   op,
				Message: fmt.Sprintf("The PostgreSQL folder %s set by SECONDBRAIN_PG_BIN cannot be used: %v. "+
					"Point SECONDBRAIN_PG_BIN at the folder that holds postgres, initdb and pg_ctl.", explicit, err),
				Err: err,
			}
		}
		return filepath.Abs(explicit)
	}

	var tried []string
	try := func(dir string) bool {
		tried = append(tried, dir)
		return checkBinDir(dir) == nil
	}
	for _, dir := range bundledDirs() {
		if try(dir) {
			return filepath.Abs(dir)
		}
	}
	if dir, err := pgConfigBinDir(); err != nil {
		tried = append(tried, "pg_config --bindir ("+err.Error()+")")
	} else if try(dir) {
		return filepath.Abs(dir)
	}
	for _, pattern := range installDirs() {
		if !strings.Contains(pattern, "*") {
			if try(pattern) {
				return pattern, nil
			}
			continue
		}
		matches, _ := filepath.Glob(pattern)
		sort.Slice(matches, func(i, j int) bool { return versionLess(matches[j], matches[i]) })
		if len(matches) == 0 {
			tried = append(tried, pattern)
		}
		for _, dir := range matches {
			if try(dir) {
				return dir, nil
			}
		}
	}
	return "", &backend.Error{
		Code: backend.EUNAVAILABLE,
		Op:   op,
		Message: "PostgreSQL was not found. Tried: " + strings.Join(tried, ", ") +
			". Install PostgreSQL or set SECONDBRAIN_PG_BIN to the folder that holds postgres, initdb and pg_ctl.",
	}
}

// runningBinDir returns the bin dir of the postmaster that last ran the
// cluster in dir, as its postmaster.opts names it, when postmaster.pid
// says one runs (or ran) and that folder still holds the programs; ""
// otherwise. A command joining the running server then does without
// FindBinDir, whose pg_config is a shell script on Debian (three more
// processes, ~10 ms each command). Start still checks the binaries'
// major version against the cluster's.
func runningBinDir(dir string) string {
	if _, exists := readPidFile(dir); !exists {
		return ""
	}
	b, err := os.ReadFile(filepath.Join(dir, "postmaster.opts"))
	if err != nil {
		return ""
	}
	// The program's path as given, unquoted (it may hold spaces), then
	// each argument quoted: /usr/lib/postgresql/15/bin/postgres "-D" "…"
	line, _, _ := strings.Cut(string(b), "\n")
	exe, _, _ := strings.Cut(line, ` "`)
	exe = strings.TrimSpace(exe)
	if !filepath.IsAbs(exe) || filepath.Base(exe) != exeName("postgres") {
		return ""
	}
	bin := filepath.Dir(exe)
	if checkBinDir(bin) != nil {
		return ""
	}
	return bin
}

// checkBinDir reports why dir cannot serve as a PostgreSQL bin dir, or nil.
func checkBinDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%s does not exist", dir)
		}
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a folder", dir)
	}
	var missing []string
	for _, name := range requiredPrograms {
		if fi, err := os.Stat(filepath.Join(dir, exeName(name))); err != nil || fi.IsDir() {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s lacks %s", dir, strings.Join(missing, ", "))
	}
	return nil
}

// exeName adds the executable suffix of the operating system to name.
func exeName(name string) string {
	if runtime.GOOS == "windows" {
		return name + ".exe"
	}
	return name
}

// pgConfigBinDir asks the pg_config found on PATH for its bin dir.
func pgConfigBinDir() (string, error) {
	path, err := exec.LookPath("pg_config")
	if err != nil {
		return "", errors.New("not on PATH")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, "--bindir").Output()
	if err != nil {
		return "", fmt.Errorf("%s failed: %v", path, err)
	}
	dir := strings.TrimSpace(string(out))
	if dir == "" {
		return "", fmt.Errorf("%s printed nothing", path)
	}
	return dir, nil
}

// versionLess orders paths with embedded version numbers numerically, so that
// ".../9.6/bin" sorts before ".../15/bin".
func versionLess(a, b string) bool {
	for a != "" && b != "" {
		na, ra := leadingNumber(a)
		nb, rb := leadingNumber(b)
		switch {
		case na >= 0 && nb >= 0:
			if na != nb {
				return na < nb
			}
			a, b = ra, rb
		case a[0] != b[0]:
			return a[0] < b[0]
		default:
			a, b = a[1:], b[1:]
		}
	}
	return len(a) < len(b)
}

// leadingNumber parses the decimal number at the start of s, or returns -1.
func leadingNumber(s string) (int, string) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return -1, s
	}
	n, err := strconv.Atoi(s[:i])
	if err != nil {
		return -1, s
	}
	return n, s[i:]
}
