package qdrantdouble

import (
	"context"
	"strings"

	"github.com/qdrant/go-client/qdrant"
	"google.golang.org/protobuf/proto"
)

// collectionsService implements the part of qdrant.CollectionsServer listed
// in the package doc; the rest answers Unimplemented.
type collectionsService struct {
	qdrant.UnimplementedCollectionsServer
	st *store
}

// Create creates a collection of one unnamed dense vector.
func (s *collectionsService) Create(ctx context.Context, req *qdrant.CreateCollection) (*qdrant.CollectionOperationResponse, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	name := req.GetCollectionName()
	if name == "" || len(name) > 255 || strings.ContainsAny(name, `/\:*?"<>|`+"\x00") {
		return nil, invalid("Validation error: collection name %q is not allowed", name)
	}
	if req.GetShardingMethod() != qdrant.ShardingMethod_Auto || req.GetSparseVectorsConfig() != nil || req.GetQuantizationConfig() != nil {
		return nil, unimplemented("sharding methods, sparse vectors and quantization")
	}
	params := req.GetVectorsConfig().GetParams()
	if req.GetVectorsConfig().GetParamsMap() != nil {
		return nil, unimplemented("named vectors")
	}
	if params == nil || params.GetSize() == 0 {
		return nil, invalid("Validation error: vector size must be at least 1")
	}
	if params.MultivectorConfig != nil || params.QuantizationConfig != nil {
		return nil, unimplemented("multi vectors and quantization")
	}
	switch params.GetDistance() {
	case qdrant.Distance_Cosine, qdrant.Distance_Dot:
	case qdrant.Distance_UnknownDistance:
		return nil, invalid("Validation error: distance is missing")
	default:
		return nil, unimplemented("distance " + params.GetDistance().String())
	}
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	if _, ok := s.st.collections[name]; ok {
		return nil, alreadyExists(name)
	}
	s.st.collections[name] = &collection{
		dim:      int(params.GetSize()),
		distance: params.GetDistance(),
		points:   map[string]*point{},
		schema:   map[string]*qdrant.PayloadSchemaInfo{},
	}
	return &qdrant.CollectionOperationResponse{Result: true}, nil
}

// Get describes a collection.
func (s *collectionsService) Get(ctx context.Context, req *qdrant.GetCollectionInfoRequest) (*qdrant.GetCollectionInfoResponse, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	c, err := s.st.get(req.GetCollectionName())
	if err != nil {
		return nil, err
	}
	schema := map[string]*qdrant.PayloadSchemaInfo{}
	for k, v := range c.schema {
		info := proto.Clone(v).(*qdrant.PayloadSchemaInfo)
		info.Points = qdrant.PtrOf(uint64(c.indexed(k)))
		schema[k] = info
	}
	n := uint64(len(c.points))
	return &qdrant.GetCollectionInfoResponse{Result: &qdrant.CollectionInfo{
		Status:          qdrant.CollectionStatus_Green,
		OptimizerStatus: &qdrant.OptimizerStatus{Ok: true},
		SegmentsCount:   1,
		Config: &qdrant.CollectionConfig{
			Params: &qdrant.CollectionParams{
				ShardNumber:   1,
				VectorsConfig: qdrant.NewVectorsConfig(&qdrant.VectorParams{Size: uint64(c.dim), Distance: c.distance}),
			},
			HnswConfig:      &qdrant.HnswConfigDiff{},
			OptimizerConfig: &qdrant.OptimizersConfigDiff{},
			WalConfig:       &qdrant.WalConfigDiff{},
		},
		PayloadSchema:       schema,
		PointsCount:         &n,
		IndexedVectorsCount: qdrant.PtrOf(uint64(0)),
		UpdateQueue:         &qdrant.UpdateQueueInfo{},
	}}, nil
}

// indexed counts the points holding a payload key; the caller holds st.mu.
func (c *collection) indexed(key string) int {
	n := 0
	for _, p := range c.points {
		if _, ok := p.payload[key]; ok {
			n++
		}
	}
	return n
}

// List names every collection.
func (s *collectionsService) List(ctx context.Context, _ *qdrant.ListCollectionsRequest) (*qdrant.ListCollectionsResponse, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	resp := &qdrant.ListCollectionsResponse{}
	for name := range s.st.collections {
		resp.Collections = append(resp.Collections, &qdrant.CollectionDescription{Name: name})
	}
	return resp, nil
}

