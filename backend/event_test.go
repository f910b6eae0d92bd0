package backend

import (
	"encoding/json"
	"reflect"
	"testing"
)

// Payloads already stored in users' logs (written as maps before the
// payloads were typed) must decode, and what is written now must carry the
// same fields.
func TestEventPayloadsKeepTheStoredShape(t *testing.T) {
	body := "text"
	cases := []struct {
		name string
		old  string // as stored (jsonb orders keys by length, then bytes)
		into any
		want any
	}{
		{"created", `{"body": "text", "path": "A.md", "title": "A", "version": 1}`, &NotePayload{},
			&NotePayload{Version: 1, Title: "A", Path: "A.md", Body: &body}},
		{"reverted", `{"body": "text", "path": "A.md", "title": "A", "version": 3, "from_version": 1}`, &NotePayload{},
			&NotePayload{Version: 3, Title: "A", Path: "A.md", Body: &body, FromVersion: 1}},
		{"renamed", `{"path": "B.md", "title": "B", "version": 2, "old_path": "A.md", "old_title": "A"}`, &NotePayload{},
			&NotePayload{Version: 2, Title: "B", Path: "B.md", OldTitle: "A", OldPath: "A.md"}},
		{"rewritten", `{"body": "text", "path": "C.md", "title": "C", "reason": "rename", "renamed": "0b6f3e0a-4c1e-4f7a-9a51-0d9c4e8f2a11", "version": 4}`, &NotePayload{},
			&NotePayload{Version: 4, Title: "C", Path: "C.md", Body: &body, Reason: "rename", Renamed: "0b6f3e0a-4c1e-4f7a-9a51-0d9c4e8f2a11"}},
		{"purged", `{"path": "A.md", "title": "A", "purged": true, "version": 2}`, &NotePayload{},
			&NotePayload{Version: 2, Title: "A", Path: "A.md", Purged: true}},
		{"imported", `{"body": "text", "path": "A.md", "title": "A", "source": "import", "version": 1, "created_at": "2024-01-02T03:04:05Z"}`, &NotePayload{},
			&NotePayload{Version: 1, Title: "A", Path: "A.md", Body: &body, Source: "import", CreatedAt: "2024-01-02T03:04:05Z"}},
		{"agent call", `{"tool": "search", "error": false, "client": "claude", "dur_ms": 12, "arguments": {"query": "x"}, "result_bytes": 40}`, &AgentCallPayload{},
			&AgentCallPayload{Tool: "search", Arguments: map[string]any{"query": "x"}, ResultBytes: 40, Client: "claude", DurMS: 12}},
		{"setting", `{"key": "theme", "value": "dark"}`, &SettingPayload{},
			&SettingPayload{Key: "theme", Value: json.RawMessage(`"dark"`)}},
		{"links resolved", `{"sources": ["0b6f3e0a-4c1e-4f7a-9a51-0d9c4e8f2a11"]}`, &SourcesPayload{}, nil},
	}
	for _, c := range cases {
		if err := json.Unmarshal([]byte(c.old), c.into); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if c.want != nil && !reflect.DeepEqual(c.into, c.want) {
			t.Errorf("%s: decoded %+v, want %+v", c.name, c.into, c.want)
		}
		// Encoded again, the payload has the same fields and values.
		again, err := json.Marshal(c.into)
		if err != nil {
			t.Fatal(err)
		}
		var a, b map[string]any
		_ = json.Unmarshal([]byte(c.old), &a)
		_ = json.Unmarshal(again, &b)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: encoded as %s, stored as %s", c.name, again, c.old)
		}
	}
}

// A note created with an empty body still records the body, so that its
// history shows the empty text rather than a missing one.
func TestNotePayloadKeepsAnEmptyBody(t *testing.T) {
	empty := ""
	b, err := json.Marshal(NotePayload{Version: 1, Title: "A", Path: "A.md", Body: &empty})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"version":1,"title":"A","path":"A.md","body":""}` {
		t.Errorf("encoded %s", b)
	}
}
