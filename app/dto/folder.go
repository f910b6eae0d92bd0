package dto

import "secondbrain/backend"

// Folder is a folder of the vault with how many live notes it holds
// directly; Path "" is the vault's root.
type Folder struct {
	Path  string `json:"path"`
	Count int    `json:"count"`
}

// FromFolders converts folder counts.
func FromFolders(fs []backend.FolderCount) []Folder {
	out := make([]Folder, len(fs))
	for i, f := range fs {
		out[i] = Folder{Path: f.Path, Count: f.Count}
	}
	return out
}
