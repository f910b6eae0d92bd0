// Package qdrantindex keeps the vectors of one vault and one embedding
// model in a Qdrant collection: the backend.VectorIndex used when a Qdrant
// server is configured (SECONDBRAIN_QDRANT_ADDR), through the official
// gRPC client github.com/qdrant/go-client.
//
// # Collection
//
// One collection per vault and model, named by CollectionName (a sanitised
// "secondbrain_<vault>_<model>_<hash>"), of one unnamed dense vector of the
// model's dimension with cosine distance. Point ids are the chunks' stable
// ids (backend.VectorPoint.ID, a UUID derived from note, chunk and model),
// so replaying an upsert replaces rather than duplicates. The payload of
// every point:
//
//	note_id  keyword   the note's UUID
//	chunk    integer   the chunk's ordinal in its note
//	tags     keyword[] the note's tags
//	folder   keyword   the note's folder, "" at the vault's root
//	folders  keyword[] the folder and its ancestors: "a/b" → ["a", "a/b"],
//	                   so the folder filter is one exact match that keeps
//	                   subfolders ("a" keeps "a/b") but not "a2"
//	type     keyword   the note's type
//
// with keyword payload indexes on note_id, tags, folders and type, the
// fields the filters and DeleteNote use.
//
// # Errors
//
// gRPC statuses are translated here, at the edge, to backend codes:
// Unavailable, DeadlineExceeded (of the per-call timeout), ResourceExhausted
// and Aborted become EUNAVAILABLE, as do Unauthenticated and
// PermissionDenied (a missing or refused API key); InvalidArgument,
// FailedPrecondition and OutOfRange become EINVALID; NotFound (the
// collection was dropped behind the app's back) ENOTFOUND; the caller's
// cancellation ECANCELED; anything else EINTERNAL. Messages name the
// server's address and the collection, never the API key.
//
// Writes wait for Qdrant to apply them (wait=true) and succeed only when it
// answers Completed: a nil error means every point is written. A failed
// Upsert may have written some of its batches; upserts are idempotent, so
// the projector retries the whole call.
package qdrantindex

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/qdrant/go-client/qdrant"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"secondbrain/backend"
)

// DefaultPort is Qdrant's gRPC port, used when the address has none.
const DefaultPort = 6334

// Payload keys of a point.
const (
	keyNoteID  = "note_id"
	keyChunk   = "chunk"
	keyTags    = "tags"
	keyFolder  = "folder"
	keyFolders = "folders"
	keyType    = "type"
)

// indexedKeys are the payload keys with a keyword index.
var indexedKeys = []string{keyNoteID, keyTags, keyFolders, keyType}

const (
	// batchSize bounds the points of one upsert and the notes of one delete.
	batchSize = 256
	// tieMargin is how many hits beyond the limit a search asks for, to
	// order ties at the limit by ID.
	tieMargin = 8
	// maxFetch bounds the hits a search asks for while resolving a tie.
	maxFetch = 10000
)

// Options configure an Index.
type Options struct {
	// Addr is the server's gRPC address: host:port, or a URL
	// (http://host:port, https://host:port for TLS). The port defaults to
	// DefaultPort.
	Addr string
	// APIKey is sent with every call when set. It never appears in logs
	// or errors.
	APIKey string
	// TLS uses TLS even for an address without https://.
	TLS bool
	// Vault and Model name the collection (see CollectionName).
	Vault string
	Model string
	// Dim is the model's vector length.
	Dim int
	// Recreate drops an existing collection whose vectors do not fit the
	// model (another dimension or distance) and creates it empty, to be
	// filled again (a re-index). Without it Open returns EINVALID.
	Recreate bool
	// CallTimeout bounds each call whose context has no deadline; 0 means
	// 30 s.
	CallTimeout time.Duration
	// Logger receives the adapter's few log lines; nil discards them.
	Logger *slog.Logger
	// DialOptions are extra gRPC dial options, e.g. a shorter reconnect
	// backoff in tests.
	DialOptions []grpc.DialOption
}

// Index is a backend.VectorIndex over one Qdrant collection. It is safe for
// concurrent use.
type Index struct {
	client      *qdrant.Client
	name        string
	dim         int
	model       string
	addr        string // host:port, for messages
	callTimeout time.Duration
	log         *slog.Logger
}

