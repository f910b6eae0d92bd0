// Package backend is Second Brain's domain: the types (notes, links, search
// hits, graph nodes, events), the small interfaces the use cases call
// (NoteStore, Searcher, Graph, VectorIndex, Embedder…) and the error type
// with its codes (error.go). It imports nothing of Wails, Ent or the
// drivers; the packages below implement or use it, and only app/stack picks
// the implementations.
//
// Where each feature lives:
//
//   - notes, history, templates, daily notes (use cases): backend/service
//   - system of record (notes, links, tags, attachments' metadata, the event log in PostgreSQL): backend/pgstore
//   - embedded PostgreSQL cluster: backend/pgserver (tests: pgserver/pgtest)
//   - Markdown semantics (front matter, links, tags, tasks): backend/markdown
//   - following the event log in memory: backend/eventlog
//   - projections fed from the event log: backend/projector (Neo4j graph, Qdrant via backend/vectorproj)
//   - lexical search (BM25F, term lists, title tier): backend/lexical
//   - query syntax shared by every search: backend/search
//   - semantic search: backend/embedder (models; onnx transformer in embedder/onnx), backend/indexer (embeds chunks), backend/vectorindex (embedded index), backend/qdrantindex (Qdrant)
//   - hybrid search and related notes: backend/hybrid
//   - quick switcher by title: backend/titleindex (in memory; pgstore's SQL before it is warm)
//   - knowledge graph: backend/sqlgraph (SQL, embedded default), backend/neo4jgraph (Neo4j), backend/community (clusters)
//   - import / export of Markdown folders: backend/importer, backend/exporter
//   - the vault as a live folder (mirror both ways, conflicts): backend/vault, backend/folderwatch (notifications), backend/merge (the three-way line merge every merger shares)
//   - time (activity rollups, on this day, the vault as of a moment): backend/timeline
//   - the embedded vector index kept in a file for short-lived processes: backend/vectorcache
//   - attachment bytes: backend/blobstore
//   - AI agents (MCP tools, privacy, audit, undo): backend/agent
//   - settings: backend/config
//   - secret redaction: redact.go
//   - search quality evaluation (`secondbrain eval`): backend/evaluation
//   - conformance suites: backend/graphtest, backend/vectortest, backend/titletest
//   - test fixtures: backend/testkit (vaultgen scales a vault for benchmarks, corpora finds the shared corpora, cjkset holds the CJK known-item sets, cjkhelp the CJK help-page sets); waiting in tests: backend/testwait
package backend
