package backend

import (
	"context"
	"errors"
)

// Translate maps an adapter's error to *Error. What does not depend on the
// adapter is mapped here, the same for every adapter: nil stays nil, an
// error that already carries an *Error passes through, and a cancelled or
// expired context is ECANCELED. Any other error goes to known, which
// returns the code and user-facing message of the causes its adapter
// recognises ("" for none); an error it does not recognise is EINTERNAL.
// The result names op and wraps err, so the cause reaches the log.
func Translate(op string, err error, known func(err error) (code, message string)) error {
	if err == nil {
		return nil
	}
	var be *Error
	if errors.As(err, &be) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &Error{Code: ECANCELED, Op: op, Message: "The operation was canceled.", Err: err}
	}
	code, msg := known(err)
	if code == "" {
		code, msg = EINTERNAL, ""
	}
	return &Error{Code: code, Op: op, Message: msg, Err: err}
}

// Cause is the innermost cause of a failure, redacted, for a message: it
// names what went wrong (refused, no such host, authentication failed)
// without the wrapping that repeats a URL or connection string and its
// secrets. An expired deadline is "timed out".
func Cause(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "timed out"
	}
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return Redact(err.Error())
		}
		err = next
	}
}
