package pgstore_test

import (
	"context"
	"reflect"
	"testing"

	"secondbrain/backend"
)

func TestFolders(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	for _, p := range []string{
		"Inbox.md", "Todo.md",
		"projects/alpha/plan.md", "projects/alpha/notes.md", "projects/beta/roadmap.md",
		"people/Ada.md", "100%_done/x.md", "100abc_done/y.md",
	} {
		create(t, st, p, "")
	}
	gone := create(t, st, "archive/old.md", "")
	if _, err := st.SetTrashed(ctx, gone.ID, true); err != nil {
		t.Fatal(err)
	}

	got, err := st.Folders(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []backend.FolderCount{
		{Path: "", Count: 2}, {Path: "100%_done", Count: 1}, {Path: "100abc_done", Count: 1},
		{Path: "people", Count: 1}, {Path: "projects/alpha", Count: 2}, {Path: "projects/beta", Count: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Folders = %+v; want %+v (trashed notes left out, direct counts)", got, want)
	}

	tests := []struct {
		name, folder string
		want         []string // paths, by title
	}{
		{"root lists every live note", "", nil},
		{"subfolders included", "projects", []string{"projects/alpha/notes.md", "projects/alpha/plan.md", "projects/beta/roadmap.md"}},
		{"one folder", "projects/alpha", []string{"projects/alpha/notes.md", "projects/alpha/plan.md"}},
		{"case-insensitive, slashes trimmed", "/Projects/Beta/", []string{"projects/beta/roadmap.md"}},
		{"not a name prefix", "proj", nil},
		{"like metacharacters are literal", "100%_done", []string{"100%_done/x.md"}},
		{"trashed notes left out", "archive", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			page, err := st.ListFolderNotes(ctx, tc.folder, backend.ListOptions{Order: backend.OrderTitle, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			var paths []string
			for _, n := range page.Notes {
				paths = append(paths, n.Path)
			}
			if tc.name == "root lists every live note" {
				if page.Total != 8 || len(paths) != 8 {
					t.Errorf("ListFolderNotes(%q) total %d, %v; want all 8 live notes", tc.folder, page.Total, paths)
				}
				return
			}
			if !reflect.DeepEqual(paths, tc.want) || page.Total != len(tc.want) {
				t.Errorf("ListFolderNotes(%q) = %v (total %d); want %v", tc.folder, paths, page.Total, tc.want)
			}
		})
	}

	page, err := st.ListFolderNotes(ctx, "projects", backend.ListOptions{Order: backend.OrderTitle, Offset: 1, Limit: 1})
	if err != nil || page.Total != 3 || len(page.Notes) != 1 || page.Notes[0].Path != "projects/alpha/plan.md" {
		t.Errorf("ListFolderNotes(projects, offset 1, limit 1) = %+v, %v; want the second of 3", page, err)
	}
}

// BenchmarkFolders100k measures the folder tree's query and one page of a
// folder.s notes over 100,000 notes in 1,000 folders, with 1 KB bodies.
func BenchmarkFolders100k(b *testing.B) {
	st := openStore(b)
	ctx := context.Background()
	if _, err := st.DB().ExecContext(ctx, `INSERT INTO notes (id, title, title_key, path, path_key, body, created_at, updated_at)
		SELECT gen_random_uuid(), 'n' || i, 'n' || i, p, lower(p), repeat('words ', 170), now(), now()
		FROM generate_series(1, 100000) i, LATERAL (SELECT 'area' || (i % 100) || '/topic' || (i % 1000) || '/n' || i || '.md' AS p) x`); err != nil {
		b.Fatal(err)
	}
	if _, err := st.DB().ExecContext(ctx, `ANALYZE notes`); err != nil {
		b.Fatal(err)
	}
	b.Run("folders", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			fs, err := st.Folders(ctx)
			if err != nil || len(fs) != 1000 {
				b.Fatalf("Folders = %d folders, %v; want 1000", len(fs), err)
			}
		}
	})
	b.Run("list-folder", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			p, err := st.ListFolderNotes(ctx, "area7", backend.ListOptions{Order: backend.OrderUpdated, Limit: 200})
			if err != nil || p.Total != 1000 {
				b.Fatalf("ListFolderNotes(area7) total %v, %v; want 1000", p, err)
			}
		}
	})
}
