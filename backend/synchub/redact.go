package synchub

import "secondbrain/backend"

// Redact returns dsn, keyword/value (host=h password=secret) or URL
// (postgres://user:secret@h/db?sslpassword=…), with its password and every
// other secret-looking value replaced by "***"; the rest is kept, so the
// result can be shown in settings and logs. It also cleans any text that
// quotes a DSN, such as a driver's error.
func Redact(dsn string) string { return backend.Redact(dsn) }
