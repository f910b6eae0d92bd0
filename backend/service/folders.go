package service

import (
	"context"

	"secondbrain/backend"
)

// Folders returns every folder directly holding live notes with its count,
// sorted by path ("" is the vault's root).
func (s *Notes) Folders(ctx context.Context) ([]backend.FolderCount, error) {
	return s.store.Folders(ctx)
}

// ListFolder returns one page of the live notes in folder and its
// subfolders, folder "" being the whole vault; opts.Trashed is ignored.
// Returns EINVALID for a bad folder or order. Limit is clamped as in List.
func (s *Notes) ListFolder(ctx context.Context, folder string, opts backend.ListOptions) (*backend.NotePage, error) {
	const op = "service.ListFolder"
	folder, err := CleanFolder(folder)
	if err != nil {
		return nil, withOp(op, err)
	}
	if opts, err = pageOptions(opts); err != nil {
		return nil, err
	}
	opts.Trashed = false
	return s.store.ListFolderNotes(ctx, folder, opts)
}
