package backend

import "context"

// FolderCount is a folder of the vault ("projects/alpha", "" for the root)
// and how many live notes it holds directly, not counting its subfolders.
type FolderCount struct {
	Path  string
	Count int
}

// FolderStore answers the vault's folder tree.
type FolderStore interface {
	// Folders returns every folder that directly holds a live note, with its
	// count, sorted by path. Folders holding only subfolders are not listed:
	// their paths are the prefixes of the listed ones.
	Folders(ctx context.Context) ([]FolderCount, error)
	// ListFolderNotes returns one page of the live notes in folder and its
	// subfolders; folder "" lists every live note. Folder names match
	// case-insensitively, like paths.
	ListFolderNotes(ctx context.Context, folder string, opts ListOptions) (*NotePage, error)
}
