package backend

import (
	"github.com/google/uuid"
)

// AttachmentWrite is the metadata of one attachment whose bytes are already
// stored by content hash.
type AttachmentWrite struct {
	Path        string
	MimeType    string
	Size        int64
	ContentHash string
}

// Attachment is an attachment's metadata.
type Attachment struct {
	ID          uuid.UUID
	Path        string
	MimeType    string
	Size        int64
	ContentHash string
}