var _ backend.VectorIndex = (*Index)(nil)

// Open connects to the server, checks its health and creates the
// collection of opts.Vault and opts.Model with its payload indexes, or
// checks the existing one. Returns EINVALID for bad options or an existing
// collection of another dimension (re-index: open with Recreate),
// EUNAVAILABLE when the server cannot be reached or refuses the API key,
// ECANCELED.
func Open(ctx context.Context, opts Options) (*Index, error) {
	const op = "qdrantindex.Open"
	host, port, useTLS, err := ParseAddr(opts.Addr)
	if err != nil {
		return nil, &backend.Error{Code: backend.EINVALID, Op: op, Message: err.Error()}
	}
	switch {
	case opts.Dim < 1:
		return nil, &backend.Error{Code: backend.EINVALID, Op: op, Message: fmt.Sprintf("the vector dimension must be at least 1, not %d", opts.Dim)}
	case opts.Vault == "" || opts.Model == "":
		return nil, &backend.Error{Code: backend.EINVALID, Op: op, Message: "a vault id and a model are needed to name the Qdrant collection"}
	}
	ix, err := dial(opts, host, port, useTLS)
	if err != nil {
		return nil, err
	}
	version, err := ix.health(ctx)
	if err == nil {
		err = ix.ensureCollection(ctx, opts.Recreate)
	}
	if err != nil {
		_ = ix.client.Close()
		return nil, err
	}
	ix.log.Info("qdrant collection ready", "addr", ix.addr, "version", version, "collection", ix.name, "dim", ix.dim)
	return ix, nil
}

// dial makes the client of an Index for opts, without calling the server.
func dial(opts Options, host string, port int, useTLS bool) (*Index, error) {
	timeout := opts.CallTimeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	ix := &Index{
		name:        CollectionName(opts.Vault, opts.Model),
		dim:         opts.Dim,
		model:       opts.Model,
		addr:        net.JoinHostPort(host, strconv.Itoa(port)),
		callTimeout: timeout,
		log:         logger.With("component", "qdrantindex"),
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]" // the client joins host and port with a plain colon
	}
	var err error
	ix.client, err = qdrant.NewClient(&qdrant.Config{
		Host:   host,
		Port:   port,
		APIKey: opts.APIKey,
		UseTLS: useTLS || opts.TLS,
		// The client's own check logs to slog.Default; Open checks health
		// itself and logs the version through the app's logger.
		SkipCompatibilityCheck: true,
		PoolSize:               1,
		GrpcOptions:            opts.DialOptions,
	})
	if err != nil {
		return nil, &backend.Error{Code: backend.EINVALID, Op: "qdrantindex.Open", Message: fmt.Sprintf("cannot use the Qdrant address %s", ix.addr), Err: err}
	}
	return ix, nil
}

// Check connects to the Qdrant server at addr, checks its health and
// returns its version, touching no collection: the settings' "test
// connection"; a wrong API key fails it. Returns EINVALID for a bad address, EUNAVAILABLE when the
// server cannot be reached or refuses the API key, ECANCELED.
func Check(ctx context.Context, addr, apiKey string) (string, error) {
	host, port, useTLS, err := ParseAddr(addr)
	if err != nil {
		return "", &backend.Error{Code: backend.EINVALID, Op: "qdrantindex.Check", Message: err.Error()}
	}
	ix, err := dial(Options{Addr: addr, APIKey: apiKey, Vault: "check", Model: "check", Dim: 1, CallTimeout: 10 * time.Second}, host, port, useTLS)
	if err != nil {
		return "", err
	}
	defer ix.client.Close()
	version, err := ix.health(ctx)
	if err != nil {
		return "", err
	}
	// The health check needs no key; listing the collections does.
	err = ix.call(ctx, "qdrantindex.Check", func(c context.Context) error {
		_, err := ix.client.ListCollections(c)
		return err
	})
	return version, err
}

// Close closes the connection.
func (ix *Index) Close() error { return ix.client.Close() }

// Collection returns the name of the index's collection.
func (ix *Index) Collection() string { return ix.name }

