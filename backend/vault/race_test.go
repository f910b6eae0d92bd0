package vault_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"secondbrain/backend/vault"
)

// TestEditRacingTheMirrorsWrite puts an editor's write exactly where it
// races the mirror's: after the mirror checked the file and before it
// swapped its own text in. The edit must reach the note, merged with the
// app's change, however the editor writes.
func TestEditRacingTheMirrorsWrite(t *testing.T) {
	const base = "one\ntwo\nthree\nfour\nfive\n"
	const edited = "one\ntwo\nthree\nfour\nFIVE\n"
	for _, tc := range []struct {
		name string
		// race runs in the window; its result, when not nil, runs after
		// the mirror's pass.
		race func(t *testing.T, abs string) func()
	}{
		{"in place before the swap", func(t *testing.T, abs string) func() {
			if err := os.WriteFile(abs, []byte(edited), 0o644); err != nil {
				t.Fatal(err)
			}
			return nil
		}},
		{"opened before the swap, written after", func(t *testing.T, abs string) func() {
			f, err := os.OpenFile(abs, os.O_WRONLY|os.O_TRUNC, 0o644)
			if err != nil {
				t.Fatal(err)
			}
			return func() {
				if _, err := f.WriteString(edited); err != nil {
					t.Fatal(err)
				}
				f.Close()
			}
		}},
		{"renamed over the file", func(t *testing.T, abs string) func() {
			tmp := filepath.Join(filepath.Dir(abs), ".editor-save")
			if err := os.WriteFile(tmp, []byte(edited), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(tmp, abs); err != nil {
				t.Fatal(err)
			}
			return nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			ctx := context.Background()
			e.write("n.md", base)
			e.attach()
			n := e.find("n")
			if _, err := e.notes.Save(ctx, n.ID.String(), n.Version, strings.Replace(base, "one", "ONE", 1)); err != nil {
				t.Fatal(err)
			}
			var after func()
			fired := false
			vault.SetBeforeSwap(func(abs string) {
				if !fired && filepath.Base(abs) == "n.md" {
					fired = true
					after = tc.race(t, abs)
				}
			})
			e.sync()
			vault.SetBeforeSwap(nil)
			if !fired {
				t.Fatal("the mirror never wrote n.md")
			}
			if after != nil {
				after()
			}
			st := e.sync()
			st = e.sync()
			want := "ONE\ntwo\nthree\nfour\nFIVE\n"
			if got := e.find("n").Body; got != want {
				t.Fatalf("note %q; want %q", got, want)
			}
			if got := e.read("n.md"); got != want {
				t.Fatalf("file %q; want %q", got, want)
			}
			if st.Conflicts != 0 {
				t.Fatalf("conflicts %d", st.Conflicts)
			}
			e.checkSame()
		})
	}
}
