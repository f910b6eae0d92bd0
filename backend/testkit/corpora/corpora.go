// Package corpora finds the shared test corpora (real public vaults and a
// labelled search set) that the tests and benchmarks read. They live beside
// the repository, in ../shared/corpora; SECONDBRAIN_CORPORA names another
// folder, and /work/shared/corpora is where this project's machines keep
// them, for a clone made elsewhere (CI clones into a temporary folder).
package corpora

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"unicode"
)

// Dir returns the folder of the corpus name (e.g. "garden"): the first of
// $SECONDBRAIN_CORPORA/name, ../shared/corpora/name beside the repository
// and /work/shared/corpora/name that exists, else the one beside the
// repository (so that an error names where it was looked for).
func Dir(name string) string {
	_, file, _, _ := runtime.Caller(0) // …/backend/testkit/corpora/corpora.go
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

// Words returns a stream of words with a real distribution to sample
// benchmark notes and queries from: the words of the relevance corpus in
// order, or, when it is missing, a synthetic Zipf vocabulary.
func Words() []string {
	if b, err := os.ReadFile(filepath.Join(Dir("relevance"), "corpus.jsonl")); err == nil {
		words := strings.FieldsFunc(string(b), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if len(words) > 100000 {
			return words
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	z := rand.NewZipf(rng, 1.1, 1, 50000)
	words := make([]string, 500000)
	for i := range words {
		words[i] = fmt.Sprintf("w%x", z.Uint64())
	}
	return words
}