// Target names the server and collection for messages, without secrets.
func (ix *Index) Target() string { return fmt.Sprintf("Qdrant at %s, collection %q", ix.addr, ix.name) }

// Ping checks that the server answers. Returns EUNAVAILABLE otherwise, ECANCELED.
func (ix *Index) Ping(ctx context.Context) error {
	_, err := ix.health(ctx)
	return err
}

func (ix *Index) health(ctx context.Context) (string, error) {
	c, cancel := ix.callCtx(ctx, 5*time.Second)
	defer cancel()
	reply, err := ix.client.HealthCheck(c)
	if err != nil {
		return "", ix.translate(ctx, "qdrantindex.Ping", err)
	}
	return reply.GetVersion(), nil
}

// callCtx bounds a call that has no deadline of its own.
func (ix *Index) callCtx(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return context.WithCancel(ctx)
	}
	if d == 0 {
		d = ix.callTimeout
	}
	return context.WithTimeout(ctx, d)
}

// ensureCollection creates the collection and its payload indexes, or
// checks the existing one's vectors and adds missing indexes.
func (ix *Index) ensureCollection(ctx context.Context, recreate bool) error {
	const op = "qdrantindex.Open"
	c, cancel := ix.callCtx(ctx, 0)
	defer cancel()
	for attempt := 0; ; attempt++ {
		exists, err := ix.client.CollectionExists(c, ix.name)
		if err != nil {
			return ix.translate(ctx, op, err)
		}
		if !exists {
			err := ix.client.CreateCollection(c, &qdrant.CreateCollection{
				CollectionName: ix.name,
				VectorsConfig:  qdrant.NewVectorsConfig(&qdrant.VectorParams{Size: uint64(ix.dim), Distance: qdrant.Distance_Cosine}),
				Metadata:       qdrant.NewValueMap(map[string]any{"app": "secondbrain", "model": ix.model}),
			})
			if err == nil {
				return ix.ensureIndexes(ctx, c, nil)
			}
			if attempt > 0 {
				return ix.translate(ctx, op, err)
			}
			continue // created meanwhile by another process: check it
		}
		info, err := ix.client.GetCollectionInfo(c, ix.name)
		if err != nil {
			return ix.translate(ctx, op, err)
		}
		params := info.GetConfig().GetParams().GetVectorsConfig().GetParams()
		if params != nil && params.GetSize() == uint64(ix.dim) && params.GetDistance() == qdrant.Distance_Cosine {
			return ix.ensureIndexes(ctx, c, info.GetPayloadSchema())
		}
		have := "named vectors"
		if params != nil {
			have = fmt.Sprintf("vectors of %d dimensions compared by %s", params.GetSize(), params.GetDistance())
		}
		if !recreate || attempt > 0 {
			return &backend.Error{Code: backend.EINVALID, Op: op, Message: fmt.Sprintf(
				"the Qdrant collection %q at %s holds %s, but the model %s makes vectors of %d dimensions compared by cosine: re-index to rebuild the collection for this model",
				ix.name, ix.addr, have, ix.model, ix.dim)}
		}
		ix.log.Warn("recreating qdrant collection for another model", "collection", ix.name, "had", have, "dim", ix.dim)
		if err := ix.client.DeleteCollection(c, ix.name); err != nil {
			return ix.translate(ctx, op, err)
		}
	}
}

func (ix *Index) ensureIndexes(ctx, c context.Context, schema map[string]*qdrant.PayloadSchemaInfo) error {
	for _, key := range indexedKeys {
		if s, ok := schema[key]; ok && s.GetDataType() == qdrant.PayloadSchemaType_Keyword {
			continue
		}
		res, err := ix.client.CreateFieldIndex(c, &qdrant.CreateFieldIndexCollection{
			CollectionName: ix.name,
			Wait:           qdrant.PtrOf(true),
			FieldName:      key,
			FieldType:      qdrant.FieldType_FieldTypeKeyword.Enum(),
		})
		if err != nil {
			return ix.translate(ctx, "qdrantindex.Open", err)
		}
		if err := ix.completed(ctx, "qdrantindex.Open", res); err != nil {
			return err
		}
	}
	return nil
}

