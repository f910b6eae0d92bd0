package app

import (
	"context"
	"time"

	"secondbrain/app/dto"
	"secondbrain/app/stack"
	"secondbrain/backend"
	"secondbrain/backend/service"
)

// NotesAPI is bound to the frontend: create, read, save, rename, trash,
// delete, list and history of notes. Errors reach the frontend as the JSON
// string FormatError makes.
type NotesAPI struct {
	app *App
}

// Create makes a note titled title in folder ("" for the root) with body.
func (n *NotesAPI) Create(title, folder, body string) (dto.Note, error) {
	return n.change(func(ctx context.Context, s *stack.Stack) (*backend.Note, error) {
		return s.Notes.Create(ctx, title, folder, body)
	})
}

// Get returns a note by id.
func (n *NotesAPI) Get(id string) (dto.Note, error) {
	return callTo(n.app, func(ctx context.Context, s *stack.Stack) (*backend.Note, error) { return s.Notes.Get(ctx, id) }, dto.FromNote)
}

// Save stores body if the note is still at expectedVersion; otherwise it
// fails with code "conflict" and nothing is overwritten.
func (n *NotesAPI) Save(id string, expectedVersion int, body string) (dto.Note, error) {
	return n.change(func(ctx context.Context, s *stack.Stack) (*backend.Note, error) {
		return s.Notes.Save(ctx, id, expectedVersion, body)
	})
}

// Rename gives a note a new title in the same folder and, unless the
// rename.rewrite_links setting is off, rewrites the links to it in other notes.
func (n *NotesAPI) Rename(id string, expectedVersion int, title string) (dto.Note, error) {
	return n.change(func(ctx context.Context, s *stack.Stack) (*backend.Note, error) {
		rewrite, err := s.Notes.RenameRewrites(ctx)
		if err != nil {
			return nil, err
		}
		return s.Notes.Rename(ctx, id, expectedVersion, title, rewrite)
	})
}

// Trash moves a note to the trash.
func (n *NotesAPI) Trash(id string) (dto.Note, error) {
	return n.change(func(ctx context.Context, s *stack.Stack) (*backend.Note, error) { return s.Notes.Trash(ctx, id) })
}

// Restore brings a note back from the trash.
func (n *NotesAPI) Restore(id string) (dto.Note, error) {
	return n.change(func(ctx context.Context, s *stack.Stack) (*backend.Note, error) { return s.Notes.Restore(ctx, id) })
}

// Delete removes a note for good.
func (n *NotesAPI) Delete(id string) error {
	err := n.app.call(func(ctx context.Context, s *stack.Stack) error { return s.Notes.Delete(ctx, id) })
	if err == nil {
		n.app.events.Emit(EventNoteChanged, map[string]any{"id": id, "deleted": true})
	}
	return err
}

// List returns a page of notes ordered by "updated" or "title"; trashed lists the trash.
func (n *NotesAPI) List(order string, offset, limit int, trashed bool) (dto.NotePage, error) {
	opts := backend.ListOptions{Order: backend.NoteOrder(order), Offset: offset, Limit: limit, Trashed: trashed}
	return callTo(n.app, func(ctx context.Context, s *stack.Stack) (*backend.NotePage, error) { return s.Notes.List(ctx, opts) }, dto.FromPage)
}

// History returns a note's versions, newest first, without bodies.
func (n *NotesAPI) History(id string) ([]dto.Version, error) {
	return callTo(n.app, func(ctx context.Context, s *stack.Stack) ([]backend.NoteVersion, error) {
		return s.Notes.History(ctx, id)
	}, dto.FromVersions)
}

// Version returns one past version of a note with its body.
func (n *NotesAPI) Version(id string, version int) (dto.Version, error) {
	return callTo(n.app, func(ctx context.Context, s *stack.Stack) (*backend.NoteVersion, error) {
		return s.Notes.Version(ctx, id, version)
	}, func(v *backend.NoteVersion) dto.Version { return dto.FromVersion(*v) })
}

// Revert makes an old version's text current again, as a new version.
func (n *NotesAPI) Revert(id string, expectedVersion, version int) (dto.Note, error) {
	return n.change(func(ctx context.Context, s *stack.Stack) (*backend.Note, error) {
		return s.Notes.Revert(ctx, id, expectedVersion, version)
	})
}

// change runs a call that changes a note and converts it; it also tells
// every listener (other panes, the note list) the note's new version.
func (n *NotesAPI) change(fn func(ctx context.Context, s *stack.Stack) (*backend.Note, error)) (dto.Note, error) {
	out, err := callTo(n.app, fn, dto.FromNote)
	if err == nil {
		n.app.events.Emit(EventNoteChanged, map[string]any{"id": out.ID, "version": out.Version})
	}
	return out, err
}

// Backlinks returns the links into a note from other notes, with context.
func (n *NotesAPI) Backlinks(id string) ([]dto.Backlink, error) {
	return callTo(n.app, func(ctx context.Context, s *stack.Stack) ([]backend.Backlink, error) {
		return s.Notes.Backlinks(ctx, id)
	}, dto.FromBacklinks)
}

