package service

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"secondbrain/backend"
	"secondbrain/backend/blobstore"
)

// MaxAttachment is the largest file Attachments.Attach accepts, in bytes.
const MaxAttachment = 64 << 20

// AttachmentStore keeps attachments' metadata by vault path.
type AttachmentStore interface {
	// FindAttachment returns the attachment a link target names (a path or
	// a file name). Returns ENOTFOUND when none does.
	FindAttachment(ctx context.Context, target string) (*backend.Attachment, error)
	// PutAttachment records an attachment's metadata by path.
	PutAttachment(ctx context.Context, a backend.AttachmentWrite) (*backend.Attachment, error)
}

// Attachments stores pasted and dropped files in the vault's attachments/
// folder (the bytes in the blob store, by content hash) and finds them by
// their link target. It is safe for concurrent use.
type Attachments struct {
	store AttachmentStore
	blobs *blobstore.Store
}

// NewAttachments returns the attachments use case over store and blobs.
func NewAttachments(store AttachmentStore, blobs *blobstore.Store) *Attachments {
	return &Attachments{store: store, blobs: blobs}
}

// Attach stores data as attachments/<fileName> (the name cleaned of what
// cannot be in a vault path). A file of the same name but other content
// gets a new name ("name 2.ext"); the same content is stored once.
// Returns EINVALID for an empty or oversized file, EUNAVAILABLE when the
// bytes cannot be stored.
func (a *Attachments) Attach(ctx context.Context, fileName string, data []byte) (*backend.Attachment, error) {
	if len(data) == 0 {
		return nil, backend.Errorf(backend.EINVALID, "the file is empty")
	}
	if len(data) > MaxAttachment {
		return nil, backend.Errorf(backend.EINVALID, "the file is %.1f MB; attachments are limited to %d MB", float64(len(data))/(1<<20), MaxAttachment>>20)
	}
	name := cleanFileName(fileName)
	hash, size, err := a.blobs.Put(bytes.NewReader(data))
	if err != nil {
		return nil, backend.Errorf(backend.EUNAVAILABLE, "cannot store the attachment: %v", err)
	}
	p := "attachments/" + name
	for i := 2; ; i++ {
		existing, err := a.store.FindAttachment(ctx, p)
		if backend.ErrorCode(err) == backend.ENOTFOUND || (err == nil && existing.ContentHash == hash) {
			break
		}
		if err != nil {
			return nil, err
		}
		ext := path.Ext(name)
		p = fmt.Sprintf("attachments/%s %d%s", strings.TrimSuffix(name, ext), i, ext)
	}
	return a.store.PutAttachment(ctx, backend.AttachmentWrite{Path: p, MimeType: sniff(name, data), Size: size, ContentHash: hash})
}

// PutAt stores data as the attachment at the vault path p, replacing what
// is there: device sync writing an attachment another device added.
// Returns EINVALID for a path outside attachments/ or oversized data,
// EUNAVAILABLE when the bytes cannot be stored.
func (a *Attachments) PutAt(ctx context.Context, p string, data []byte) (*backend.Attachment, error) {
	if !strings.HasPrefix(p, "attachments/") || path.Clean(p) != p || len(data) > MaxAttachment {
		return nil, backend.Errorf(backend.EINVALID, "cannot store an attachment at %q", p)
	}
	hash, size, err := a.blobs.Put(bytes.NewReader(data))
	if err != nil {
		return nil, backend.Errorf(backend.EUNAVAILABLE, "cannot store the attachment: %v", err)
	}
	return a.store.PutAttachment(ctx, backend.AttachmentWrite{Path: p, MimeType: sniff(path.Base(p), data), Size: size, ContentHash: hash})
}

// ReadHash returns the bytes of the attachment with the content hash.
// Returns ENOTFOUND when the blob store lacks it.
func (a *Attachments) ReadHash(hash string) ([]byte, error) {
	f, err := a.blobs.Open(hash)
	if err != nil {
		return nil, backend.Errorf(backend.ENOTFOUND, "no attachment with content %s", hash)
	}
	defer f.Close()
	return io.ReadAll(f)
}

// Open returns the attachment a link target names and its bytes; close
// them. Returns ENOTFOUND when no attachment is named so or its file is
// missing.
func (a *Attachments) Open(ctx context.Context, target string) (*backend.Attachment, io.ReadCloser, error) {
	att, err := a.store.FindAttachment(ctx, target)
	if err != nil {
		return nil, nil, err
	}
	f, err := a.blobs.Open(att.ContentHash)
	if err != nil {
		return nil, nil, backend.Errorf(backend.ENOTFOUND, "the file of %s is missing", att.Path)
	}
	return att, f, nil
}

// cleanFileName keeps a file name's last element, without characters that
// cannot be in a vault path; "" becomes a "Pasted file" name with the time.
func cleanFileName(name string) string {
	name = strings.ToValidUTF8(path.Base(strings.ReplaceAll(name, "\\", "/")), "")
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || strings.ContainsRune(`/\:*?"<>|[]#^`, r) {
			return '-'
		}
		return r
	}, strings.TrimSpace(name))
	name = strings.TrimLeft(name, ".")
	if name == "" || name == "-" {
		name = "Pasted file " + time.Now().Format("20060102150405")
	}
	for utf8.RuneCountInString(name) > 120 {
		r := []rune(name)
		name = string(r[len(r)-120:])
	}
	return name
}

// sniff returns a file's MIME type: by its extension, else by its bytes.
func sniff(name string, data []byte) string {
	if t := mime.TypeByExtension(strings.ToLower(path.Ext(name))); t != "" {
		return t
	}
	return http.DetectContentType(data)
}
