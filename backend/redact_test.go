package backend_test

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"secondbrain/backend"
)

func TestRedact(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"plain text", "the embedding endpoint does not answer", "the embedding endpoint does not answer"},
		{"url without secrets", "http://127.0.0.1:11434", "http://127.0.0.1:11434"},
		{"user and password", "http://user:SECRET@host/v1", "http://user:***@host/v1"},
		{"user only", "postgres://bob@db.example.com/brain", "postgres://bob@db.example.com/brain"},
		{"empty password", "http://user:@host", "http://user:***@host"},
		{"at sign in password", "postgres://bob:p@ss@host:5432/db", "postgres://bob:***@host:5432/db"},
		{"issue's embedder url", "http://user:SECRET@host/v1?api-key=SECRET", "http://user:***@host/v1?api-key=***"},
		{"query api_key", "https://h/x?model=m&api_key=SECRET&b=1", "https://h/x?model=m&api_key=***&b=1"},
		{"query apikey", "https://h/?apikey=SECRET", "https://h/?apikey=***"},
		{"query key", "https://h/?key=SECRET#frag", "https://h/?key=***#frag"},
		{"query token", "https://h/?token=SECRET", "https://h/?token=***"},
		{"query access_token", "https://h/?access_token=SECRET", "https://h/?access_token=***"},
		{"query secret", "https://h/?client_secret=SECRET", "https://h/?client_secret=***"},
		{"query sig", "https://h/blob?sv=2020&sig=SECRET", "https://h/blob?sv=2020&sig=***"},
		{"query signature", "https://h/?X-Amz-Signature=SECRET", "https://h/?X-Amz-Signature=***"},
		{"query auth", "https://h/?auth=SECRET", "https://h/?auth=***"},
		{"query upper case", "https://h/?API-KEY=SECRET", "https://h/?API-KEY=***"},
		{"query harmless", "https://h/?sslmode=disable&model=nomic", "https://h/?sslmode=disable&model=nomic"},
		{"postgres url", "postgres://u:pw@h/db?password=SECRET&sslmode=require",
			"postgres://u:***@h/db?password=***&sslmode=require"},
		{"keyword dsn", "host=db user=bob password=SECRET dbname=brain", "host=db user=bob password=*** dbname=brain"},
		{"keyword dsn spaces", "host=db password = SECRET dbname=brain", "host=db password = *** dbname=brain"},
		{"keyword dsn quoted", `host=db password='SE CR\'ET' dbname=brain`, "host=db password=*** dbname=brain"},
		{"keyword dsn doubled quote", "password='SE''CRET' port=5432", "password=*** port=5432"},
		{"keyword sslpassword", "sslpassword=SECRET sslkey=/k.pem", "sslpassword=*** sslkey=***"},
		{"neo4j uri", "neo4j+s://neo4j:SECRET@abc.databases.neo4j.io", "neo4j+s://neo4j:***@abc.databases.neo4j.io"},
		{"url in an error", `Post "http://u:SECRET@127.0.0.1:1/api/embed?token=SECRET": dial tcp: connection refused`,
			`Post "http://u:***@127.0.0.1:1/api/embed?token=*** dial tcp: connection refused`},
		{"parse error", `parse "postgres://u:SECRET@h:x/db": invalid port ":x" after host`,
			`parse "postgres://u:***@h:x/db": invalid port ":x" after host`},
		{"two urls", "a http://x:S1@h1 b https://y:S2@h2?key=S3", "a http://x:***@h1 b https://y:***@h2?key=***"},
		{"email is kept", "write to ada@example.com", "write to ada@example.com"},
		{"empty value", "https://h/?token=&a=1", "https://h/?token=&a=1"},
		{"equals in prose", "x = 3 and key=SECRET", "x = 3 and key=***"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := backend.Redact(tc.in); got != tc.want {
				t.Errorf("Redact(%q) = %q; want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestIsSecretName(t *testing.T) {
	for _, n := range []string{"api-key", "api_key", "apikey", "key", "token", "access_token", "secret", "password",
		"sig", "signature", "auth", "Authorization", "x-api-key", "passwd", "pwd", "sslpassword"} {
		if !backend.IsSecretName(n) {
			t.Errorf("IsSecretName(%q) = false; want true", n)
		}
	}
	for _, n := range []string{"host", "user", "dbname", "model", "sslmode", "port", "database", "connect_timeout"} {
		if backend.IsSecretName(n) {
			t.Errorf("IsSecretName(%q) = true; want false", n)
		}
	}
}

func TestRedactLogAttr(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: backend.RedactLogAttr}))
	log.Warn("cannot reach http://u:CANARY@h", "url", "http://h/?api_key=CANARY",
		"err", errors.New("dial postgres://u:CANARY@h/db"), "n", 3,
		slog.Group("g", "dsn", "host=h password=CANARY"))
	out := buf.String()
	if strings.Contains(out, "CANARY") {
		t.Fatalf("log line shows a secret: %s", out)
	}
	for _, want := range []string{"http://u:***@h", "api_key=***", "postgres://u:***@h/db", "n=3", "password=***"} {
		if !strings.Contains(out, want) {
			t.Errorf("log line %q; want it to hold %q", out, want)
		}
	}
}
