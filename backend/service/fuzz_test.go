package service_test

import (
	"path"
	"strings"
	"testing"
	"unicode/utf8"

	"secondbrain/backend/service"
)

// FuzzTargetKey checks the path rules of link resolution on any input: a
// key never leaves the vault, is lower-case and never ends in .md.
func FuzzTargetKey(f *testing.F) {
	for _, s := range []string{"Note", "../x.md", "a/../../b", "/abs/Note.md", "./Ada Lovelace.md", `..\..\win.md`, "people/Ada#Life", "", ".", "ÄÖÜ.MD"} {
		f.Add("folder/sub", s, "markdown")
		f.Add("", s, "wikilink")
	}
	f.Fuzz(func(t *testing.T, folder, target, kind string) {
		key := service.TargetKey(folder, target, kind)
		if key == "" {
			return
		}
		if strings.HasPrefix(key, "../") || key == ".." || strings.HasPrefix(key, "/") {
			t.Fatalf("TargetKey(%q, %q) = %q leaves the vault", folder, target, key)
		}
		if utf8.ValidString(key) && key != strings.ToLower(key) {
			t.Fatalf("TargetKey(%q, %q) = %q is not lower-case", folder, target, key)
		}
		if strings.HasSuffix(key, ".md") && path.Clean(key) == key && !strings.HasSuffix(strings.TrimSuffix(key, ".md"), ".md") {
			t.Fatalf("TargetKey(%q, %q) = %q keeps .md", folder, target, key)
		}
	})
}

// FuzzCleanTitle: an accepted title is a single valid file name.
func FuzzCleanTitle(f *testing.F) {
	for _, s := range []string{"Title", "a/b", "..", " x ", "tab\t", "\xff", "....", strings.Repeat("é", 130)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		got, err := service.CleanTitle(title)
		if err != nil {
			return
		}
		if got == "" || got == "." || got == ".." || strings.ContainsAny(got, "/\\\x00") || !utf8.ValidString(got) || len(got+".md") > service.MaxNameBytes {
			t.Fatalf("CleanTitle(%q) accepted %q", title, got)
		}
	})
}
