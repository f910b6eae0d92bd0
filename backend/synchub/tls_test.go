//go:build unix

package synchub_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	mrand "math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"secondbrain/backend"
	"secondbrain/backend/synchub"
)

// TestHubOverTLS serves a hub over TCP with TLS only (plain connections
// are refused by pg_hba.conf) and opens it as libpq would for each
// sslmode: verify-full against the right CA connects, and the session is
// encrypted on the server's side; a CA that did not sign the server's
// certificate, and sslmode=disable, are refused with errors that name the
// cause and never the password.
func TestHubOverTLS(t *testing.T) {
	dataDir := t.TempDir()
	srv := startCluster(t, dataDir)
	t.Cleanup(func() { srv.Stop(context.Background()) })
	ctx := testCtx(t)
	const pw = "Tls-pw-5d1e8c"
	// The cluster's port is fixed (it names its socket file): on Linux a
	// loopback address of the test's own keeps it clear of any server
	// listening on 127.0.0.1.
	host := "127.0.0.1"
	if runtime.GOOS == "linux" {
		host = fmt.Sprintf("127.%d.%d.%d", 1+mrand.IntN(250), mrand.IntN(256), 1+mrand.IntN(250))
	}
	certDir := t.TempDir()
	caPEM := writeServerCert(t, srv.DataDir(), certDir, host)
	otherCA := filepath.Join(certDir, "other-ca.pem")
	if err := os.WriteFile(otherCA, newCA(t).pem, 0o644); err != nil {
		t.Fatal(err)
	}
	sql(t, srv.DSN(), `CREATE ROLE syncer LOGIN PASSWORD '`+pw+`'`)
	sql(t, srv.DSN(), `CREATE DATABASE hub OWNER syncer`)
	for _, s := range []string{
		`ALTER SYSTEM SET listen_addresses = '` + host + `'`,
		`ALTER SYSTEM SET ssl = on`,
		`ALTER SYSTEM SET ssl_cert_file = 'server.crt'`,
		`ALTER SYSTEM SET ssl_key_file = 'server.key'`,
	} {
		sql(t, srv.DSN(), s)
	}
	hba := filepath.Join(srv.DataDir(), "pg_hba.conf")
	old, err := os.ReadFile(hba)
	if err != nil {
		t.Fatal(err)
	}
	// (the client's source address on loopback need not be host)
	rules := "hostnossl all all 127.0.0.0/8 reject\nhostssl hub syncer 127.0.0.0/8 scram-sha-256\n"
	if err := os.WriteFile(hba, append([]byte(rules), old...), 0o600); err != nil {
		t.Fatal(err)
	}
	// listen_addresses needs a restart
	if err := srv.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	srv = startCluster(t, dataDir)
	cfg, err := pgx.ParseConfig(srv.DSN())
	if err != nil {
		t.Fatal(err)
	}
	dsn := func(mode, root string) string {
		s := fmt.Sprintf("postgres://syncer:%s@%s:%d/hub?sslmode=%s&connect_timeout=10", pw, host, cfg.Port, mode)
		if root != "" {
			s += "&sslrootcert=" + root
		}
		return s
	}

	h, err := synchub.Open(ctx, dsn("verify-full", caPEM), nil)
	if err != nil {
		t.Fatalf("Open with verify-full and the server's CA: %v", err)
	}
	var encrypted int
	conn, err := pgx.Connect(ctx, srv.DSN())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
		WHERE a.usename = 'syncer' AND s.ssl`).Scan(&encrypted); err != nil {
		t.Fatal(err)
	}
	h.Close()
	if encrypted == 0 {
		t.Fatal("the hub's connections are not encrypted on the server's side")
	}

	for _, c := range []struct {
		mode, root, want string
	}{
		{"verify-full", otherCA, "certificate"},
		{"disable", "", "no encryption"},
	} {
		_, err := synchub.Open(ctx, dsn(c.mode, c.root), nil)
		if err == nil {
			t.Fatalf("Open with sslmode=%s (root %q) succeeded; want a refusal", c.mode, filepath.Base(c.root))
		}
		t.Logf("sslmode=%s: %v", c.mode, err)
		if backend.ErrorCode(err) != backend.EUNAVAILABLE || !strings.Contains(err.Error(), c.want) {
			t.Errorf("sslmode=%s: got %v (%s); want %s naming %q", c.mode, err, backend.ErrorCode(err), backend.EUNAVAILABLE, c.want)
		}
		if strings.Contains(err.Error(), pw) {
			t.Errorf("sslmode=%s: the error shows the password: %v", c.mode, err)
		}
	}
}

// ca is a throwaway certificate authority.
type ca struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

func newCA(t *testing.T) ca {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "Second Brain test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		KeyUsage:              x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return ca{cert: cert, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// writeServerCert writes server.crt and server.key for host, signed by a
// new CA, into the cluster's data directory (owned by the cluster's user,
// as PostgreSQL requires of its key) and returns the CA's file.
func writeServerCert(t *testing.T, dataDir, certDir, host string) string {
	t.Helper()
	root := newCA(t)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: host},
		IPAddresses:  []net.IP{net.ParseIP(host)},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, root.cert, &key.PublicKey, root.key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	for name, b := range map[string][]byte{
		"server.crt": pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		"server.key": pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}),
	} {
		p := filepath.Join(dataDir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Lchown(p, int(st.Uid), int(st.Gid)); err != nil {
			t.Fatal(err)
		}
	}
	caPath := filepath.Join(certDir, "ca.pem")
	if err := os.WriteFile(caPath, root.pem, 0o644); err != nil {
		t.Fatal(err)
	}
	return caPath
}
