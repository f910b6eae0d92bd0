package service_test

import (
	"context"
	"testing"

	"secondbrain/backend"
)

func TestFolders(t *testing.T) {
	ctx := context.Background()
	notes, _ := newNotes(t)
	for _, c := range []struct{ title, folder string }{
		{"plan", "projects/alpha"}, {"roadmap", "projects/beta"}, {"Inbox", ""}, {"Ada", "people"},
	} {
		if _, err := notes.Create(ctx, c.title, c.folder, ""); err != nil {
			t.Fatal(err)
		}
	}
	fs, err := notes.Folders(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 4 || fs[0] != (backend.FolderCount{Path: "", Count: 1}) || fs[2] != (backend.FolderCount{Path: "projects/alpha", Count: 1}) {
		t.Errorf("Folders = %+v; want the root, people, projects/alpha and projects/beta with one note each", fs)
	}

	page, err := notes.ListFolder(ctx, ` projects\`, backend.ListOptions{Order: backend.OrderTitle})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 2 || len(page.Notes) != 2 || page.Notes[0].Title != "plan" || page.Notes[1].Title != "roadmap" {
		t.Errorf("ListFolder(projects) = %+v; want plan and roadmap", page)
	}
	if page, err := notes.ListFolder(ctx, "", backend.ListOptions{}); err != nil || page.Total != 4 {
		t.Errorf("ListFolder(root) = %+v, %v; want all 4 notes", page, err)
	}
	for name, folder := range map[string]string{"leaves the vault": "../etc", "absolute": "/etc"} {
		_, err := notes.ListFolder(ctx, folder, backend.ListOptions{})
		t.Run(name, func(t *testing.T) { wantCode(t, err, backend.EINVALID) })
	}
	_, err = notes.ListFolder(ctx, "projects", backend.ListOptions{Order: "size"})
	wantCode(t, err, backend.EINVALID)
}