// Mentions returns notes naming this note's title without linking it.
func (n *NotesAPI) Mentions(id string) ([]dto.Backlink, error) {
	return callTo(n.app, func(ctx context.Context, s *stack.Stack) ([]backend.Mention, error) {
		return s.Notes.UnlinkedMentions(ctx, id)
	}, dto.FromMentions)
}

// Links returns a note's outgoing links and what they resolve to.
func (n *NotesAPI) Links(id string) ([]dto.Link, error) {
	return callTo(n.app, func(ctx context.Context, s *stack.Stack) ([]backend.ResolvedLink, error) {
		return s.Notes.OutgoingLinks(ctx, id)
	}, dto.FromLinks)
}

// Today returns today's daily note, creating it from the template if missing.
func (n *NotesAPI) Today() (dto.Note, error) {
	return n.change(func(ctx context.Context, s *stack.Stack) (*backend.Note, error) {
		return s.Notes.Today(ctx, time.Now())
	})
}

// DailyNote returns the daily note of date (YYYY-MM-DD), creating it from
// the template if missing: the daily calendar's days.
func (n *NotesAPI) DailyNote(date string) (dto.Note, error) {
	return n.change(func(ctx context.Context, s *stack.Stack) (*backend.Note, error) {
		day, err := time.ParseInLocation(time.DateOnly, date, time.Local)
		if err != nil {
			return nil, backend.Errorf(backend.EINVALID, "%q is not a date (YYYY-MM-DD)", date)
		}
		now := time.Now() // {{time}} in the template is the clock time of the call
		return s.Notes.Today(ctx, time.Date(day.Year(), day.Month(), day.Day(), now.Hour(), now.Minute(), now.Second(), 0, time.Local))
	})
}

// Tags lists every tag with its note count.
func (n *NotesAPI) Tags() ([]dto.Tag, error) {
	return callTo(n.app, func(ctx context.Context, s *stack.Stack) ([]backend.TagCount, error) { return s.Notes.Tags(ctx) }, dto.FromTags)
}

// Folders lists every folder directly holding live notes, with its count,
// sorted by path; the frontend builds the tree from the paths.
func (n *NotesAPI) Folders() ([]dto.Folder, error) {
	return callTo(n.app, func(ctx context.Context, s *stack.Stack) ([]backend.FolderCount, error) { return s.Notes.Folders(ctx) }, dto.FromFolders)
}

// ListFolder returns a page of the live notes in folder and its subfolders
// ("" for every note), ordered by "updated" or "title".
func (n *NotesAPI) ListFolder(folder, order string, offset, limit int) (dto.NotePage, error) {
	opts := backend.ListOptions{Order: backend.NoteOrder(order), Offset: offset, Limit: limit}
	return callTo(n.app, func(ctx context.Context, s *stack.Stack) (*backend.NotePage, error) {
		return s.Notes.ListFolder(ctx, folder, opts)
	}, dto.FromPage)
}

// LinkMention turns the unlinked mention of the note targetID in the note
// sourceID into a wikilink, saving sourceID only if it is still at
// expectedVersion (else "conflict", and nothing is written).
func (n *NotesAPI) LinkMention(sourceID string, expectedVersion int, targetID string) (dto.Note, error) {
	return n.change(func(ctx context.Context, s *stack.Stack) (*backend.Note, error) {
		return s.Notes.LinkMention(ctx, sourceID, expectedVersion, targetID)
	})
}

// DailyNeighbors says whether the note id is a daily note and which existing
// daily notes come before and after it.
func (n *NotesAPI) DailyNeighbors(id string) (dto.DailyNeighbors, error) {
	return callTo(n.app, func(ctx context.Context, s *stack.Stack) (service.DailyNeighbors, error) {
		return s.Notes.DailyNeighbors(ctx, id)
	}, dto.FromDailyNeighbors)
}

// TemplateSettings returns the templates folder, the {{date}} and {{time}}
// formats and the daily note's template.
func (n *NotesAPI) TemplateSettings() (dto.TemplateSettings, error) {
	return callTo(n.app, func(ctx context.Context, s *stack.Stack) (service.TemplateSettings, error) {
		return s.Notes.Templates(ctx)
	}, dto.FromTemplateSettings)
}

// SetTemplateSettings stores the template settings ("invalid" for a bad
// folder or format).
func (n *NotesAPI) SetTemplateSettings(t dto.TemplateSettings) error {
	return n.app.call(func(ctx context.Context, s *stack.Stack) error { return s.Notes.SetTemplates(ctx, t.ToService()) })
}

// RenderTemplate returns the template note ref (id, path or title) with
// {{date}}, {{time}} and {{title}} filled in for the note titled title, now.
func (n *NotesAPI) RenderTemplate(ref, title string) (string, error) {
	return callFor(n.app, func(ctx context.Context, s *stack.Stack) (string, error) {
		return s.Notes.RenderTemplate(ctx, ref, title, time.Now())
	})
}
