package app

import (
	"context"
	"encoding/base64"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"

	"secondbrain/app/stack"
	"secondbrain/backend"
)

// AttachmentsRoute is where the webview loads attachments from:
// /attachments/<link target>, e.g. /attachments/diagram.png.
const AttachmentsRoute = "/attachments/"

// Attached is a stored attachment and the Markdown that embeds it.
type Attached struct {
	ID       string `json:"id"`
	Path     string `json:"path"`
	Markdown string `json:"markdown"`
}

// Attach stores a pasted or dropped file (its bytes base64-encoded) in the
// vault's attachments/ folder and returns the embed to insert. A file of
// the same name but other content gets a new name; the same content is
// stored once. Errors: invalid for an empty, oversized or unnamed file.
func (n *NotesAPI) Attach(fileName, dataBase64 string) (Attached, error) {
	data, err := base64.StdEncoding.DecodeString(dataBase64)
	if err != nil {
		return Attached{}, backend.Errorf(backend.EINVALID, "the file could not be read (not base64)")
	}
	return callTo(n.app, func(ctx context.Context, s *stack.Stack) (*backend.Attachment, error) {
		return s.Attachments.Attach(ctx, fileName, data)
	}, attachedOf)
}

// attachedOf converts a stored attachment, with the Markdown that embeds it.
func attachedOf(a *backend.Attachment) Attached {
	return Attached{ID: a.ID.String(), Path: a.Path, Markdown: "![[" + a.Path + "]]"}
}

// inlineTypes are the attachment types the webview may show inline. SVG
// and HTML are not among them: they can hold scripts.
var inlineTypes = map[string]bool{"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true, "image/avif": true}

// ServeHTTP serves attachments to the webview (the Wails asset server sends
// it what is not a frontend asset). Images show inline; every other type is
// a download, never a page running in the app's origin.
func (a *App) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet || !strings.HasPrefix(r.URL.Path, AttachmentsRoute) {
		http.NotFound(w, r)
		return
	}
	target, err := url.PathUnescape(strings.TrimPrefix(r.URL.EscapedPath(), AttachmentsRoute))
	if err != nil || target == "" || strings.Contains(target, "..") {
		http.NotFound(w, r)
		return
	}
	err = a.call(func(ctx context.Context, s *stack.Stack) error {
		att, f, err := s.Attachments.Open(ctx, target)
		if err != nil {
			return err
		}
		defer f.Close()
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
		h.Set("Cache-Control", "private, max-age=3600")
		if inlineTypes[att.MimeType] {
			h.Set("Content-Type", att.MimeType)
		} else {
			h.Set("Content-Type", "application/octet-stream")
			h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": path.Base(att.Path)}))
		}
		_, err = io.Copy(w, f)
		return err
	})
	if err != nil {
		code := http.StatusInternalServerError
		switch backend.ErrorCode(err) {
		case backend.ENOTFOUND:
			code = http.StatusNotFound
		case backend.EUNAVAILABLE:
			code = http.StatusServiceUnavailable
		}
		http.Error(w, backend.ErrorMessage(err), code)
	}
}