// Drop deletes the collection and everything in it. The Index is unusable
// afterwards but for Reset.
func (ix *Index) Drop(ctx context.Context) error {
	c, cancel := ix.callCtx(ctx, 0)
	defer cancel()
	exists, err := ix.client.CollectionExists(c, ix.name)
	if err == nil && exists {
		err = ix.client.DeleteCollection(c, ix.name)
	}
	return ix.translate(ctx, "qdrantindex.Drop", err)
}

// Reset empties the index: it drops the collection and creates it again
// (for a rebuild from scratch).
func (ix *Index) Reset(ctx context.Context) error {
	if err := ix.Drop(ctx); err != nil {
		return err
	}
	return ix.ensureCollection(ctx, false)
}

// completed checks that a write was applied, not only acknowledged.
func (ix *Index) completed(ctx context.Context, op string, res *qdrant.UpdateResult) error {
	if res.GetStatus() == qdrant.UpdateStatus_Completed {
		return nil
	}
	if ctx.Err() != nil {
		return ix.translate(ctx, op, ctx.Err())
	}
	return &backend.Error{Code: backend.EUNAVAILABLE, Op: op,
		Message: fmt.Sprintf("Qdrant at %s did not confirm the write (%s); try again", ix.addr, res.GetStatus())}
}

// checkVector returns EINVALID for a vector Qdrant cannot compare.
func (ix *Index) checkVector(op, what string, v []float32) error {
	if len(v) != ix.dim {
		return &backend.Error{Code: backend.EINVALID, Op: op, Message: fmt.Sprintf(
			"%s has %d dimensions, but the index of model %s holds %d: re-index if the model changed", what, len(v), ix.model, ix.dim)}
	}
	for _, x := range v {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return &backend.Error{Code: backend.EINVALID, Op: op, Message: fmt.Sprintf("%s holds a value that is not a finite number", what)}
		}
	}
	return nil
}

// Upsert adds or replaces points by ID, in batches, each applied before the
// next is sent. Every point is checked before anything is sent. Returns
// EINVALID for a vector of the wrong length or a nil ID, EUNAVAILABLE
// (possibly after some batches were written), ECANCELED.
func (ix *Index) Upsert(ctx context.Context, points []backend.VectorPoint) error {
	const op = "qdrantindex.Upsert"
	structs := make([]*qdrant.PointStruct, len(points))
	for i, p := range points {
		if p.ID == uuid.Nil {
			return &backend.Error{Code: backend.EINVALID, Op: op, Message: fmt.Sprintf("chunk %d of note %s has no point id", p.Chunk, p.NoteID)}
		}
		if err := ix.checkVector(op, fmt.Sprintf("the vector of chunk %d of note %s", p.Chunk, p.NoteID), p.Vector); err != nil {
			return err
		}
		structs[i] = &qdrant.PointStruct{
			Id:      qdrant.NewIDUUID(p.ID.String()),
			Vectors: qdrant.NewVectorsDense(p.Vector),
			Payload: payload(p),
		}
	}
	for start := 0; start < len(structs); start += batchSize {
		batch := structs[start:min(start+batchSize, len(structs))]
		err := ix.call(ctx, op, func(c context.Context) error {
			res, err := ix.client.Upsert(c, &qdrant.UpsertPoints{CollectionName: ix.name, Wait: qdrant.PtrOf(true), Points: batch})
			if err != nil {
				return err
			}
			return ix.completed(ctx, op, res)
		})
		if err != nil {
			var be *backend.Error
			if errors.As(err, &be) {
				be.Err = fmt.Errorf("%d of %d points written before the failure: %w", start, len(structs), be.Err)
			}
			return err
		}
	}
	return nil
}

// payload is the stored payload of a point.
func payload(p backend.VectorPoint) map[string]*qdrant.Value {
	folder := normFolder(p.Folder)
	return map[string]*qdrant.Value{
		keyNoteID:  qdrant.NewValueString(p.NoteID.String()),
		keyChunk:   qdrant.NewValueInt(int64(p.Chunk)),
		keyTags:    stringList(p.Tags),
		keyFolder:  qdrant.NewValueString(folder),
		keyFolders: stringList(Ancestors(folder)),
		keyType:    qdrant.NewValueString(p.Type),
	}
}

