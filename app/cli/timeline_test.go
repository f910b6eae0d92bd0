package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTimelineCommands: the timeline counts today's changes, note activity
// lists a note's edits, export --as-of writes the vault as it was, note
// restore --as-of brings a note's text back, and bad input is refused
// with EINVALID.
func TestTimelineCommands(t *testing.T) {
	dd := []string{"--data-dir", filepath.Join(t.TempDir(), "data")}
	body := func(s string) string {
		p := filepath.Join(t.TempDir(), "b.md")
		os.WriteFile(p, []byte(s), 0o644)
		return p
	}
	var a, b noteJSON
	if code := runJSON(t, &a, append([]string{"note", "new", "--title", "a", "--folder", "work", "--body-file", body("one two")}, dd...)...); code != 0 {
		t.Fatalf("note new: %+v", a)
	}
	then := time.Now()
	if code := runJSON(t, &a, append([]string{"note", "edit", a.ID, "--expect-version", "1", "--body-file", body("one two three four")}, dd...)...); code != 0 {
		t.Fatalf("note edit: %+v", a)
	}
	if code := runJSON(t, &b, append([]string{"note", "new", "--title", "b", "--body-file", body("x")}, dd...)...); code != 0 {
		t.Fatalf("note new b: %+v", b)
	}

	today := time.Now().UTC().Format(time.DateOnly)
	var tl struct {
		Zone    string `json:"zone"`
		Buckets []struct {
			Start        time.Time `json:"start"`
			Created      int       `json:"created"`
			Edited       int       `json:"edited"`
			WordsAdded   int       `json:"words_added"`
			WordsRemoved int       `json:"words_removed"`
			Notes        int       `json:"notes"`
		} `json:"buckets"`
	}
	from := time.Now().UTC().AddDate(0, 0, -6).Format(time.DateOnly)
	if code := runJSON(t, &tl, append([]string{"timeline", "--from", from, "--to", today, "--tz", "UTC"}, dd...)...); code != 0 {
		t.Fatalf("timeline: %+v", tl)
	}
	last := tl.Buckets[len(tl.Buckets)-1]
	if tl.Zone != "UTC" || len(tl.Buckets) != 7 || last.Created != 2 || last.Edited != 1 || last.WordsAdded != 5 || last.Notes != 2 {
		t.Fatalf("timeline = %+v; want 7 days, today 2 created, 1 edited, 5 words, 2 notes", tl)
	}
	if code := runJSON(t, &tl, append([]string{"timeline", "--from", from, "--to", today, "--tz", "UTC", "--folder", "work"}, dd...)...); code != 0 ||
		tl.Buckets[6].Created != 1 || tl.Buckets[6].Notes != 1 {
		t.Fatalf("timeline --folder work: %+v", tl)
	}
	text, _, code := run(t, append([]string{"timeline", "--from", today, "--to", today, "--tz", "UTC"}, dd...)...)
	if code != 0 || !strings.Contains(text, "created") || !strings.Contains(text, today) {
		t.Fatalf("timeline text: %q", text)
	}

	var act struct {
		Changes []struct {
			Kind       string `json:"kind"`
			WordsAdded int    `json:"words_added"`
		} `json:"changes"`
	}
	if code := runJSON(t, &act, append([]string{"note", "activity", "a"}, dd...)...); code != 0 ||
		len(act.Changes) != 2 || act.Changes[1].Kind != "edited" || act.Changes[1].WordsAdded != 2 {
		t.Fatalf("note activity: %+v", act)
	}
	var otd struct {
		Date  string `json:"date"`
		Years []any  `json:"years"`
	}
	if code := runJSON(t, &otd, append([]string{"on-this-day", "--date", "2026-03-01", "--tz", "UTC"}, dd...)...); code != 0 || otd.Date != "2026-03-01" || otd.Years == nil {
		t.Fatalf("on-this-day: %+v", otd)
	}

	// The vault as it was between the first note and its edit.
	out := filepath.Join(t.TempDir(), "asof")
	var rep struct {
		Notes int `json:"notes"`
		Vault struct {
			Empty bool `json:"empty"`
		} `json:"vault"`
	}
	if code := runJSON(t, &rep, append([]string{"export", out, "--as-of", then.Format(time.RFC3339Nano)}, dd...)...); code != 0 || rep.Notes != 1 || rep.Vault.Empty {
		t.Fatalf("export --as-of: %+v", rep)
	}
	if got, err := os.ReadFile(filepath.Join(out, "work", "a.md")); err != nil || string(got) != "one two" {
		t.Fatalf("work/a.md as of then = %q, %v", got, err)
	}
	if code := runJSON(t, &rep, append([]string{"export", filepath.Join(t.TempDir(), "old"), "--as-of", "2001-01-01"}, dd...)...); code != 0 || !rep.Vault.Empty || rep.Notes != 0 {
		t.Fatalf("export --as-of before the first change: %+v", rep)
	}
	var restored struct {
		Restored []struct {
			Action  string `json:"action"`
			Version int    `json:"version"`
		} `json:"restored"`
	}
	if code := runJSON(t, &restored, append([]string{"note", "restore", "a", "--as-of", then.Format(time.RFC3339Nano)}, dd...)...); code != 0 ||
		len(restored.Restored) != 1 || restored.Restored[0].Action != "reverted" || restored.Restored[0].Version != 3 {
		t.Fatalf("note restore --as-of: %+v", restored)
	}
	var shown noteJSON
	if runJSON(t, &shown, append([]string{"note", "show", "a"}, dd...)...); shown.Body != "one two" {
		t.Fatalf("a after the restore: %+v", shown)
	}
	if code := runJSON(t, &restored, append([]string{"note", "restore", "--folder", "work", "--as-of", then.Format(time.RFC3339Nano)}, dd...)...); code != 0 ||
		len(restored.Restored) != 1 || restored.Restored[0].Action != "unchanged" {
		t.Fatalf("note restore --folder: %+v", restored)
	}

	for _, args := range [][]string{
		{"timeline", "--from", today, "--to", today, "--tz", "Mars/Olympus"},
		{"timeline", "--from", "2026-02-01", "--to", "2026-01-01"},
		{"timeline", "--from", "2026-01-01", "--to", "2026-01-32"},
		{"timeline", "--from", "1990-01-01", "--to", "2026-01-01", "--bucket", "hour"},
		{"on-this-day", "--date", "yesterday"},
		{"export", filepath.Join(t.TempDir(), "future"), "--as-of", time.Now().AddDate(1, 0, 0).Format(time.DateOnly)},
		{"export", filepath.Join(t.TempDir(), "bad"), "--as-of", "last tuesday"},
	} {
		var e errorJSON
		if code := runJSON(t, &e, append(args, dd...)...); code == 0 || e.Error.Code != "invalid" {
			t.Errorf("%v: exit %d, %+v; want an invalid error", args, code, e)
		}
	}
}
