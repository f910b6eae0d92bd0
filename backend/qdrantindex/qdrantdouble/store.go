package qdrantdouble

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/google/uuid"
	"github.com/qdrant/go-client/qdrant"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// store is the double's data; it outlives the gRPC servers of Restart.
type store struct {
	mu          sync.RWMutex
	collections map[string]*collection
}

func newStore() *store { return &store{collections: map[string]*collection{}} }

type collection struct {
	dim      int
	distance qdrant.Distance
	points   map[string]*point // by idKey
	schema   map[string]*qdrant.PayloadSchemaInfo
	op       uint64 // last operation id
}

type point struct {
	id      *qdrant.PointId
	key     string
	vector  []float32 // normalised for Cosine
	payload map[string]*qdrant.Value
	version uint64
}

// errNotFound is Qdrant's answer for a missing collection.
func errNotFound(name string) error {
	return status.Errorf(codes.NotFound, "Not found: Collection `%s` doesn't exist!", name)
}

// alreadyExists is Qdrant's answer for creating a collection twice.
func alreadyExists(name string) error {
	return status.Errorf(codes.AlreadyExists, "Wrong input: Collection `%s` already exists!", name)
}

func unimplemented(what string) error {
	return status.Errorf(codes.Unimplemented, "qdrantdouble: %s is not implemented by the test double", what)
}

func invalid(format string, args ...any) error {
	return status.Errorf(codes.InvalidArgument, "Wrong input: "+format, args...)
}

// get returns the collection; the caller holds st.mu.
func (st *store) get(name string) (*collection, error) {
	c, ok := st.collections[name]
	if !ok {
		return nil, errNotFound(name)
	}
	return c, nil
}

// idKey returns the canonical key of a point id; UUIDs are compared in
// their canonical form, as Qdrant does.
func idKey(id *qdrant.PointId) (string, *qdrant.PointId, error) {
	switch v := id.GetPointIdOptions().(type) {
	case *qdrant.PointId_Num:
		return "n:" + strconv.FormatUint(v.Num, 10), qdrant.NewIDNum(v.Num), nil
	case *qdrant.PointId_Uuid:
		u, err := uuid.Parse(v.Uuid)
		if err != nil {
			return "", nil, invalid("Unable to parse UUID: %s", v.Uuid)
		}
		return "u:" + u.String(), qdrant.NewIDUUID(u.String()), nil
	}
	return "", nil, invalid("point id is missing")
}

// denseOf returns the dense data of an upserted vector.
func denseOf(v *qdrant.Vectors) ([]float32, error) {
	switch o := v.GetVectorsOptions().(type) {
	case *qdrant.Vectors_Vector:
		vec := o.Vector
		switch vv := vec.GetVector().(type) {
		case *qdrant.Vector_Dense:
			return vv.Dense.GetData(), nil
		case nil:
			if vec.GetIndices() != nil || vec.GetVectorsCount() != 0 {
				return nil, unimplemented("a sparse or multi vector")
			}
			return vec.GetData(), nil //nolint:staticcheck // the deprecated form is still sent by older clients
		default:
			return nil, unimplemented("a non-dense vector")
		}
	case *qdrant.Vectors_Vectors:
		return nil, unimplemented("named vectors")
	}
	return nil, invalid("point has no vector")
}

// prepare checks a vector's dimension and normalises it for the distance.
func (c *collection) prepare(v []float32) ([]float32, error) {
	if len(v) != c.dim {
		return nil, invalid("Vector dimension error: expected dim: %d, got %d", c.dim, len(v))
	}
	out := make([]float32, len(v))
	copy(out, v)
	for _, x := range out {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return nil, invalid("vector holds a value that is not a finite number")
		}
	}
	if c.distance == qdrant.Distance_Cosine {
		var n float64
		for _, x := range out {
			n += float64(x) * float64(x)
		}
		if n > 0 {
			n = math.Sqrt(n)
			for i := range out {
				out[i] = float32(float64(out[i]) / n)
			}
		}
	}
	return out, nil
}