// CollectionExists reports whether a collection exists.
func (s *collectionsService) CollectionExists(ctx context.Context, req *qdrant.CollectionExistsRequest) (*qdrant.CollectionExistsResponse, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	_, ok := s.st.collections[req.GetCollectionName()]
	return &qdrant.CollectionExistsResponse{Result: &qdrant.CollectionExists{Exists: ok}}, nil
}

// Delete drops a collection; the result is false when there was none.
func (s *collectionsService) Delete(ctx context.Context, req *qdrant.DeleteCollection) (*qdrant.CollectionOperationResponse, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	_, ok := s.st.collections[req.GetCollectionName()]
	delete(s.st.collections, req.GetCollectionName())
	return &qdrant.CollectionOperationResponse{Result: ok}, nil
}

// pointsService implements the part of qdrant.PointsServer listed in the
// package doc; the rest answers Unimplemented.
type pointsService struct {
	qdrant.UnimplementedPointsServer
	st *store
}

func completed(c *collection) *qdrant.PointsOperationResponse {
	c.op++
	return &qdrant.PointsOperationResponse{Result: &qdrant.UpdateResult{
		OperationId: qdrant.PtrOf(c.op),
		Status:      qdrant.UpdateStatus_Completed,
	}}
}

// Upsert adds or replaces points, vector and whole payload. The request is
// checked before anything is written.
func (s *pointsService) Upsert(ctx context.Context, req *qdrant.UpsertPoints) (*qdrant.PointsOperationResponse, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	if req.ShardKeySelector != nil || req.UpdateFilter != nil || req.UpdateMode != nil {
		return nil, unimplemented("shard keys, update filters and update modes")
	}
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	c, err := s.st.get(req.GetCollectionName())
	if err != nil {
		return nil, err
	}
	next := make([]*point, 0, len(req.GetPoints()))
	for _, ps := range req.GetPoints() {
		key, id, err := idKey(ps.GetId())
		if err != nil {
			return nil, err
		}
		data, err := denseOf(ps.GetVectors())
		if err != nil {
			return nil, err
		}
		v, err := c.prepare(data)
		if err != nil {
			return nil, err
		}
		payload := make(map[string]*qdrant.Value, len(ps.GetPayload()))
		for k, val := range ps.GetPayload() {
			payload[k] = proto.Clone(val).(*qdrant.Value)
		}
		next = append(next, &point{id: id, key: key, vector: v, payload: payload})
	}
	resp := completed(c)
	for _, p := range next {
		p.version = c.op
		c.points[p.key] = p
	}
	return resp, nil
}

// Delete removes points by ids or by filter.
func (s *pointsService) Delete(ctx context.Context, req *qdrant.DeletePoints) (*qdrant.PointsOperationResponse, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	if req.ShardKeySelector != nil {
		return nil, unimplemented("shard keys")
	}
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	c, err := s.st.get(req.GetCollectionName())
	if err != nil {
		return nil, err
	}
	var gone []string
	switch sel := req.GetPoints().GetPointsSelectorOneOf().(type) {
	case *qdrant.PointsSelector_Points:
		for _, id := range sel.Points.GetIds() {
			key, _, err := idKey(id)
			if err != nil {
				return nil, err
			}
			gone = append(gone, key)
		}
	case *qdrant.PointsSelector_Filter:
		for key, p := range c.points {
			ok, err := matchFilter(sel.Filter, p)
			if err != nil {
				return nil, err
			}
			if ok {
				gone = append(gone, key)
			}
		}
	default:
		return nil, invalid("no points selected")
	}
	for _, key := range gone {
		delete(c.points, key)
	}
	return completed(c), nil
}

// Query finds the nearest points to one dense vector.
func (s *pointsService) Query(ctx context.Context, req *qdrant.QueryPoints) (*qdrant.QueryResponse, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	if len(req.GetPrefetch()) > 0 || req.GetUsing() != "" || req.LookupFrom != nil || req.ShardKeySelector != nil {
		return nil, unimplemented("prefetch, named vectors, lookups and shard keys")
	}
	nearest, ok := req.GetQuery().GetVariant().(*qdrant.Query_Nearest)
	if !ok {
		return nil, unimplemented("a query other than nearest")
	}
	dense, ok := nearest.Nearest.GetVariant().(*qdrant.VectorInput_Dense)
	if !ok {
		return nil, unimplemented("a nearest query by anything but a dense vector")
	}
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	c, err := s.st.get(req.GetCollectionName())
	if err != nil {
		return nil, err
	}
	hits, err := c.search(dense.Dense.GetData(), req.GetFilter(), req.ScoreThreshold)
	if err != nil {
		return nil, err
	}
	res, err := scoredPoints(page(hits, req.GetOffset(), req.GetLimit()), req.GetWithPayload(), req.GetWithVectors())
	if err != nil {
		return nil, err
	}
	return &qdrant.QueryResponse{Result: res}, nil
}

