package backend

import (
	"log/slog"
	"regexp"
	"strings"
)

// Redacted replaces a secret in the text Redact returns.
const Redacted = "***"

var (
	// userinfoRE finds the user info of a URL: scheme://USER[:PASSWORD]@.
	// The class admits '@' so that the match ends at the last one, as
	// url.Parse reads an unescaped '@' in a password.
	userinfoRE = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.\-]*://)([^\s/?#"'<>]*)@`)
	// pairRE finds NAME=VALUE in a URL's query or a keyword/value DSN:
	// VALUE is quoted (libpq's 'it''s' or \' escapes, or Go's "…") or runs
	// to the next space, '&' or '#'.
	pairRE = regexp.MustCompile(`(?i)(^|[^a-z0-9_.\-%])([a-z0-9_.\-]+)(\s*=\s*)('(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.)*"|[^\s&#]*)`)
)

// secretNames are parameter names (lower case, without '-', '_' and '.')
// whose values are secrets; secretSuffixes catch the rest (x-api-key,
// access_token, client_secret, sslpassword…).
var (
	secretNames    = []string{"key", "sig", "auth", "pass", "pwd"}
	secretSuffixes = []string{"key", "token", "secret", "password", "passwd", "passphrase", "signature",
		"authorization", "credential", "credentials", "auth", "sig"}
)

// IsSecretName reports whether a URL query parameter, DSN keyword or
// setting named name holds a secret: api-key, api_key, apikey, key, token,
// access_token, secret, password, sig, signature, auth and the like.
func IsSecretName(name string) bool {
	n := strings.ToLower(name)
	n = strings.NewReplacer("-", "", "_", "", ".", "").Replace(n)
	for _, s := range secretNames {
		if n == s {
			return true
		}
	}
	for _, s := range secretSuffixes {
		if strings.HasSuffix(n, s) {
			return true
		}
	}
	return false
}

// Redact returns s with the secrets a configured address can carry
// replaced by Redacted: the password of a URL's user info
// (postgres://bob:***@host/db, the user name is kept) and the value of every
// secret-looking parameter (IsSecretName) in a URL's query or a keyword/value
// DSN (host=h password=***). s may be a URL, a DSN, or any text quoting
// them, such as an error message; the rest of it is kept. Every message and
// log line that shows a configured address goes through it.
func Redact(s string) string {
	if !strings.ContainsAny(s, "@=") {
		return s
	}
	s = userinfoRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := userinfoRE.FindStringSubmatch(m)
		user, _, hasPass := strings.Cut(sub[2], ":")
		if !hasPass {
			return m
		}
		return sub[1] + user + ":" + Redacted + "@"
	})
	return pairRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := pairRE.FindStringSubmatch(m)
		if !IsSecretName(sub[2]) || sub[4] == "" {
			return m
		}
		return sub[1] + sub[2] + sub[3] + Redacted
	})
}

// RedactLogAttr is a slog.HandlerOptions.ReplaceAttr that passes the
// message and every string or error attribute through Redact, so that a
// log line never shows a configured secret even when a driver's error
// quotes its connection string.
func RedactLogAttr(_ []string, a slog.Attr) slog.Attr {
	switch a.Value.Kind() {
	case slog.KindString:
		if r := Redact(a.Value.String()); r != a.Value.String() {
			a.Value = slog.StringValue(r)
		}
	case slog.KindAny:
		if err, ok := a.Value.Any().(error); ok && err != nil {
			if r := Redact(err.Error()); r != err.Error() {
				a.Value = slog.StringValue(r)
			}
		}
	}
	return a
}
