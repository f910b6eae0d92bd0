package pgstore_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/google/uuid"

	"secondbrain/backend"
)

// Two writers replacing the same note's chunks at once (the app's indexer
// and another process's) never collide on the stable chunk ids, and the
// note ends with the chunks of one complete write.
func TestReplaceChunksConcurrently(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	n := create(t, st, "Race.md", "one\n\ntwo")
	write := func(writer, round int) error {
		chunks := make([]backend.Chunk, 1+(writer+round)%3)
		for i := range chunks {
			chunks[i] = backend.Chunk{ID: uuid.NewSHA1(n.ID, fmt.Appendf(nil, "%d", i)), NoteID: n.ID, Ordinal: i,
				Text: fmt.Sprintf("w%d r%d c%d", writer, round, i), Hash: "h", Vector: []float32{1, 0}}
		}
		return st.ReplaceChunks(ctx, "m", []backend.NoteChunks{{NoteID: n.ID, Version: n.Version, Chunks: chunks}})
	}
	for round := range 20 {
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for w := range 2 {
			wg.Go(func() { errs[w] = write(w, round) })
		}
		wg.Wait()
		for w, err := range errs {
			if err != nil {
				t.Fatalf("round %d, writer %d: %v", round, w, err)
			}
		}
	}
	var chunks, writers int
	if err := st.DB().QueryRowContext(ctx, `SELECT count(*), count(DISTINCT split_part(text, ' ', 1)) FROM chunks WHERE note_id = $1`, n.ID).Scan(&chunks, &writers); err != nil {
		t.Fatal(err)
	}
	if chunks == 0 || writers != 1 {
		t.Fatalf("after the races the note has %d chunks from %d writers, want the chunks of one write", chunks, writers)
	}
}
