// Package qdrantdouble is a test double of a vector-search server: an
// in-process gRPC server implementing the generated server interfaces of
// github.com/qdrant/go-client (qdrant.QdrantServer, qdrant.CollectionsServer,
// qdrant.PointsServer) for the calls backend/qdrantindex makes, so that the
// adapter's tests run the real client, the real wire protocol and the real
// error statuses without a Qdrant server (none can be installed on the
// machines that run the tests).
//
// It is not Qdrant and does not try to be: it keeps everything in memory,
// answers by brute force, and implements a small, checked subset of the
// API. Anything outside that subset answers codes.Unimplemented rather than
// something plausible, so the adapter cannot come to depend on behaviour the
// double only pretends to have. The suite in backend/qdrantindex also runs
// against a real Qdrant whenever SECONDBRAIN_TEST_QDRANT_ADDR is set; that
// run, not this double, is the proof of compatibility.
//
// # What it implements
//
//   - Qdrant.HealthCheck (title "qdrantdouble (test double, not Qdrant)").
//   - Collections: Create (one unnamed dense vector, Cosine or Dot), Get
//     (status, vector params, payload schema, points count), List,
//     CollectionExists, Delete.
//   - Points: Upsert (dense vectors, ids as UUID or number; a whole request
//     is validated before anything is written), Delete (by ids or filter),
//     Query (a nearest dense vector: filter, limit, offset, score threshold,
//     with_payload), Search (the older call, same subset), Count,
//     CreateFieldIndex and DeleteFieldIndex (recorded in the payload schema;
//     they change nothing else, search is a full scan anyway).
//   - Filters: must, must_not, should, min_should, nested filters, has_id,
//     is_empty, is_null, and field conditions matching a keyword, keywords
//     (any of), an integer, integers or a boolean, on a top-level payload key
//     holding a value or a list of values (a list matches when any element
//     does).
//   - The api-key header when Options.APIKey is set: every call but
//     HealthCheck without it fails with Unauthenticated, with a wrong one
//     with PermissionDenied.
//   - Faults for tests: Stop and Restart the server on the same address
//     (the data survives, as on disk), and Intercept to fail or stall any
//     call.
//
// # Known limits
//
//   - Exact search only; no HNSW, no quantization, no segments or
//     optimizers, so recall, latency and collection status are not those of
//     Qdrant. The status is always green.
//   - Equal scores come back in descending point-id order. Qdrant promises
//     no order for ties; returning them "backwards" keeps callers from
//     depending on one.
//   - Cosine vectors are normalised on upsert as Qdrant does; a zero vector
//     is kept as is and scores 0. Euclid and Manhattan distances are not
//     implemented.
//   - No named, sparse or multi vectors, no prefetch, fusion, recommend,
//     discover, order-by, groups, facets, scroll, payload updates, aliases,
//     snapshots, shards or cluster calls; no text, range, geo, datetime,
//     values-count or nested-object conditions; payload keys are top level
//     only (no "a.b" paths).
//   - wait, ordering, timeout and read consistency are accepted and
//     ignored: every write is applied before the call returns.
//   - Messages of errors imitate Qdrant's ("Wrong input: Vector dimension
//     error: expected dim: 4, got 3", "Not found: Collection `x` doesn't
//     exist!") but are not guaranteed to match them; compare codes.
//   - It listens on 127.0.0.1 only, without TLS.
package qdrantdouble
