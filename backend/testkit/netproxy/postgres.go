package netproxy

import (
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// ForPostgres starts a proxy in front of the PostgreSQL server dsn names
// (a keyword/value or URL DSN, TCP or Unix socket, such as a pgtest DSN)
// and returns it with a DSN that reaches the same database through it, over
// TCP on loopback.
func ForPostgres(dsn string) (*Proxy, string, error) {
	cfg, err := pgconn.ParseConfig(dsn)
	if err != nil {
		return nil, "", fmt.Errorf("netproxy: parse the DSN: %w", err)
	}
	target := net.JoinHostPort(cfg.Host, fmt.Sprint(cfg.Port))
	if strings.HasPrefix(cfg.Host, "/") {
		target = filepath.Join(cfg.Host, fmt.Sprintf(".s.PGSQL.%d", cfg.Port))
	}
	p, err := Start(target)
	if err != nil {
		return nil, "", err
	}
	proxied, err := p.redirect(dsn)
	if err != nil {
		p.Close()
		return nil, "", err
	}
	return p, proxied, nil
}

// redirect returns dsn pointed at the proxy.
func (p *Proxy) redirect(dsn string) (string, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", fmt.Errorf("netproxy: parse the DSN: %w", err)
		}
		u.Host = p.Addr()
		q := u.Query()
		q.Del("host")
		q.Del("port")
		u.RawQuery = q.Encode()
		return u.String(), nil
	}
	// In a keyword/value DSN a later keyword overrides an earlier one.
	return dsn + fmt.Sprintf(" host=%s port=%s", p.Host(), p.Port()), nil
}
