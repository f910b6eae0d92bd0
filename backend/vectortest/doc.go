// Package vectortest is the conformance suite of backend.VectorIndex, like
// testing/fstest: one list of cases that every implementation (the embedded
// in-process index, the Qdrant adapter) must pass, so semantic search
// behaves the same with or without a Qdrant server.
//
// # API
//
//	// Factory returns a new, empty VectorIndex of dimension dim, private to t.
//	type Factory func(t *testing.T, dim int) backend.VectorIndex
//
//	// Run runs every case as a subtest of t.
//	func Run(t *testing.T, newIndex Factory)
//
// Use it from the implementation's tests:
//
//	func TestConformance(t *testing.T) {
//		vectortest.Run(t, func(t *testing.T, dim int) backend.VectorIndex {
//			ix, err := myindex.Open(..., dim)
//			if err != nil {
//				t.Fatal(err)
//			}
//			t.Cleanup(func() { ix.Close() })
//			return ix
//		})
//	}
//
// The factory is called once per case (several times by some) and must
// return an index holding no points; it cleans up after itself with
// t.Cleanup (a collection per call on a shared server). It may call t.Skip
// (no server configured) or t.Fatal.
//
// # What is checked
//
//   - Upsert adds points and replaces them by ID (vector and payload);
//     Count follows. An empty batch is no error.
//   - DeleteNote removes every chunk of the notes named, several at once;
//     unknown notes and no notes are no error.
//   - Search ranks by cosine similarity (scale invariant, negative scores
//     included), returns NoteID and Chunk of each point and a score within
//     1e-4 of the exact cosine, orders ties (equal scores) by ID ascending
//     in bytes — also when the tie straddles the limit.
//   - Every filter alone and combined: Tags all-of; Folder is the folder or
//     inside it ("notes" keeps "notes" and "notes/sub", not "notes2" nor
//     "other/notes"); Type; ExcludeNote.
//   - limit: fewer points than limit, limit 1, limit < 1 is EINVALID.
//   - A vector of the wrong length (Upsert, Search) is EINVALID and a batch
//     holding one writes nothing.
//   - An empty index answers Count 0 and empty searches.
//   - Goroutine safety: concurrent upserts, searches and deletes (run the
//     tests with -race).
//   - A few thousand random points, replaced and deleted in part, against
//     a brute-force search over the same data, with random filters and
//     limits. Results must be the exact top-k; a different point is
//     accepted only where its exact score is within 1e-4 of the expected
//     one (float rounding between near ties), so an approximate index must
//     be exact at this size.
package vectortest
