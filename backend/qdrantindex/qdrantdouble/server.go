package qdrantdouble

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"sort"
	"sync"
	"time"

	"github.com/qdrant/go-client/qdrant"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// Title is what HealthCheck answers as the server's title.
const Title = "qdrantdouble (test double, not Qdrant)"

// Version is what HealthCheck answers as the server's version: the Qdrant
// release whose API the double imitates, so that a client's version check
// passes.
const Version = "1.17.0"

// Options configure a Server.
type Options struct {
	// APIKey, when set, is required in the api-key header of every call but
	// HealthCheck.
	APIKey string
}

// Server is a running double. It is safe for concurrent use.
type Server struct {
	opts Options

	store *store

	mu        sync.Mutex
	addr      string
	grpc      *grpc.Server
	intercept func(ctx context.Context, method string) error
	calls     map[string]int
}

// Start starts a double on a free port of 127.0.0.1.
func Start(opts Options) (*Server, error) {
	s := &Server{opts: opts, store: newStore(), calls: map[string]int{}}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("qdrantdouble: listen: %w", err)
	}
	s.addr = lis.Addr().String()
	s.serve(lis)
	return s, nil
}

// Addr returns the host:port the double listens on.
func (s *Server) Addr() string { return s.addr }

// serve starts a gRPC server on lis; the caller holds no lock.
func (s *Server) serve(lis net.Listener) {
	g := grpc.NewServer(
		grpc.ChainUnaryInterceptor(s.interceptor),
		// The go-client pings every 10 s even without calls; the default
		// policy would end such connections with "too many pings".
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: time.Second, PermitWithoutStream: true}),
	)
	qdrant.RegisterQdrantServer(g, &healthService{})
	qdrant.RegisterCollectionsServer(g, &collectionsService{st: s.store})
	qdrant.RegisterPointsServer(g, &pointsService{st: s.store})
	s.mu.Lock()
	s.grpc = g
	s.mu.Unlock()
	go func() { _ = g.Serve(lis) }()
}

// Stop stops serving at once, as if the server's process died: open
// connections close and calls in flight fail. The data is kept for Restart.
// Stopping a stopped double does nothing.
func (s *Server) Stop() {
	s.mu.Lock()
	g := s.grpc
	s.grpc = nil
	s.mu.Unlock()
	if g != nil {
		g.Stop()
	}
}

// Restart serves again on the same address, with the data kept. Restarting
// a running double does nothing.
func (s *Server) Restart() error {
	s.mu.Lock()
	running := s.grpc != nil
	s.mu.Unlock()
	if running {
		return nil
	}
	var lis net.Listener
	var err error
	// The port was ours a moment ago; give the kernel a little time to
	// release it.
	for range 50 {
		lis, err = net.Listen("tcp", s.addr)
		if err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("qdrantdouble: listen again on %s: %w", s.addr, err)
	}
	s.serve(lis)
	return nil
}

// Close stops the double for good.
func (s *Server) Close() { s.Stop() }

// Intercept installs f, called before every call (after the API key check)
// with the call's full method name, e.g. qdrant.Points_Upsert_FullMethodName.
// A non-nil error fails the call with it (use status.Error for a code). f
// may block, stall until ctx is done, or Stop the server from another
// goroutine. Intercept(nil) removes it.
func (s *Server) Intercept(f func(ctx context.Context, method string) error) {
	s.mu.Lock()
	s.intercept = f
	s.mu.Unlock()
}

// Calls returns how many calls of the full method name the double received.
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[method]
}

// Collections returns the names of the collections, sorted.
func (s *Server) Collections() []string {
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	names := make([]string, 0, len(s.store.collections))
	for n := range s.store.collections {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// interceptor checks the API key, counts the call and runs the Intercept hook.
func (s *Server) interceptor(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	s.mu.Lock()
	s.calls[info.FullMethod]++
	hook := s.intercept
	s.mu.Unlock()
	if s.opts.APIKey != "" && info.FullMethod != qdrant.Qdrant_HealthCheck_FullMethodName {
		md, _ := metadata.FromIncomingContext(ctx)
		keys := md.Get("api-key")
		if len(keys) == 0 {
			return nil, status.Error(codes.Unauthenticated, "Must provide an API key or an Authorization bearer token")
		}
		if subtle.ConstantTimeCompare([]byte(keys[0]), []byte(s.opts.APIKey)) != 1 {
			return nil, status.Error(codes.PermissionDenied, "Invalid API key or JWT")
		}
	}
	if hook != nil {
		if err := hook(ctx, info.FullMethod); err != nil {
			if _, ok := status.FromError(err); ok {
				return nil, err
			}
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return nil, status.FromContextError(err).Err()
			}
			return nil, status.Error(codes.Internal, err.Error())
		}
	}
	return handler(ctx, req)
}

type healthService struct {
	qdrant.UnimplementedQdrantServer
}

// HealthCheck answers the double's title and the imitated version.
func (*healthService) HealthCheck(context.Context, *qdrant.HealthCheckRequest) (*qdrant.HealthCheckReply, error) {
	return &qdrant.HealthCheckReply{Title: Title, Version: Version}, nil
}
