package timeline

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"secondbrain/backend"
)

// Writer is what restoring as of a moment writes with; *service.Notes is one.
type Writer interface {
	Get(ctx context.Context, id string) (*backend.Note, error)
	Restore(ctx context.Context, id string) (*backend.Note, error)
	Revert(ctx context.Context, id string, expectedVersion, version int) (*backend.Note, error)
}

// Restored says what restoring one note as of a moment did.
type Restored struct {
	ID    uuid.UUID `json:"id"`
	Title string    `json:"title"`
	Path  string    `json:"path"`
	// FromVersion is the note's version at the moment, Version its version
	// after the restore.
	FromVersion int `json:"from_version"`
	Version     int `json:"version"`
	// Action is "reverted" (the text then is a new version), "unchanged"
	// (the text is the same now) or "skipped" (see Reason).
	Action string `json:"action"`
	Reason string `json:"reason,omitempty"`
	// Untrashed says the note was brought back from the trash first.
	Untrashed bool `json:"untrashed,omitempty"`
}

// RestoreAt makes a note's text at at its current text, as a new version
// (the versions in between stay in its history); a note in the trash now
// is restored from it first. Its title and path stay those of now.
// ENOTFOUND when the note did not exist then or is deleted for good.
func (t *Timeline) RestoreAt(ctx context.Context, w Writer, id uuid.UUID, at time.Time) (*Restored, error) {
	then, err := t.NoteAt(ctx, id, at)
	if err != nil {
		return nil, err
	}
	return restoreOne(ctx, w, then)
}

func restoreOne(ctx context.Context, w Writer, then *VersionAt) (*Restored, error) {
	r := &Restored{ID: then.ID, Title: then.Title, Path: then.Path, FromVersion: then.Version}
	cur, err := w.Get(ctx, then.ID.String())
	if err != nil {
		return nil, err
	}
	if cur.TrashedAt != nil {
		if cur, err = w.Restore(ctx, cur.ID.String()); err != nil {
			return nil, err
		}
		r.Untrashed = true
	}
	r.Title, r.Path, r.Version = cur.Title, cur.Path, cur.Version
	if cur.Body == then.Body {
		r.Action = "unchanged"
		return r, nil
	}
	n, err := w.Revert(ctx, cur.ID.String(), cur.Version, then.Version)
	if err != nil {
		return nil, err
	}
	r.Version, r.Action = n.Version, "reverted"
	return r, nil
}

// RestoreFolderAt restores, as of at, every note that was in folder (or
// its subfolders) then; notes added to the folder since are left alone.
// A note that cannot be restored (deleted for good, its path taken) is
// reported as skipped with the reason; the others are still restored.
func (t *Timeline) RestoreFolderAt(ctx context.Context, w Writer, folder string, at time.Time) ([]Restored, error) {
	folder = strings.Trim(strings.TrimSpace(folder), "/")
	if folder == "" {
		return nil, backend.Errorf(backend.EINVALID, "name the folder to restore")
	}
	var thens []*VersionAt
	err := t.EachAt(ctx, at, true, func(v *VersionAt) error {
		if strings.HasPrefix(strings.ToLower(v.Path), strings.ToLower(folder)+"/") {
			c := *v
			thens = append(thens, &c)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(thens) == 0 {
		return nil, backend.Errorf(backend.ENOTFOUND, "no note was in folder %q at %s", folder, at.Format(time.RFC3339))
	}
	out := make([]Restored, 0, len(thens))
	for _, then := range thens {
		r, err := restoreOne(ctx, w, then)
		if err != nil {
			if ctx.Err() != nil {
				return out, ctx.Err()
			}
			out = append(out, Restored{ID: then.ID, Title: then.Title, Path: then.Path, FromVersion: then.Version,
				Action: "skipped", Reason: backend.ErrorMessage(err)})
			continue
		}
		out = append(out, *r)
	}
	return out, nil
}
