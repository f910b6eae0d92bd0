package mcp

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"strings"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"secondbrain/backend"
)

// ServeStdio serves one client on stdin/stdout until it disconnects or ctx ends.
func ServeStdio(ctx context.Context, srv *sdk.Server) error {
	err := srv.Run(ctx, &sdk.StdioTransport{})
	if err != nil && (errors.Is(err, context.Canceled) || strings.Contains(err.Error(), "EOF")) {
		return nil
	}
	return err
}

// NewToken returns a random bearer token for the HTTP transport.
func NewToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return hex.EncodeToString(b)
}

// HTTPHandler serves the streamable HTTP transport, requiring
// "Authorization: Bearer TOKEN" on every request (401 otherwise).
func HTTPHandler(srv *sdk.Server, token string) http.Handler {
	h := sdk.NewStreamableHTTPHandler(func(*http.Request) *sdk.Server { return srv }, nil)
	want := []byte("Bearer " + token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := []byte(r.Header.Get("Authorization"))
		if token == "" || subtle.ConstantTimeCompare(got, want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="secondbrain"`)
			http.Error(w, "a valid bearer token is required (agents.http_token in the config file)", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// Listen opens a loopback TCP listener on addr (host:port). Returns
// EINVALID for an address that is not loopback.
func Listen(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, backend.Errorf(backend.EINVALID, "--http %q is not host:port, e.g. 127.0.0.1:8765", addr)
	}
	ip := net.ParseIP(host)
	if host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, backend.Errorf(backend.EINVALID, "--http %q is not a loopback address: the server only listens on 127.0.0.1 or ::1", addr)
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, backend.Errorf(backend.EUNAVAILABLE, "cannot listen on %s: %v", addr, err)
	}
	return l, nil
}

// ServeHTTP serves the streamable HTTP transport on l until ctx ends.
func ServeHTTP(ctx context.Context, srv *sdk.Server, l net.Listener, token string) error {
	hs := &http.Server{Handler: HTTPHandler(srv, token), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		hs.Shutdown(sctx)
	}()
	if err := hs.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
