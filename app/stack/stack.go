// Package stack assembles the backend for one data dir: it chooses the
// embedded PostgreSQL cluster or a configured server, opens the store and
// builds the services. The desktop app and the headless CLI share it; it is
// the one place that picks implementations.
package stack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/uuid"

	"secondbrain/backend"
	"secondbrain/backend/agent"
	"secondbrain/backend/blobstore"
	"secondbrain/backend/config"
	"secondbrain/backend/exporter"
	"secondbrain/backend/hybrid"
	"secondbrain/backend/importer"
	"secondbrain/backend/lexical"
	"secondbrain/backend/pgserver"
	"secondbrain/backend/pgstore"
	"secondbrain/backend/service"
	"secondbrain/backend/sqlgraph"
	"secondbrain/backend/timeline"
	"secondbrain/backend/titleindex"
)

// Stack is an opened backend: the use cases and the backend interfaces the
// app and the CLI call. The concrete adapters stay inside. Close it to stop
// what it started.
type Stack struct {
	Config config.Config
	Notes  *service.Notes
	// Search finds notes by their words, their meaning or both (hybrid).
	Search backend.Searcher
	// Graph answers knowledge-graph queries: Neo4j when configured and
	// answering at start-up, else SQL over the store (sqlgraph).
	Graph backend.Graph
	// Titles finds notes by title for the quick switcher: the SQL, or the
	// title index in memory once Warm has built it.
	Titles backend.TitleFinder
	// Related finds the notes related to a note and draws its local graph.
	Related *service.Related
	// Attachments stores pasted files and finds them by their link target.
	Attachments *service.Attachments
	// Agents is what the agent use case (backend/agent) reads and writes.
	Agents agent.Store
	// Timeline is the activity over time and the vault as of any moment.
	Timeline *timeline.Timeline
	// AsOf is search, backlinks and the graph over the vault as of a moment.
	AsOf *timeline.Views

	store *pgstore.Store
	// titles is Titles: the title index.
	titles *titleindex.Index
	// blobs keeps attachment bytes in the data dir.
	blobs *blobstore.Store
	// pg is the embedded cluster, nil when an external PostgreSQL is configured.
	pg *pgserver.Server
	// sql is the SQL graph over the store, also Graph without Neo4j.
	sql *sqlgraph.Graph
	log *slog.Logger
	// neo4j is the Neo4j graph and its projector, nil when not configured (neo4j.go).
	neo4j *neo4jSide
	// semantic is the embedder, the vector index and the indexer (semantic.go).
	semantic *semanticSide
	// qdrant is the Qdrant index and its projector, nil when not configured (qdrant.go).
	qdrant *qdrantSide
	// vault is the folder mirror (vault.go).
	vault *vaultSide
	// sync is device sync (sync.go).
	sync *syncSide
}

// Open opens the backend described by cfg. With no PostgreSQL DSN it starts
// (or joins) the embedded cluster in cfg.DataDir. Returns EINVALID for a data
// dir that cannot be created or written, EUNAVAILABLE when PostgreSQL cannot
// be started or reached.
func Open(ctx context.Context, cfg config.Config, logger *slog.Logger) (*Stack, error) {
	return OpenWithProgress(ctx, cfg, logger, nil)
}

// Progress is a step of OpenWithProgress as it begins, for a start-up
// screen: Phase is one of pgserver's phases (embedded cluster only; "ready"
// is not passed on), then "migrate" and "services".
type Progress struct {
	Phase string
	// Fraction estimates how much of the start is done, 0 to 1.
	Fraction float64
	// Message says what happens, for the user.
	Message string
}

// Shares of a start with the embedded cluster: its start up to
// clusterShare, the schema up to servicesAt, the rest after.
const (
	clusterShare = 0.8
	servicesAt   = 0.95
)

