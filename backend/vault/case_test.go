package vault_test

import (
	"os"
	"slices"
	"testing"
)

// TestCaseClashOnAttach attaches a folder with two files whose names differ
// only in case: the database keeps paths unique case-insensitively (as
// macOS and Windows disks do), so the second is imported under another
// name — and its file moves there, rather than staying beside a copy.
func TestCaseClashOnAttach(t *testing.T) {
	e := newEnv(t)
	e.write("Foo.md", "upper\n")
	e.write("foo.md", "lower\n")
	st := e.attach()
	ents, err := os.ReadDir(e.dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range ents {
		names = append(names, d.Name())
	}
	want := []string{".secondbrain-vault", "Foo.md", "foo (2).md"}
	if !slices.Equal(names, want) {
		t.Fatalf("files %q; want %q", names, want)
	}
	if len(st.Issues) != 0 {
		t.Fatalf("issues %+v", st.Issues)
	}
	if got := e.read("foo (2).md"); got != "lower\n" {
		t.Fatalf("moved file %q", got)
	}
	e.checkSame()
}
