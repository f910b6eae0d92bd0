package app

import "testing"

func TestNotesAPIFolders(t *testing.T) {
	a, _ := startApp(t)
	notes := &NotesAPI{app: a}
	for _, c := range []struct{ title, folder string }{
		{"plan", "projects/alpha"}, {"notes", "projects/alpha"}, {"roadmap", "projects/beta"}, {"Inbox", ""},
	} {
		if _, err := notes.Create(c.title, c.folder, ""); err != nil {
			t.Fatal(err)
		}
	}
	fs, err := notes.Folders()
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 3 || fs[0].Path != "" || fs[1].Path != "projects/alpha" || fs[1].Count != 2 || fs[2].Count != 1 {
		t.Errorf("Folders = %+v; want the root, projects/alpha (2) and projects/beta (1)", fs)
	}
	page, err := notes.ListFolder("projects", "title", 0, 10)
	if err != nil || page.Total != 3 || len(page.Notes) != 3 || page.Notes[0].Title != "notes" {
		t.Errorf("ListFolder(projects) = %+v, %v; want notes, plan, roadmap", page, err)
	}
	if _, err := notes.ListFolder("../x", "title", 0, 10); err == nil {
		t.Error("ListFolder(../x) succeeded; want invalid")
	}
}
