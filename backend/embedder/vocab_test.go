package embedder

import (
	"encoding/json"
	"maps"
	"testing"
)

// TestParseVocabAsEncodingJSON: parseVocab reads the built-in model's
// vocabulary and hand-made objects as encoding/json reads them into a
// map[string]int32, and refuses what it refuses.
func TestParseVocabAsEncodingJSON(t *testing.T) {
	var tok struct {
		Model struct {
			Vocab json.RawMessage `json:"vocab"`
		} `json:"model"`
	}
	if err := json.Unmarshal(builtinTokenizer, &tok); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, src string }{
		{"built-in", string(tok.Model.Vocab)},
		{"empty", "{}"},
		{"spaced", " {\n\t\"a\" : 1 ,\r\n \"b\":2 } "},
		{"escapes", `{"\"q\"": 1, "back\\slash": 2, "\u00e9t\u00e9": 3, "\ud83d\ude00": 4, "tab\t": 5, "\/": 6}`},
		{"repeated key", `{"a": 1, "a": 2}`},
		{"not UTF-8", "{\"a\xffb\": 1}"},
		{"negative", `{"a": -3}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want map[string]int32
			if err := json.Unmarshal([]byte(tc.src), &want); err != nil {
				t.Fatal(err)
			}
			got, err := parseVocab([]byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, want) {
				t.Errorf("parseVocab = %d tokens; encoding/json %d, or other ids", len(got), len(want))
			}
		})
	}
	for _, bad := range []string{"", "[]", `{"a": 1`, `{"a" 1}`, `{"a": 1,}`, `{"a": x}`, `{"a": 1.5}`,
		`{"a": 99999999999}`, `{"a": 1} x`, `{a: 1}`, "{\"a\nb\": 1}", `{"a\q": 1}`, `{"a": 1 "b": 2}`} {
		var m map[string]int32
		if json.Unmarshal([]byte(bad), &m) == nil {
			t.Fatalf("encoding/json reads %q", bad)
		}
		if _, err := parseVocab([]byte(bad)); err == nil {
			t.Errorf("parseVocab(%q) succeeded; want an error, as encoding/json", bad)
		}
	}
}

// BenchmarkLoadBuiltin times loading the built-in model, as every CLI
// command that searches by meaning does, and in the same run reading its
// vocabulary with encoding/json (the way before parseVocab) for a ratio.
func BenchmarkLoadBuiltin(b *testing.B) {
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			if _, err := LoadStatic(BuiltinModel, builtinSafetensors, builtinTokenizer); err != nil {
				b.Fatal(err)
			}
		}
	})
	var tok struct {
		Model struct {
			Vocab json.RawMessage `json:"vocab"`
		} `json:"model"`
	}
	if err := json.Unmarshal(builtinTokenizer, &tok); err != nil {
		b.Fatal(err)
	}
	b.Run("vocab/parseVocab", func(b *testing.B) {
		for b.Loop() {
			if _, err := parseVocab(tok.Model.Vocab); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("vocab/encoding-json", func(b *testing.B) {
		for b.Loop() {
			var m map[string]int32
			if err := json.Unmarshal(tok.Model.Vocab, &m); err != nil {
				b.Fatal(err)
			}
		}
	})
}