func stringList(ss []string) *qdrant.Value {
	vs := make([]*qdrant.Value, len(ss))
	for i, s := range ss {
		vs[i] = qdrant.NewValueString(s)
	}
	return qdrant.NewValueFromList(vs...)
}

// normFolder trims the slashes around a folder; "" is the vault's root.
func normFolder(f string) string { return strings.Trim(f, "/") }

// Ancestors returns a folder and the folders it is inside, outermost first:
// "a/b/c" → ["a", "a/b", "a/b/c"]; nil for the root "".
func Ancestors(folder string) []string {
	folder = normFolder(folder)
	if folder == "" {
		return nil
	}
	var out []string
	for i := range len(folder) {
		if folder[i] == '/' && i > 0 && folder[i-1] != '/' {
			out = append(out, folder[:i])
		}
	}
	return append(out, folder)
}

// DeleteNote removes every point of the notes. Returns EUNAVAILABLE,
// ECANCELED.
func (ix *Index) DeleteNote(ctx context.Context, noteIDs ...uuid.UUID) error {
	const op = "qdrantindex.DeleteNote"
	for start := 0; start < len(noteIDs); start += batchSize {
		batch := noteIDs[start:min(start+batchSize, len(noteIDs))]
		ids := make([]string, len(batch))
		for i, id := range batch {
			ids[i] = id.String()
		}
		err := ix.call(ctx, op, func(c context.Context) error {
			res, err := ix.client.Delete(c, &qdrant.DeletePoints{
				CollectionName: ix.name,
				Wait:           qdrant.PtrOf(true),
				Points:         qdrant.NewPointsSelectorFilter(&qdrant.Filter{Must: []*qdrant.Condition{qdrant.NewMatchKeywords(keyNoteID, ids...)}}),
			})
			if err != nil {
				return err
			}
			return ix.completed(ctx, op, res)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// filter is the Qdrant filter of a backend.VectorFilter; nil for none.
func filter(f backend.VectorFilter) *qdrant.Filter {
	var must, mustNot []*qdrant.Condition
	for _, tag := range f.Tags {
		must = append(must, qdrant.NewMatchKeyword(keyTags, tag))
	}
	if folder := normFolder(f.Folder); folder != "" {
		must = append(must, qdrant.NewMatchKeyword(keyFolders, folder))
	}
	if f.Type != "" {
		must = append(must, qdrant.NewMatchKeyword(keyType, f.Type))
	}
	if f.ExcludeNote != uuid.Nil {
		mustNot = append(mustNot, qdrant.NewMatchKeyword(keyNoteID, f.ExcludeNote.String()))
	}
	if len(must) == 0 && len(mustNot) == 0 {
		return nil
	}
	return &qdrant.Filter{Must: must, MustNot: mustNot}
}

// Search returns up to limit points nearest to vector that pass the
// filter, most similar first, ties by ID: it asks Qdrant for a few more
// than limit and, while the last of them still ties with the limit-th, for
// more. Returns EINVALID for a wrong dimension or limit < 1, EUNAVAILABLE,
// ECANCELED.
func (ix *Index) Search(ctx context.Context, vector []float32, limit int, f backend.VectorFilter) ([]backend.VectorHit, error) {
	const op = "qdrantindex.Search"
	if limit < 1 {
		return nil, &backend.Error{Code: backend.EINVALID, Op: op, Message: fmt.Sprintf("the search limit must be at least 1, not %d", limit)}
	}
	if err := ix.checkVector(op, "the query vector", vector); err != nil {
		return nil, err
	}
	flt := filter(f)
	fetch := uint64(limit + tieMargin)
	for {
		var res []*qdrant.ScoredPoint
		err := ix.call(ctx, op, func(c context.Context) error {
			var err error
			res, err = ix.client.Query(c, &qdrant.QueryPoints{
				CollectionName: ix.name,
				Query:          qdrant.NewQueryDense(vector),
				Filter:         flt,
				Limit:          qdrant.PtrOf(fetch),
				WithPayload:    qdrant.NewWithPayloadInclude(keyNoteID, keyChunk),
			})
			return err
		})
		if err != nil {
			return nil, err
		}
		hits, err := ix.hits(op, res)
		if err != nil {
			return nil, err
		}
		n := len(hits)
		if uint64(n) < fetch || n <= limit || hits[limit-1].Score != hits[n-1].Score || fetch >= maxFetch {
			return hits[:min(limit, n)], nil
		}
		fetch = min(fetch*2, maxFetch)
	}
}

// hits converts scored points, sorted by score then ID.
func (ix *Index) hits(op string, res []*qdrant.ScoredPoint) ([]backend.VectorHit, error) {
	hits := make([]backend.VectorHit, 0, len(res))
	for _, sp := range res {
		id, err := uuid.Parse(sp.GetId().GetUuid())
		if err != nil {
			return nil, &backend.Error{Code: backend.EINTERNAL, Op: op, Err: fmt.Errorf("collection %s holds point %v, not one of ours", ix.name, sp.GetId())}
		}
		note, err := uuid.Parse(sp.GetPayload()[keyNoteID].GetStringValue())
		chunk, ok := sp.GetPayload()[keyChunk].GetKind().(*qdrant.Value_IntegerValue)
		if err != nil || !ok {
			return nil, &backend.Error{Code: backend.EINTERNAL, Op: op, Err: fmt.Errorf("point %s of collection %s has no note_id or chunk payload", id, ix.name)}
		}
		hits = append(hits, backend.VectorHit{ID: id, NoteID: note, Chunk: int(chunk.IntegerValue), Score: max(-1, min(1, sp.GetScore()))})
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return bytes.Compare(hits[i].ID[:], hits[j].ID[:]) < 0
	})
	return hits, nil
}

// Count returns how many points the collection holds, counted exactly.
// Returns EUNAVAILABLE, ECANCELED.
func (ix *Index) Count(ctx context.Context) (int, error) {
	var n uint64
	err := ix.call(ctx, "qdrantindex.Count", func(c context.Context) error {
		var err error
		n, err = ix.client.Count(c, &qdrant.CountPoints{CollectionName: ix.name, Exact: qdrant.PtrOf(true)})
		return err
	})
	return int(n), err
}

// call runs one gRPC call under the per-call timeout and translates its error.
func (ix *Index) call(ctx context.Context, op string, f func(context.Context) error) error {
	c, cancel := ix.callCtx(ctx, 0)
	defer cancel()
	return ix.translate(ctx, op, f(c))
}

// translate maps a client error to a *backend.Error naming the server and
// collection, never the API key; the cause is kept for the log. ctx is the
// caller's context: its end is ECANCELED, the per-call timeout is not.
func (ix *Index) translate(ctx context.Context, op string, err error) error {
	if err == nil {
		return nil
	}
	var be *backend.Error
	if errors.As(err, &be) {
		return err
	}
	_, callerDeadline := ctx.Deadline()
	if ctx.Err() != nil || callerDeadline && status.Code(err) == codes.DeadlineExceeded {
		// A caller's deadline is the call's (see callCtx); the server may
		// report it a moment before ctx notices.
		return &backend.Error{Code: backend.ECANCELED, Op: op, Message: "The operation was canceled.", Err: err}
	}
	e := &backend.Error{Op: op, Err: err}
	var re *qdrant.QdrantResourceExhaustedError
	if errors.As(err, &re) {
		e.Code = backend.EUNAVAILABLE
		e.Message = fmt.Sprintf("Qdrant at %s is overloaded; try again in %d s", ix.addr, re.RetryAfterS)
		return e
	}
	st, ok := status.FromError(err)
	if !ok {
		e.Code = backend.EINTERNAL
		ix.log.Warn("qdrant call failed", "op", op, "err", err)
		return e
	}
	switch st.Code() {
	case codes.Unavailable, codes.Canceled:
		e.Code, e.Message = backend.EUNAVAILABLE, fmt.Sprintf("Qdrant at %s is unavailable", ix.addr)
	case codes.DeadlineExceeded:
		e.Code, e.Message = backend.EUNAVAILABLE, fmt.Sprintf("Qdrant at %s did not answer in time", ix.addr)
	case codes.ResourceExhausted, codes.Aborted:
		e.Code, e.Message = backend.EUNAVAILABLE, fmt.Sprintf("Qdrant at %s is busy; try again", ix.addr)
	case codes.Unauthenticated:
		e.Code, e.Message = backend.EUNAVAILABLE, fmt.Sprintf("Qdrant at %s wants an API key (SECONDBRAIN_QDRANT_API_KEY)", ix.addr)
	case codes.PermissionDenied:
		e.Code, e.Message = backend.EUNAVAILABLE, fmt.Sprintf("Qdrant at %s refused the API key", ix.addr)
	case codes.InvalidArgument, codes.FailedPrecondition, codes.OutOfRange:
		e.Code, e.Message = backend.EINVALID, fmt.Sprintf("Qdrant at %s refused the request: %s", ix.addr, st.Message())
		if strings.Contains(strings.ToLower(st.Message()), "dimension") {
			e.Message += "; re-index if the model changed"
		}
	case codes.NotFound:
		e.Code, e.Message = backend.ENOTFOUND, fmt.Sprintf("the Qdrant collection %q at %s does not exist (deleted outside the app?); re-index to create it again", ix.name, ix.addr)
	case codes.AlreadyExists:
		e.Code, e.Message = backend.ECONFLICT, fmt.Sprintf("Qdrant at %s: %s", ix.addr, st.Message())
	default:
		e.Code = backend.EINTERNAL
		ix.log.Warn("qdrant call failed", "op", op, "code", st.Code().String(), "err", err)
	}
	return e
}

// CollectionName returns the collection of a vault and a model:
// "secondbrain_<vault>_<model>_<hash>", each part lower-cased with
// characters other than letters, digits and '-' replaced by '_', shortened,
// and a hash of the exact pair so that names that sanitise alike stay apart.
func CollectionName(vault, model string) string {
	sum := sha256.Sum256([]byte(vault + "\x00" + model))
	return "secondbrain_" + sanitize(vault, 40) + "_" + sanitize(model, 60) + "_" + hex.EncodeToString(sum[:4])
}

func sanitize(s string, n int) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			b.WriteRune(r)
			under = false
		} else if !under {
			b.WriteByte('_')
			under = true
		}
	}
	out := strings.Trim(b.String(), "_")
	if len(out) > n {
		out = strings.TrimRight(out[:n], "_")
	}
	if out == "" {
		return "x"
	}
	return out
}

