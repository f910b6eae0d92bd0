package stack

import (
	"context"
	"os"
	"sync"
	"time"

	"secondbrain/backend"
	"secondbrain/backend/config"
	"secondbrain/backend/embedder"
	"secondbrain/backend/embedder/onnx"
	"secondbrain/backend/hybrid"
	"secondbrain/backend/indexer"
	"secondbrain/backend/lexical"
	"secondbrain/backend/vectorcache"
	"secondbrain/backend/vectorindex"
)

// semanticSide is the semantic half of a stack: the embedder, the embedded
// vector index (filled from PostgreSQL on first use; nil when Qdrant is
// configured, see qdrant.go) and the indexer.
type semanticSide struct {
	emb     backend.Embedder
	index   *vectorindex.Index
	indexer *indexer.Indexer

	loadMu sync.Mutex
	loaded bool
	// cache keeps the embedded index in a file of the data folder (nil
	// with Qdrant, or when SECONDBRAIN_VECTOR_FILE is "off").
	cache *vectorcache.Cache

	run background
}

// VectorFileEnv turns the embedded vector index's file off when "off":
// every process then reads every vector from PostgreSQL, and writes no file.
const VectorFileEnv = "SECONDBRAIN_VECTOR_FILE"

// Timing of the desktop app's index file: how often it takes in the
// vectors other processes stored, and how often it writes the file when
// the index changed (it also does at close).
const (
	vectorSyncEvery = time.Minute
	vectorSaveEvery = 10 * time.Minute
)

// EmbeddingsStatus is the `doctor` view of the embeddings.
type EmbeddingsStatus struct {
	Model   string `json:"model"`
	Indexed int    `json:"indexed"`
	Total   int    `json:"total"`
	Failed  int    `json:"failed"`
	Error   string `json:"error,omitempty"`
}

// NewEmbedder returns the embedder c configures: an Ollama or
// OpenAI-compatible endpoint, the transformer run by ONNX Runtime ("onnx",
// loaded once per process; c.Model "bge-small-en-v1.5",
// "multilingual-e5-small" or "" for all-MiniLM-L6-v2), or the built-in
// model when c.API is empty or "builtin". Returns EINVALID for an unknown
// API or a missing URL or model, EUNAVAILABLE when the onnx model or its
// runtime is missing.
func NewEmbedder(c config.Embedder) (backend.Embedder, error) {
	switch c.API {
	case "", "builtin":
		return embedder.LazyBuiltin()
	case "onnx":
		return onnx.Shared(onnx.Options{Dir: c.ModelDir, Library: c.ONNXRuntimeLib, Model: c.Model})
	}
	return embedder.NewHTTP(embedder.HTTPOptions{API: embedder.API(c.API), BaseURL: c.URL,
		Model: c.Model, Dim: c.Dim, APIKey: c.APIKey})
}

// openSemantic sets up semantic and hybrid search over the store.
func (s *Stack) openSemantic(ctx context.Context) error {
	emb, err := NewEmbedder(s.Config.Embedder)
	if err != nil {
		return err
	}
	side := &semanticSide{emb: emb}
	s.semantic = side
	if err := s.openQdrant(ctx, emb); err != nil {
		return err
	}
	var index backend.VectorIndex
	if s.qdrant != nil {
		// The indexer writes PostgreSQL only; the Qdrant projector copies.
		index = s.qdrant.index
		side.indexer = indexer.New(s.store, emb, nil, indexer.Options{Events: s.store, Logger: s.log})
	} else {
		side.index = vectorindex.New(emb.Dim())
		index = side.index
		side.indexer = indexer.New(s.store, emb, side.index, indexer.Options{Events: s.store, Logger: s.log,
			Mark: s.store.SettledSeq})
	}
	s.Search = &hybrid.Searcher{Lexical: lexical.New(s.store), Chunks: s.store, Embed: emb, Index: index,
		Fusion: fusionFor(emb.Model()), Ready: s.readySemantic}
	return nil
}

// Hybrid search describes only the word hits it keeps.
var _ hybrid.RankedSearcher = (*lexical.Searcher)(nil)