func dot(a, b []float32) float32 {
	var s float32
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// values returns the values a payload key holds: the elements of a list, or
// the value itself.
func values(p *point, key string) []*qdrant.Value {
	v, ok := p.payload[key]
	if !ok {
		return nil
	}
	if l, ok := v.GetKind().(*qdrant.Value_ListValue); ok {
		return l.ListValue.GetValues()
	}
	return []*qdrant.Value{v}
}

func checkKey(key string) error {
	if key == "" || strings.ContainsAny(key, ".[]") {
		return unimplemented(fmt.Sprintf("payload key %q (only top-level keys)", key))
	}
	return nil
}

// matchFilter evaluates a filter on a point; a nil filter matches.
func matchFilter(f *qdrant.Filter, p *point) (bool, error) {
	if f == nil {
		return true, nil
	}
	for _, c := range f.GetMust() {
		ok, err := matchCondition(c, p)
		if err != nil || !ok {
			return false, err
		}
	}
	for _, c := range f.GetMustNot() {
		ok, err := matchCondition(c, p)
		if err != nil || ok {
			return false, err
		}
	}
	if should := f.GetShould(); len(should) > 0 {
		matched := false
		for _, c := range should {
			ok, err := matchCondition(c, p)
			if err != nil {
				return false, err
			}
			matched = matched || ok
		}
		if !matched {
			return false, nil
		}
	}
	if ms := f.GetMinShould(); ms != nil {
		n := uint64(0)
		for _, c := range ms.GetConditions() {
			ok, err := matchCondition(c, p)
			if err != nil {
				return false, err
			}
			if ok {
				n++
			}
		}
		if n < ms.GetMinCount() {
			return false, nil
		}
	}
	return true, nil
}

func matchCondition(c *qdrant.Condition, p *point) (bool, error) {
	switch cc := c.GetConditionOneOf().(type) {
	case *qdrant.Condition_Field:
		return matchField(cc.Field, p)
	case *qdrant.Condition_Filter:
		return matchFilter(cc.Filter, p)
	case *qdrant.Condition_HasId:
		for _, id := range cc.HasId.GetHasId() {
			k, _, err := idKey(id)
			if err != nil {
				return false, err
			}
			if k == p.key {
				return true, nil
			}
		}
		return false, nil
	case *qdrant.Condition_IsEmpty:
		if err := checkKey(cc.IsEmpty.GetKey()); err != nil {
			return false, err
		}
		vs := values(p, cc.IsEmpty.GetKey())
		if len(vs) == 0 {
			return true, nil
		}
		_, null := p.payload[cc.IsEmpty.GetKey()].GetKind().(*qdrant.Value_NullValue)
		return null, nil
	case *qdrant.Condition_IsNull:
		if err := checkKey(cc.IsNull.GetKey()); err != nil {
			return false, err
		}
		v, ok := p.payload[cc.IsNull.GetKey()]
		if !ok {
			return false, nil
		}
		_, null := v.GetKind().(*qdrant.Value_NullValue)
		return null, nil
	case nil:
		return false, invalid("empty condition")
	default:
		return false, unimplemented(fmt.Sprintf("condition %T", cc))
	}
}

func matchField(fc *qdrant.FieldCondition, p *point) (bool, error) {
	if err := checkKey(fc.GetKey()); err != nil {
		return false, err
	}
	if fc.GetRange() != nil || fc.GetGeoBoundingBox() != nil || fc.GetGeoRadius() != nil || fc.GetGeoPolygon() != nil ||
		fc.GetValuesCount() != nil || fc.GetDatetimeRange() != nil || fc.IsEmpty != nil || fc.IsNull != nil {
		return false, unimplemented("field conditions other than match")
	}
	m := fc.GetMatch()
	if m == nil {
		return false, invalid("field condition on %q has no match", fc.GetKey())
	}
	vs := values(p, fc.GetKey())
	anyValue := func(pred func(*qdrant.Value) bool) bool {
		for _, v := range vs {
			if pred(v) {
				return true
			}
		}
		return false
	}
	str := func(v *qdrant.Value) (string, bool) {
		s, ok := v.GetKind().(*qdrant.Value_StringValue)
		if !ok {
			return "", false
		}
		return s.StringValue, true
	}
	integer := func(v *qdrant.Value) (int64, bool) {
		i, ok := v.GetKind().(*qdrant.Value_IntegerValue)
		if !ok {
			return 0, false
		}
		return i.IntegerValue, true
	}
	switch mv := m.GetMatchValue().(type) {
	case *qdrant.Match_Keyword:
		return anyValue(func(v *qdrant.Value) bool { s, ok := str(v); return ok && s == mv.Keyword }), nil
	case *qdrant.Match_Keywords:
		set := map[string]bool{}
		for _, s := range mv.Keywords.GetStrings() {
			set[s] = true
		}
		return anyValue(func(v *qdrant.Value) bool { s, ok := str(v); return ok && set[s] }), nil
	case *qdrant.Match_Integer:
		return anyValue(func(v *qdrant.Value) bool { i, ok := integer(v); return ok && i == mv.Integer }), nil
	case *qdrant.Match_Integers:
		set := map[int64]bool{}
		for _, i := range mv.Integers.GetIntegers() {
			set[i] = true
		}
		return anyValue(func(v *qdrant.Value) bool { i, ok := integer(v); return ok && set[i] }), nil
	case *qdrant.Match_Boolean:
		return anyValue(func(v *qdrant.Value) bool {
			b, ok := v.GetKind().(*qdrant.Value_BoolValue)
			return ok && b.BoolValue == mv.Boolean
		}), nil
	default:
		return false, unimplemented(fmt.Sprintf("match %T", mv))
	}
}

// scored is a point with its score for one query.
type scored struct {
	p     *point
	score float32
}

// search scores every point passing the filter, best first; equal scores
// in descending id order (see the package doc).
func (c *collection) search(q []float32, f *qdrant.Filter, threshold *float32) ([]scored, error) {
	q, err := c.prepare(q)
	if err != nil {
		return nil, err
	}
	var out []scored
	for _, p := range c.points {
		ok, err := matchFilter(f, p)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		s := dot(q, p.vector)
		if threshold != nil && s < *threshold {
			continue
		}
		out = append(out, scored{p, s})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		return bytes.Compare([]byte(out[i].p.key), []byte(out[j].p.key)) > 0
	})
	return out, nil
}