// Search is the older nearest-vector call, with the same subset as Query.
func (s *pointsService) Search(ctx context.Context, req *qdrant.SearchPoints) (*qdrant.SearchResponse, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	if req.GetVectorName() != "" || req.SparseIndices != nil || req.ShardKeySelector != nil {
		return nil, unimplemented("named or sparse vectors and shard keys")
	}
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	c, err := s.st.get(req.GetCollectionName())
	if err != nil {
		return nil, err
	}
	hits, err := c.search(req.GetVector(), req.GetFilter(), req.ScoreThreshold)
	if err != nil {
		return nil, err
	}
	limit := req.GetLimit()
	if limit == 0 {
		return nil, invalid("Validation error: limit must be at least 1")
	}
	res, err := scoredPoints(page(hits, req.GetOffset(), limit), req.GetWithPayload(), req.GetWithVectors())
	if err != nil {
		return nil, err
	}
	return &qdrant.SearchResponse{Result: res}, nil
}

// Count counts the points passing a filter, always exactly.
func (s *pointsService) Count(ctx context.Context, req *qdrant.CountPoints) (*qdrant.CountResponse, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	if req.ShardKeySelector != nil {
		return nil, unimplemented("shard keys")
	}
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	c, err := s.st.get(req.GetCollectionName())
	if err != nil {
		return nil, err
	}
	n := uint64(0)
	for _, p := range c.points {
		ok, err := matchFilter(req.GetFilter(), p)
		if err != nil {
			return nil, err
		}
		if ok {
			n++
		}
	}
	return &qdrant.CountResponse{Result: &qdrant.CountResult{Count: n}}, nil
}

// schemaTypes maps the field type of an index to the payload schema type.
var schemaTypes = map[qdrant.FieldType]qdrant.PayloadSchemaType{
	qdrant.FieldType_FieldTypeKeyword:  qdrant.PayloadSchemaType_Keyword,
	qdrant.FieldType_FieldTypeInteger:  qdrant.PayloadSchemaType_Integer,
	qdrant.FieldType_FieldTypeFloat:    qdrant.PayloadSchemaType_Float,
	qdrant.FieldType_FieldTypeGeo:      qdrant.PayloadSchemaType_Geo,
	qdrant.FieldType_FieldTypeText:     qdrant.PayloadSchemaType_Text,
	qdrant.FieldType_FieldTypeBool:     qdrant.PayloadSchemaType_Bool,
	qdrant.FieldType_FieldTypeDatetime: qdrant.PayloadSchemaType_Datetime,
	qdrant.FieldType_FieldTypeUuid:     qdrant.PayloadSchemaType_Uuid,
}

// CreateFieldIndex records a payload index in the collection's schema.
func (s *pointsService) CreateFieldIndex(ctx context.Context, req *qdrant.CreateFieldIndexCollection) (*qdrant.PointsOperationResponse, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	if err := checkKey(req.GetFieldName()); err != nil {
		return nil, err
	}
	if req.FieldType == nil {
		return nil, invalid("Validation error: field type is missing")
	}
	typ, ok := schemaTypes[req.GetFieldType()]
	if !ok {
		return nil, invalid("Validation error: unknown field type %v", req.GetFieldType())
	}
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	c, err := s.st.get(req.GetCollectionName())
	if err != nil {
		return nil, err
	}
	info := &qdrant.PayloadSchemaInfo{DataType: typ}
	if req.FieldIndexParams != nil {
		info.Params = proto.Clone(req.FieldIndexParams).(*qdrant.PayloadIndexParams)
	}
	c.schema[req.GetFieldName()] = info
	return completed(c), nil
}

// DeleteFieldIndex removes a payload index from the collection's schema.
func (s *pointsService) DeleteFieldIndex(ctx context.Context, req *qdrant.DeleteFieldIndexCollection) (*qdrant.PointsOperationResponse, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	c, err := s.st.get(req.GetCollectionName())
	if err != nil {
		return nil, err
	}
	delete(c.schema, req.GetFieldName())
	return completed(c), nil
}