// fusionFor returns the fusion of lexical and semantic rankings tuned for
// the embedding model (its Model id): each model's meaning side is worth a
// different share (see hybrid.E5Fusion).
func fusionFor(model string) hybrid.Fusion {
	switch model {
	case onnx.E5ModelID:
		return hybrid.E5Fusion
	case onnx.BGEModelID:
		return hybrid.BGEFusion
	}
	return hybrid.DefaultFusion
}

// loadIndex fills the embedded index once: from its file in the data
// folder and the vectors stored since (see vectorcache), or from every
// vector stored in PostgreSQL.
func (s *Stack) loadIndex(ctx context.Context) error {
	side := s.semantic
	side.loadMu.Lock()
	defer side.loadMu.Unlock()
	if side.loaded || side.index == nil {
		return nil
	}
	if os.Getenv(VectorFileEnv) == "off" || s.Config.DataDir == "" {
		if _, err := indexer.LoadIndex(ctx, s.store, side.emb.Model(), side.index); err != nil {
			return err
		}
		side.loaded = true
		return nil
	}
	vault, err := s.store.VaultID(ctx)
	if err != nil {
		return err
	}
	model := side.emb.Model()
	cache := vectorcache.New(s.store, side.index, vectorcache.Options{
		Path: vectorcache.FilePath(s.Config.DataDir, model), Model: model, Scope: vault.String(), Logger: s.log,
		RewriteAt: indexRewriteAt})
	st, err := cache.Load(ctx)
	if err != nil {
		return err
	}
	s.log.Debug("vector index loaded", "count", st.Points, "from_file", st.FromFile, "changed", st.Changed,
		"rebuilt", st.Rebuilt, "saved", st.Saved)
	side.cache, side.loaded = cache, true
	return nil
}

// syncIndex takes into the embedded index what was embedded since it was
// loaded or last synced, by this process or another.
func (s *Stack) syncIndex(ctx context.Context) error {
	if c := s.semantic.cache; c != nil {
		_, err := c.Sync(ctx)
		return err
	}
	return nil
}

// keepIndexFile syncs the index every vectorSyncEvery and writes its file
// every vectorSaveEvery when it changed, until ctx ends.
func (s *Stack) keepIndexFile(ctx context.Context) {
	c := s.semantic.cache
	if c == nil {
		return
	}
	syncs, saves := time.NewTicker(vectorSyncEvery), time.NewTicker(vectorSaveEvery)
	defer syncs.Stop()
	defer saves.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-syncs.C:
			if _, err := c.Sync(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("vector index not synced", "err", err)
			}
		case <-saves.C:
			c.SetEmbedded(s.semantic.indexer.CaughtUp())
			c.Save()
		}
	}
}

// saveIndex syncs the index and writes its file if it changed (at close).
func (s *Stack) saveIndex(ctx context.Context) {
	c := s.semantic.cache
	if c == nil {
		return
	}
	if _, err := c.Sync(ctx); err != nil {
		s.log.Warn("vector index not synced", "err", err)
	}
	c.SetEmbedded(s.semantic.indexer.CaughtUp())
	c.Save()
}

// readySemantic runs before a semantic search: the index is loaded, and
// without a background indexer (the CLI) every pending note is embedded first.
func (s *Stack) readySemantic(ctx context.Context) error {
	if err := s.loadIndex(ctx); err != nil {
		return err
	}
	if s.semantic.run.running() {
		return nil
	}
	n, err := s.embedPending(ctx)
	if err != nil {
		return err
	}
	if c := s.semantic.cache; c != nil {
		if n > 0 {
			// The notes just embedded move the index past its file's
			// checkpoint; far enough, and the file is written again.
			if err := s.syncIndex(ctx); err != nil {
				return err
			}
		}
		c.SaveIfBehind()
	}
	return s.catchUpQdrant(ctx)
}

// mostTouched is how many notes changed since everything was embedded make
// embedPending look at every note rather than at those; indexRewriteAt is
// the index file's RewriteAt (0: vectorcache's). Variables for tests.
var (
	mostTouched    = 5000
	indexRewriteAt = 0
)