// OpenWithProgress is Open telling progress (when not nil) each step of the
// start as it begins, in order, on the calling goroutine.
func OpenWithProgress(ctx context.Context, cfg config.Config, logger *slog.Logger, progress func(Progress)) (*Stack, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if progress == nil {
		progress = func(Progress) {}
	}
	s := &Stack{Config: cfg, log: logger.With("component", "stack")}
	migrateAt := 0.0
	dsn := cfg.PostgresDSN
	if dsn == "" {
		if err := checkDataDir(cfg.DataDir); err != nil {
			return nil, err
		}
		idle, err := cfg.PGIdleStop()
		if err != nil {
			return nil, err
		}
		start := time.Now()
		pg, err := pgserver.Start(ctx, pgserver.Options{DataDir: cfg.DataDir, BinDir: cfg.PGBin, Logger: logger, IdleStop: idle,
			Progress: func(p pgserver.Progress) {
				if p.Phase != pgserver.PhaseReady {
					progress(Progress{Phase: string(p.Phase), Fraction: p.Fraction * clusterShare, Message: p.Message})
				}
			}})
		if err != nil {
			return nil, err
		}
		s.pg = pg
		s.log.Info("embedded postgres ready", "dur", time.Since(start), "owned", pg.Owned())
		dsn = pg.DSN()
		migrateAt = clusterShare
	}
	progress(Progress{Phase: "migrate", Fraction: migrateAt, Message: "Preparing the notes database…"})
	db, err := pgstore.Connect(ctx, dsn, logger)
	if err != nil {
		s.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	store := pgstore.New(db, logger)
	s.store = store
	s.Notes = service.NewNotes(store, logger)
	s.Agents = store
	s.Search = lexical.New(store)
	s.sql = sqlgraph.New(db.DB)
	s.Graph = s.sql
	s.titles = titleindex.New(db.DB, store)
	s.Titles = s.titles
	s.Timeline = timeline.New(db.DB)
	s.AsOf = timeline.NewViews(s.Timeline, service.Derive)
	if s.blobs, err = blobstore.New(filepath.Join(cfg.DataDir, "attachments")); err != nil {
		s.Close(context.WithoutCancel(ctx))
		return nil, backend.Errorf(backend.EINVALID, "cannot create the attachments folder in %s: %v", cfg.DataDir, errors.Unwrap(err))
	}
	progress(Progress{Phase: "services", Fraction: servicesAt, Message: "Loading search and the graph…"})
	if err := s.openSemantic(ctx); err != nil {
		s.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	if err := s.openNeo4j(ctx); err != nil {
		s.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	s.Attachments = service.NewAttachments(store, s.blobs)
	var related service.RelatedFunc
	if hs, ok := s.Search.(*hybrid.Searcher); ok {
		related = func(ctx context.Context, id uuid.UUID, limit int) ([]hybrid.RelatedHit, error) {
			return hs.Related(ctx, store, id, limit)
		}
	}
	s.Related = service.NewRelated(s.Graph, related)
	s.openVault()
	s.openSync()
	return s, nil
}

// Warm builds, in the background, what a long-lived process answers from
// memory: the title index (the quick switcher, see titleindex) and, without
// Neo4j, the SQL graph's walk index, so that neighbourhoods and paths are
// walked in memory rather than a statement per level (see
// sqlgraph.EnableWalkIndex). Until they are built, calls run in SQL. The
// desktop app calls it once after Open; the CLI does not (a short-lived
// process would pay the builds for one query).
func (s *Stack) Warm(ctx context.Context) {
	s.titles.Enable(ctx)
	if s.Graph == backend.Graph(s.sql) {
		s.sql.EnableWalkIndex(ctx)
	}
}

// Close closes the store and stops the embedded cluster if this process owns it.
func (s *Stack) Close(ctx context.Context) error {
	s.closeSync()
	s.closeVault()
	s.closeSemantic()
	errs := []error{s.closeNeo4j(ctx)}
	if s.store != nil {
		errs = append(errs, s.store.Close())
		s.store = nil
	}
	if s.pg != nil {
		errs = append(errs, s.pg.Stop(ctx))
		s.pg = nil
	}
	return errors.Join(errs...)
}

// PostgresStatus describes the relational store for `doctor`.
type PostgresStatus struct {
	OK      bool   `json:"ok"`
	Mode    string `json:"mode"`
	Version string `json:"version,omitempty"`
	DataDir string `json:"data_dir,omitempty"`
	// Owned: this process started the embedded server or found no other
	// process using it.
	Owned bool `json:"owned"`
	// Clients counts the other processes using the embedded server now.
	Clients int `json:"clients"`
	// IdleStop is how long the embedded server outlives its last client.
	IdleStop string `json:"idle_stop,omitempty"`
	// RunAs names the OS user the embedded server runs as when the app runs
	// as root (PostgreSQL refuses root); AccessChanges lists what the app
	// changed so that this user can reach the data dir.
	RunAs         string                  `json:"run_as,omitempty"`
	AccessChanges []pgserver.AccessChange `json:"access_changes,omitempty"`
	Error         string                  `json:"error,omitempty"`
}

// PostgresStatus reports whether PostgreSQL answers and how it runs.
func (s *Stack) PostgresStatus(ctx context.Context) PostgresStatus {
	st := PostgresStatus{Mode: "external", DataDir: s.Config.DataDir}
	if s.pg != nil {
		st.Mode, st.Owned, st.Clients = "embedded", s.pg.Owned(), s.pg.Clients()
		if idle, err := s.Config.PGIdleStop(); err == nil {
			st.IdleStop = idle.String()
		}
		if st.RunAs = s.pg.RunAs(); st.RunAs != "" {
			st.AccessChanges = pgserver.AccessChanges(s.Config.DataDir)
		}
	}
	v, err := s.store.ServerVersion(ctx)
	if err != nil {
		st.Error = backend.ErrorMessage(err)
		return st
	}
	st.OK, st.Version = true, v
	return st
}

// checkDataDir creates the data dir (0700) and proves it is writable, so a
// read-only folder fails here with a clear message rather than deep inside initdb.
func checkDataDir(dir string) error {
	if dir == "" {
		return backend.Errorf(backend.EINVALID, "no data dir is set")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return backend.Errorf(backend.EINVALID, "cannot create the data dir %s: %v", dir, errors.Unwrap(err))
	}
	probe, err := os.CreateTemp(dir, ".write-test-*")
	if err != nil {
		return backend.Errorf(backend.EINVALID, "the data dir %s is not writable: %v", dir, errors.Unwrap(err))
	}
	probe.Close()
	os.Remove(probe.Name())
	return nil
}

// AbsDataDir makes a data dir absolute, so the cluster's socket path does not
// depend on the working directory.
func AbsDataDir(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("stack: data dir %s: %w", dir, err)
	}
	return abs, nil
}

// SQLGraph returns the SQL graph over the store, whatever Graph is: the
// CLI's --graph sql, and its answer while the Neo4j projection is behind.
func (s *Stack) SQLGraph() backend.Graph { return s.sql }

// Import imports the Markdown folder or Obsidian vault at root (see
// importer.Import); the attachments' bytes go to the stack's blob store.
func (s *Stack) Import(ctx context.Context, root string, opts importer.Options) (*importer.Report, error) {
	opts.Blobs = s.blobs
	return importer.Import(ctx, s.store, root, opts)
}

// Export writes the vault to the empty folder dir (see exporter.Export).
func (s *Stack) Export(ctx context.Context, dir string) (*exporter.Report, error) {
	return exporter.Export(ctx, s.store, s.blobs, dir)
}

// ExportAsOf writes the vault as it was at at to the empty folder dir: the
// notes that existed then, with their text, titles and paths then.
func (s *Stack) ExportAsOf(ctx context.Context, dir string, at time.Time) (*exporter.Report, error) {
	if err := timeline.CheckMoment(at); err != nil {
		return nil, err
	}
	return exporter.Export(ctx, s.Timeline.SourceAt(at), s.blobs, dir)
}

// SetTimelineZone stores the time zone the timeline buckets by (an IANA
// name; "" for the system's) and returns the zone now in force. EINVALID
// for an unknown name.
func (s *Stack) SetTimelineZone(ctx context.Context, name string) (string, error) {
	name = strings.TrimSpace(name)
	if _, err := timeline.LoadZone(name); err != nil {
		return "", err
	}
	b, _ := json.Marshal(name)
	if err := s.store.PutSetting(ctx, timeline.SettingZone, string(b)); err != nil {
		return "", err
	}
	loc, err := s.Timeline.Zone(ctx)
	if err != nil {
		return "", err
	}
	return loc.String(), nil
}