// page applies offset and limit (0 means Qdrant's default of 10).
func page(hits []scored, offset, limit uint64) []scored {
	if limit == 0 {
		limit = 10
	}
	if offset >= uint64(len(hits)) {
		return nil
	}
	hits = hits[offset:]
	if uint64(len(hits)) > limit {
		hits = hits[:limit]
	}
	return hits
}

// payloadOf selects the payload a with_payload selector asks for.
func payloadOf(p *point, sel *qdrant.WithPayloadSelector) (map[string]*qdrant.Value, error) {
	pick := func(keep func(string) bool) map[string]*qdrant.Value {
		out := map[string]*qdrant.Value{}
		for k, v := range p.payload {
			if keep(k) {
				out[k] = proto.Clone(v).(*qdrant.Value)
			}
		}
		return out
	}
	switch s := sel.GetSelectorOptions().(type) {
	case nil:
		return nil, nil
	case *qdrant.WithPayloadSelector_Enable:
		if !s.Enable {
			return nil, nil
		}
		return pick(func(string) bool { return true }), nil
	case *qdrant.WithPayloadSelector_Include:
		fields := s.Include.GetFields()
		return pick(func(k string) bool { return contains(fields, k) }), nil
	case *qdrant.WithPayloadSelector_Exclude:
		fields := s.Exclude.GetFields()
		return pick(func(k string) bool { return !contains(fields, k) }), nil
	}
	return nil, unimplemented("this payload selector")
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func vectorsOf(p *point, sel *qdrant.WithVectorsSelector) (*qdrant.VectorsOutput, error) {
	switch s := sel.GetSelectorOptions().(type) {
	case nil:
		return nil, nil
	case *qdrant.WithVectorsSelector_Enable:
		if !s.Enable {
			return nil, nil
		}
		data := append([]float32(nil), p.vector...)
		return &qdrant.VectorsOutput{VectorsOptions: &qdrant.VectorsOutput_Vector{
			Vector: &qdrant.VectorOutput{Vector: &qdrant.VectorOutput_Dense{Dense: &qdrant.DenseVector{Data: data}}},
		}}, nil
	}
	return nil, unimplemented("selecting named vectors")
}

func scoredPoints(hits []scored, wp *qdrant.WithPayloadSelector, wv *qdrant.WithVectorsSelector) ([]*qdrant.ScoredPoint, error) {
	out := make([]*qdrant.ScoredPoint, 0, len(hits))
	for _, h := range hits {
		payload, err := payloadOf(h.p, wp)
		if err != nil {
			return nil, err
		}
		vectors, err := vectorsOf(h.p, wv)
		if err != nil {
			return nil, err
		}
		out = append(out, &qdrant.ScoredPoint{
			Id:      proto.Clone(h.p.id).(*qdrant.PointId),
			Payload: payload,
			Score:   h.score,
			Version: h.p.version,
			Vectors: vectors,
		})
	}
	return out, nil
}

// ctxErr turns a done context into the status the caller sees.
func ctxErr(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return status.FromContextError(err).Err()
	}
	return nil
}