// ParseAddr splits a Qdrant address into host, port and whether it asks
// for TLS: "host:port", "host" (port DefaultPort), "http://host:port",
// "https://host[:port]", "[::1]:6334". A URL with user info is refused
// (Qdrant takes an API key, not a password in the address); errors never
// show it.
func ParseAddr(addr string) (host string, port int, useTLS bool, err error) {
	a := strings.TrimSpace(addr)
	if a == "" {
		return "", 0, false, errors.New("the Qdrant address is empty")
	}
	if strings.Contains(a, "://") {
		u, perr := url.Parse(a)
		if perr != nil || u.Host == "" || u.User != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "grpc") {
			return "", 0, false, fmt.Errorf("the Qdrant address %q is not host:port or an http(s) URL", redact(a))
		}
		useTLS = u.Scheme == "https"
		a = u.Host
	}
	host, p, serr := net.SplitHostPort(a)
	if serr != nil {
		host, p = strings.Trim(a, "[]"), strconv.Itoa(DefaultPort)
	}
	port, perr := strconv.Atoi(p)
	if host == "" || perr != nil || port < 1 || port > 65535 || strings.ContainsAny(host, "/@ ") {
		return "", 0, false, fmt.Errorf("the Qdrant address %q is not host:port or an http(s) URL", redact(a))
	}
	return host, port, useTLS, nil
}

// redact drops user info from an address for messages (a bare
// "key@host:port" too, which backend.Redact, looking for URLs, would keep)
// and redacts secrets in its query.
func redact(a string) string {
	if i := strings.LastIndex(a, "@"); i >= 0 {
		a = "…" + a[i:]
	}
	return backend.Redact(a)
}
