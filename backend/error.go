package backend

import (
	"context"
	"errors"
	"fmt"
)

// Error codes shared by every layer. The frontend and the CLI switch on these,
// never on message text.
const (
	// EINVALID marks input the user can correct: an empty title, invalid UTF-8, a body too large.
	EINVALID = "invalid"
	// ENOTFOUND marks a note, version or file that does not exist.
	ENOTFOUND = "not_found"
	// ECONFLICT marks a stale expected version or a path already taken.
	ECONFLICT = "conflict"
	// EUNAVAILABLE marks a store or server that cannot be reached or started.
	EUNAVAILABLE = "unavailable"
	// ECANCELED marks work stopped by the caller.
	ECANCELED = "canceled"
	// EINTERNAL marks a bug or an unexpected failure; details are logged, not shown.
	EINTERNAL = "internal"
)

// Error is the one error type of the domain. Code is machine-readable, Message
// is safe to show to the user, Op names the operation that failed and Err is
// the wrapped cause (never shown to the user).
type Error struct {
	Code    string
	Message string
	Op      string
	Err     error
}

// Error returns a one-line description: the op, the message and the cause.
func (e *Error) Error() string {
	msg := e.Message
	if msg == "" && e.Err != nil {
		msg = e.Err.Error()
	} else if e.Err != nil {
		msg = msg + ": " + e.Err.Error()
	}
	if e.Op != "" {
		return e.Op + ": " + msg
	}
	return msg
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted user-facing message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error, and "" for nil. A context cancellation or an
// expired deadline is ECANCELED.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Code != "" {
		return e.Code
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return ECANCELED
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of the first *Error in err's
// chain, or a generic text for errors that carry none (their details belong in
// the log, not on screen).
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	if ErrorCode(err) == ECANCELED {
		return "The operation was canceled."
	}
	return "An internal error occurred."
}
