package dto

import (
	"encoding/json"
	"strings"
	"testing"

	"secondbrain/backend"
)

// The frontend uses the generated models as they come: a list is [] when
// empty, never null, whatever the backend handed over.
func TestEmptyListsAreArrays(t *testing.T) {
	cases := map[string]any{
		"page":      FromPage(&backend.NotePage{}),
		"versions":  FromVersions(nil),
		"backlinks": FromBacklinks(nil),
		"mentions":  FromMentions(nil),
		"links":     FromLinks(nil),
		"tags":      FromTags(nil),
		"folders":   FromFolders(nil),
		"hits":      FromHits(nil),
		"titles":    FromTitleMatches(nil),
		"subgraph":  FromSubgraph(&backend.Subgraph{Nodes: []backend.GraphNode{{ID: "n"}}}, nil),
	}
	for name, v := range cases {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if strings.Contains(string(b), "null") {
			t.Errorf("%s: %s has a null list", name, b)
		}
	}
}
