package app

import (
	"reflect"
	"testing"

	"secondbrain/backend/hybrid"
)

func TestReasonsOf(t *testing.T) {
	cases := []struct {
		name string
		hit  hybrid.RelatedHit
		want []RelatedReason
	}{
		{"meaning only", hybrid.RelatedHit{Similarity: 0.734}, []RelatedReason{{"meaning", "73% similar"}}},
		{"everything", hybrid.RelatedHit{LinksTo: true, LinkedFrom: true, Shared: 5, SharedLinkNames: []string{"foam", "vscode"},
			SharedTags: 1, SharedTagNames: []string{"tools"}, Similarity: 0.5},
			[]RelatedReason{{"link", "linked both ways"}, {"shared-links", "both link to foam, vscode +3"}, {"shared-tags", "#tools"}, {"meaning", "50% similar"}}},
		{"backlink", hybrid.RelatedHit{LinkedFrom: true}, []RelatedReason{{"link", "links here"}}},
	}
	for _, c := range cases {
		if got := reasonsOf(c.hit); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: reasons = %+v; want %+v", c.name, got, c.want)
		}
	}
}
