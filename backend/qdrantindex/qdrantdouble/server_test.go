package qdrantdouble_test

import (
	"context"
	"net"
	"slices"
	"strconv"
	"testing"

	"github.com/qdrant/go-client/qdrant"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"secondbrain/backend/qdrantindex/qdrantdouble"
)

// client starts a double and returns a go-client connected to it.
func client(t *testing.T, opts qdrantdouble.Options, apiKey string) (*qdrantdouble.Server, *qdrant.Client) {
	t.Helper()
	srv, err := qdrantdouble.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	host, p, _ := net.SplitHostPort(srv.Addr())
	port, _ := strconv.Atoi(p)
	c, err := qdrant.NewClient(&qdrant.Config{Host: host, Port: port, APIKey: apiKey, SkipCompatibilityCheck: true, PoolSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return srv, c
}

func wantStatus(t *testing.T, what string, err error, want codes.Code) {
	t.Helper()
	if got := status.Code(err); got != want {
		t.Errorf("%s: got %v (code %v); want code %v", what, err, got, want)
	}
}

func create(t *testing.T, c *qdrant.Client, name string, dim uint64) {
	t.Helper()
	err := c.CreateCollection(context.Background(), &qdrant.CreateCollection{
		CollectionName: name,
		VectorsConfig:  qdrant.NewVectorsConfig(&qdrant.VectorParams{Size: dim, Distance: qdrant.Distance_Cosine}),
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCollections(t *testing.T) {
	srv, c := client(t, qdrantdouble.Options{}, "")
	ctx := context.Background()
	reply, err := c.HealthCheck(ctx)
	if err != nil || reply.GetTitle() != qdrantdouble.Title {
		t.Fatalf("HealthCheck: got %v, %v; want the double's title", reply, err)
	}
	create(t, c, "c1", 3)
	err = c.CreateCollection(ctx, &qdrant.CreateCollection{CollectionName: "c1", VectorsConfig: qdrant.NewVectorsConfig(&qdrant.VectorParams{Size: 3, Distance: qdrant.Distance_Cosine})})
	wantStatus(t, "Create twice", err, codes.AlreadyExists)
	err = c.CreateCollection(ctx, &qdrant.CreateCollection{CollectionName: "c2", VectorsConfig: qdrant.NewVectorsConfig(&qdrant.VectorParams{Size: 3, Distance: qdrant.Distance_Euclid})})
	wantStatus(t, "Create with Euclid", err, codes.Unimplemented)
	err = c.CreateCollection(ctx, &qdrant.CreateCollection{CollectionName: "bad/name", VectorsConfig: qdrant.NewVectorsConfig(&qdrant.VectorParams{Size: 3, Distance: qdrant.Distance_Cosine})})
	wantStatus(t, "Create bad/name", err, codes.InvalidArgument)

	info, err := c.GetCollectionInfo(ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	if p := info.GetConfig().GetParams().GetVectorsConfig().GetParams(); p.GetSize() != 3 || p.GetDistance() != qdrant.Distance_Cosine {
		t.Errorf("Get: got size %d distance %v; want 3 Cosine", p.GetSize(), p.GetDistance())
	}
	_, err = c.GetCollectionInfo(ctx, "nope")
	wantStatus(t, "Get missing", err, codes.NotFound)
	if ok, err := c.CollectionExists(ctx, "c1"); !ok || err != nil {
		t.Errorf("CollectionExists(c1): got %v, %v; want true", ok, err)
	}
	if got := srv.Collections(); !slices.Equal(got, []string{"c1"}) {
		t.Errorf("Collections: got %v; want [c1]", got)
	}
	if err := c.DeleteCollection(ctx, "c1"); err != nil {
		t.Errorf("Delete: %v", err)
	}
	if ok, _ := c.CollectionExists(ctx, "c1"); ok {
		t.Errorf("CollectionExists after Delete: got true; want false")
	}
}

func TestPoints(t *testing.T) {
	srv, c := client(t, qdrantdouble.Options{}, "")
	ctx := context.Background()
	create(t, c, "c", 2)
	pts := []*qdrant.PointStruct{
		{Id: qdrant.NewIDNum(1), Vectors: qdrant.NewVectors(1, 0), Payload: qdrant.NewValueMap(map[string]any{"tags": []any{"a", "b"}, "n": 1})},
		{Id: qdrant.NewIDNum(2), Vectors: qdrant.NewVectors(2, 0), Payload: qdrant.NewValueMap(map[string]any{"tags": []any{"b"}, "n": 2})},
		{Id: qdrant.NewIDNum(3), Vectors: qdrant.NewVectors(0, 1), Payload: qdrant.NewValueMap(map[string]any{"tags": "a", "flag": true})},
		{Id: qdrant.NewID("5A7B6E2C-0000-4000-8000-000000000001"), Vectors: qdrant.NewVectors(-1, 0), Payload: qdrant.NewValueMap(map[string]any{"n": nil})},
	}
	if _, err := c.Upsert(ctx, &qdrant.UpsertPoints{CollectionName: "c", Points: pts}); err != nil {
		t.Fatal(err)
	}
	_, err := c.Upsert(ctx, &qdrant.UpsertPoints{CollectionName: "c", Points: []*qdrant.PointStruct{
		{Id: qdrant.NewIDNum(9), Vectors: qdrant.NewVectors(1, 1)},
		{Id: qdrant.NewIDNum(10), Vectors: qdrant.NewVectors(1, 1, 1)},
	}})
	wantStatus(t, "Upsert of a wrong dimension", err, codes.InvalidArgument)
	_, err = c.Upsert(ctx, &qdrant.UpsertPoints{CollectionName: "nope", Points: pts})
	wantStatus(t, "Upsert into a missing collection", err, codes.NotFound)
	if n, err := c.Count(ctx, &qdrant.CountPoints{CollectionName: "c"}); n != 4 || err != nil {
		t.Errorf("Count: got %d, %v; want 4 (the bad batch wrote nothing)", n, err)
	}

	ids := func(res []*qdrant.ScoredPoint) []string {
		var out []string
		for _, p := range res {
			if p.GetId().GetUuid() != "" {
				out = append(out, p.GetId().GetUuid())
			} else {
				out = append(out, strconv.FormatUint(p.GetId().GetNum(), 10))
			}
		}
		return out
	}
	tests := []struct {
		name   string
		filter *qdrant.Filter
		want   []string
	}{
		// Points 1 and 2 tie at score 1: the double returns ties highest id first.
		{"none", nil, []string{"2", "1", "3", "5a7b6e2c-0000-4000-8000-000000000001"}},
		{"keyword in a list", &qdrant.Filter{Must: []*qdrant.Condition{qdrant.NewMatchKeyword("tags", "a")}}, []string{"1", "3"}},
		{"two keywords, all of", &qdrant.Filter{Must: []*qdrant.Condition{qdrant.NewMatchKeyword("tags", "a"), qdrant.NewMatchKeyword("tags", "b")}}, []string{"1"}},
		{"keywords, any of", &qdrant.Filter{Must: []*qdrant.Condition{qdrant.NewMatchKeywords("tags", "a", "b")}}, []string{"2", "1", "3"}},
		{"must not", &qdrant.Filter{MustNot: []*qdrant.Condition{qdrant.NewMatchKeyword("tags", "b")}}, []string{"3", "5a7b6e2c-0000-4000-8000-000000000001"}},
		{"should", &qdrant.Filter{Should: []*qdrant.Condition{qdrant.NewMatchInt("n", 2), qdrant.NewMatchBool("flag", true)}}, []string{"2", "3"}},
		{"has id", &qdrant.Filter{Must: []*qdrant.Condition{qdrant.NewHasID(qdrant.NewIDNum(3), qdrant.NewID("5a7b6e2c-0000-4000-8000-000000000001"))}}, []string{"3", "5a7b6e2c-0000-4000-8000-000000000001"}},
		{"is null", &qdrant.Filter{Must: []*qdrant.Condition{qdrant.NewIsNull("n")}}, []string{"5a7b6e2c-0000-4000-8000-000000000001"}},
		{"is empty", &qdrant.Filter{Must: []*qdrant.Condition{qdrant.NewIsEmpty("tags")}}, []string{"5a7b6e2c-0000-4000-8000-000000000001"}},
		{"nested filter", &qdrant.Filter{Must: []*qdrant.Condition{qdrant.NewFilterAsCondition(&qdrant.Filter{MustNot: []*qdrant.Condition{qdrant.NewMatchInt("n", 1)}})}}, []string{"2", "3", "5a7b6e2c-0000-4000-8000-000000000001"}},
	}
	for _, tt := range tests {
		res, err := c.Query(ctx, &qdrant.QueryPoints{CollectionName: "c", Query: qdrant.NewQuery(1, 0), Filter: tt.filter})
		if err != nil {
			t.Errorf("%s: Query: %v", tt.name, err)
			continue
		}
		if got := ids(res); !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %v; want %v", tt.name, got, tt.want)
		}
	}

	res, err := c.Query(ctx, &qdrant.QueryPoints{CollectionName: "c", Query: qdrant.NewQuery(3, 0), Limit: qdrant.PtrOf(uint64(1)), WithPayload: qdrant.NewWithPayloadInclude("n")})
	if err != nil || len(res) != 1 {
		t.Fatalf("Query limit 1: got %d points, %v; want 1", len(res), err)
	}
	if s := res[0].GetScore(); s < 0.9999 || s > 1.0001 {
		t.Errorf("cosine score of the same direction: got %v; want 1", s)
	}
	if _, ok := res[0].GetPayload()["tags"]; ok || res[0].GetPayload()["n"] == nil {
		t.Errorf("payload include n: got %v; want only n", res[0].GetPayload())
	}

	unsupported := []struct {
		name string
		q    *qdrant.QueryPoints
	}{
		{"range", &qdrant.QueryPoints{CollectionName: "c", Query: qdrant.NewQuery(1, 0), Filter: &qdrant.Filter{Must: []*qdrant.Condition{qdrant.NewRange("n", &qdrant.Range{Gt: qdrant.PtrOf(1.0)})}}}},
		{"text match", &qdrant.QueryPoints{CollectionName: "c", Query: qdrant.NewQuery(1, 0), Filter: &qdrant.Filter{Must: []*qdrant.Condition{qdrant.NewMatchText("tags", "a")}}}},
		{"nested key", &qdrant.QueryPoints{CollectionName: "c", Query: qdrant.NewQuery(1, 0), Filter: &qdrant.Filter{Must: []*qdrant.Condition{qdrant.NewMatchKeyword("a.b", "x")}}}},
		{"fusion", &qdrant.QueryPoints{CollectionName: "c", Query: qdrant.NewQueryFusion(qdrant.Fusion_RRF)}},
		{"named vector", &qdrant.QueryPoints{CollectionName: "c", Query: qdrant.NewQuery(1, 0), Using: qdrant.PtrOf("text")}},
	}
	for _, u := range unsupported {
		_, err := c.Query(ctx, u.q)
		wantStatus(t, u.name, err, codes.Unimplemented)
	}
	_, err = c.Query(ctx, &qdrant.QueryPoints{CollectionName: "c", Query: qdrant.NewQuery(1, 0, 0)})
	wantStatus(t, "Query of a wrong dimension", err, codes.InvalidArgument)

	if _, err := c.Delete(ctx, &qdrant.DeletePoints{CollectionName: "c", Points: qdrant.NewPointsSelectorFilter(&qdrant.Filter{Must: []*qdrant.Condition{qdrant.NewMatchKeyword("tags", "a")}})}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Delete(ctx, &qdrant.DeletePoints{CollectionName: "c", Points: qdrant.NewPointsSelector(qdrant.NewIDNum(2))}); err != nil {
		t.Fatal(err)
	}
	// Data survives a restart.
	srv.Stop()
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	for range 100 {
		if _, err = c.HealthCheck(ctx); err == nil {
			break
		}
	}
	if n, err := c.Count(ctx, &qdrant.CountPoints{CollectionName: "c"}); n != 1 || err != nil {
		t.Errorf("Count after deletes and a restart: got %d, %v; want 1", n, err)
	}
}

func TestAPIKey(t *testing.T) {
	tests := []struct {
		name string
		key  string
		want codes.Code
	}{
		{"right", "k1", codes.OK},
		{"wrong", "k2", codes.PermissionDenied},
		{"missing", "", codes.Unauthenticated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, c := client(t, qdrantdouble.Options{APIKey: "k1"}, tt.key)
			if _, err := c.HealthCheck(context.Background()); err != nil {
				t.Errorf("HealthCheck needs no key: %v", err)
			}
			_, err := c.ListCollections(context.Background())
			wantStatus(t, "List", err, tt.want)
		})
	}
}
