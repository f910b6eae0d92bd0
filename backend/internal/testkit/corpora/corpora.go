// Package corpora finds the shared test corpora (real public vaults and a
// labelled search set) that the tests and benchmarks read. They live beside
// the repository, in ../shared/corpora; SECONDBRAIN_CORPORA names another
// folder, and /work/shared/corpora is where this project's machines keep
// them, for a clone made elsewhere (CI clones into a temporary folder).
package corpora

import (
	"os"
	"path/filepath"
	"runtime"
)

// Dir returns the folder of the corpus name (e.g. "garden"): the first of
// $SECONDBRAIN_CORPORA/name, ../shared/corpora/name beside the repository
// and /work/shared/corpora/name that exists, else the one beside the
// repository (so that an error names where it was looked for).
func Dir(name string) string {
	_, file, _, _ := runtime.Caller(0) // …/backend/internal/testkit/corpora/corpora.go
	repo := filepath.Join(filepath.Dir(file), "..", "..", "..", "..")
	beside := filepath.Join(repo, "..", "shared", "corpora", name)
	for _, dir := range []string{os.Getenv("SECONDBRAIN_CORPORA"), filepath.Dir(beside), "/work/shared/corpora"} {
		if dir == "" {
			continue
		}
		if p := filepath.Join(dir, name); exists(p) {
			return p
		}
	}
	return beside
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
