package app

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"secondbrain/app/stack"
	"secondbrain/backend"
)

// maxAttachment is the largest file Attach accepts.
const maxAttachment = 64 << 20

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
	if len(data) == 0 {
		return Attached{}, backend.Errorf(backend.EINVALID, "the file is empty")
	}
	if len(data) > maxAttachment {
		return Attached{}, backend.Errorf(backend.EINVALID, "the file is %.1f MB; attachments are limited to %d MB", float64(len(data))/(1<<20), maxAttachment>>20)
	}
	name := cleanFileName(fileName)
	var out Attached
	err = n.app.call(func(ctx context.Context, s *stack.Stack) error {
		hash, size, err := s.Blobs.Put(bytes.NewReader(data))
		if err != nil {
			return backend.Errorf(backend.EUNAVAILABLE, "cannot store the attachment: %v", err)
		}
		p := "attachments/" + name
		for i := 2; ; i++ {
			existing, err := s.Store.FindAttachment(ctx, p)
			if backend.ErrorCode(err) == backend.ENOTFOUND || (err == nil && existing.ContentHash == hash) {
				break
			}
			if err != nil {
				return err
			}
			ext := path.Ext(name)
			p = fmt.Sprintf("attachments/%s %d%s", strings.TrimSuffix(name, ext), i, ext)
		}
		a, err := s.Store.PutAttachment(ctx, backend.AttachmentWrite{Path: p, MimeType: sniff(name, data), Size: size, ContentHash: hash})
		if err != nil {
			return err
		}
		out = Attached{ID: a.ID.String(), Path: a.Path, Markdown: "![[" + a.Path + "]]"}
		return nil
	})
	return out, err
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

func sniff(name string, data []byte) string {
	if t := mime.TypeByExtension(strings.ToLower(path.Ext(name))); t != "" {
		return t
	}
	return http.DetectContentType(data)
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
		att, err := s.Store.FindAttachment(ctx, target)
		if err != nil {
			return err
		}
		f, err := s.Blobs.Open(att.ContentHash)
		if err != nil {
			return backend.Errorf(backend.ENOTFOUND, "the file of %s is missing", att.Path)
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