// embedPending embeds every pending note. With the index file's mark (up
// to it every changed note was embedded) it looks only at the notes the
// event log shows changed since, instead of at every note; a complete pass
// moves the mark. The notes looked at are counted against the file's mark,
// so that once they are many the file is written with the new mark (see
// vectorcache.Cache.SaveIfBehind) and the next command does not look at
// them again: a mark left behind a bulk embedding would make every command
// look at every note.
func (s *Stack) embedPending(ctx context.Context) (int, error) {
	side := s.semantic
	c := side.cache
	touched := 0
	if c != nil && c.Embedded() > 0 {
		ids, next, tooMany, err := s.store.NotesTouchedSince(ctx, c.Embedded(), mostTouched)
		if err != nil {
			return 0, err
		}
		if !tooMany {
			n, err := side.indexer.CatchUpNotes(ctx, ids)
			if err == nil {
				c.MoveEmbedded(next, len(ids))
			}
			return n, err
		}
		touched = mostTouched + 1
	}
	n, err := side.indexer.CatchUp(ctx)
	if err == nil && c != nil {
		c.MoveEmbedded(side.indexer.CaughtUp(), touched)
	}
	return n, err
}

// CatchUpEmbeddings loads the vector index and embeds every pending note.
func (s *Stack) CatchUpEmbeddings(ctx context.Context) error {
	if err := s.loadIndex(ctx); err != nil {
		return err
	}
	if _, err := s.semantic.indexer.CatchUp(ctx); err != nil {
		return err
	}
	return s.catchUpQdrant(ctx)
}

// StartIndexer embeds notes in the background until ctx ends or the stack
// closes. The desktop app calls it once after Open.
func (s *Stack) StartIndexer(ctx context.Context) {
	side := s.semantic
	side.run.start(ctx, func(ctx context.Context) {
		if err := s.loadIndex(ctx); err != nil {
			s.log.Warn("vector index not loaded", "err", err)
		}
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.keepIndexFile(ctx)
		}()
		side.indexer.Run(ctx)
		wg.Wait()
	})
	s.startQdrant(ctx)
}

// closeSemantic stops the background indexer and the Qdrant projector.
func (s *Stack) closeSemantic() {
	s.closeQdrant()
	side := s.semantic
	if side == nil {
		return
	}
	side.run.stop()
	if side.run.running() {
		// The desktop app: keep what this session embedded for the next.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		s.saveIndex(ctx)
	}
}

// EmbeddingsStatus reports the embedding model and how far the indexer got.
func (s *Stack) EmbeddingsStatus(ctx context.Context) EmbeddingsStatus {
	st := EmbeddingsStatus{Model: s.semantic.emb.Model()}
	c, err := s.store.EmbeddingCounts(ctx, st.Model)
	if err != nil {
		st.Error = backend.ErrorMessage(err)
		return st
	}
	st.Indexed, st.Total, st.Failed = c.Indexed, c.Total, c.Failed
	return st
}

// EmbedPending embeds every note changed since its last embedding, without
// loading the vector index or feeding Qdrant (see CatchUpEmbeddings).
func (s *Stack) EmbedPending(ctx context.Context) error {
	_, err := s.semantic.indexer.CatchUp(ctx)
	return err
}

// IndexerState is what the background indexer is doing.
type IndexerState struct {
	// Running is true while a pass embeds notes; Paused while paused.
	Running bool
	Paused  bool
	// Embedded counts the chunks embedded since the process started.
	Embedded int
	// LastError is why the last pass stopped, "" after a success.
	LastError string
}

// IndexerState reports what the background indexer is doing.
func (s *Stack) IndexerState(ctx context.Context) IndexerState {
	p, _ := s.semantic.indexer.Progress(ctx)
	return IndexerState{Running: p.Running, Paused: p.Paused, Embedded: p.Embedded, LastError: p.LastError}
}

// SetIndexingPaused pauses the background embedding of notes (it stops
// before its next batch) or lets it go on at once.
func (s *Stack) SetIndexingPaused(paused bool) {
	ix := s.semantic.indexer
	if paused {
		ix.Pause()
		return
	}
	ix.Resume()
	ix.Wake()
}
