package app

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"secondbrain/backend"
)

func TestAttachAndServe(t *testing.T) {
	a, _ := startApp(t)
	api := &NotesAPI{app: a}
	png := []byte("\x89PNG\r\n\x1a\n fake image bytes")
	enc := base64.StdEncoding.EncodeToString
	got, err := api.Attach("C:\\Users\\me\\diagram.png", enc(png))
	if err != nil || got.Path != "attachments/diagram.png" || got.Markdown != "![[attachments/diagram.png]]" {
		t.Fatalf("Attach = %+v, %v; want attachments/diagram.png", got, err)
	}
	again, err := api.Attach("diagram.png", enc(png))
	if err != nil || again.Path != got.Path {
		t.Fatalf("same file again = %+v, %v; want the same path", again, err)
	}
	other, err := api.Attach("diagram.png", enc([]byte("\x89PNG\r\n\x1a\n another")))
	if err != nil || other.Path != "attachments/diagram 2.png" {
		t.Fatalf("other content, same name = %+v, %v; want attachments/diagram 2.png", other, err)
	}
	if _, err := api.Attach("page.html", enc([]byte("<script>window.pwned=1</script>"))); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []struct{ name, data string }{{"x.png", ""}, {"x.png", "not base64!"}} {
		if _, err := api.Attach(bad.name, bad.data); backend.ErrorCode(err) != backend.EINVALID {
			t.Errorf("Attach(%q, %q): got %v; want invalid", bad.name, bad.data, err)
		}
	}

	tests := []struct {
		name, path, wantType string
		wantCode             int
		wantBody             string
	}{
		{"image inline by name", "/attachments/diagram.png", "image/png", 200, string(png)},
		{"image by path", "/attachments/attachments/diagram%202.png", "image/png", 200, "another"},
		{"html is a download, never a page", "/attachments/page.html", "application/octet-stream", 200, "<script>"},
		{"missing", "/attachments/nope.png", "", 404, ""},
		{"escaping", "/attachments/../../etc/passwd", "", 404, ""},
		{"other routes", "/api/x", "", 404, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			a.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tc.path, nil))
			if rec.Code != tc.wantCode {
				t.Fatalf("GET %s = %d; want %d", tc.path, rec.Code, tc.wantCode)
			}
			if tc.wantCode != 200 {
				return
			}
			if ct := rec.Header().Get("Content-Type"); ct != tc.wantType {
				t.Errorf("Content-Type = %q; want %q", ct, tc.wantType)
			}
			if !strings.Contains(rec.Body.String(), tc.wantBody) {
				t.Errorf("body = %q; want it to hold %q", rec.Body.String(), tc.wantBody)
			}
			if tc.wantType == "application/octet-stream" && !strings.HasPrefix(rec.Header().Get("Content-Disposition"), "attachment") {
				t.Errorf("Content-Disposition = %q; want attachment", rec.Header().Get("Content-Disposition"))
			}
			if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no nosniff header")
			}
		})
	}
}
