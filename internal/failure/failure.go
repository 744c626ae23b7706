// Package failure holds maillage's typed errors: a code that says what kind
// of failure it is (not found, conflict, invalid input…) and a French
// message a person can read. The domain and the stores return them; the
// web package maps each code to an HTTP status in one place.
package failure

import (
	"errors"
	"fmt"
	"time"
)

// Code is the kind of a failure.
type Code string

const (
	// Internal is an unexpected failure: logged in full, never shown.
	Internal Code = "interne"
	// NotFound: what was asked for does not exist.
	NotFound Code = "introuvable"
	// Conflict: the request contradicts the current state (already
	// decided, already exists, edited meanwhile by someone else).
	Conflict Code = "conflit"
	// Invalid: the input breaks a rule; the message says which.
	Invalid Code = "invalide"
	// Forbidden: the person is known but may not do this.
	Forbidden Code = "interdit"
	// Unauthorized: the person must sign in first.
	Unauthorized Code = "non_authentifie"
	// Unavailable: the service is busy or a dependency is down; retry later.
	Unavailable Code = "indisponible"
	// TooMany: a rate limit was reached; retry later.
	TooMany Code = "trop_de_demandes"
	// Gone: what was asked for existed but can no longer be used (an
	// expired link).
	Gone Code = "perime"
)

// Error is a failure with a code and a French message for people.
type Error struct {
	Code    Code
	Message string
	// Err is the underlying cause, for logs and errors.Is; never shown.
	Err error
	// Actors are who the message names as the audit journal writes them
	// ("compte:42"): whoever shows the message names each as its reader
	// may see them (ActorsOf).
	Actors []string
	// Wait is, for TooMany (or Unavailable), how long before trying again
	// may succeed (0: not known); the web says it in Retry-After.
	Wait time.Duration
}

// Naming says that the message names actors as the journal writes them
// (see Error.Actors).
func (e *Error) Naming(actors ...string) *Error {
	e.Actors = append(e.Actors, actors...)
	return e
}

// ActorsOf returns the actors the message of err names (Error.Actors).
func ActorsOf(err error) []string {
	var e *Error
	if errors.As(err, &e) {
		return e.Actors
	}
	return nil
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s : %s : %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s : %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Is makes errors.Is(err, &Error{Code: c}) match any failure of code c, so
// that sentinel values such as ErrNotFound below compare by code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Message == "" && t.Err == nil && t.Code == e.Code
}

// Errorf returns a failure of code c with a formatted French message.
func Errorf(c Code, format string, args ...any) *Error {
	return &Error{Code: c, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns a failure of code c with a French message and a cause.
func Wrap(c Code, err error, message string) *Error {
	return &Error{Code: c, Message: message, Err: err}
}

// Sentinels for errors.Is: errors.Is(err, failure.ErrNotFound) is true for
// every failure whose code is NotFound, whatever its message.
var (
	ErrNotFound    = &Error{Code: NotFound}
	ErrConflict    = &Error{Code: Conflict}
	ErrInvalid     = &Error{Code: Invalid}
	ErrForbidden   = &Error{Code: Forbidden}
	ErrUnavailable = &Error{Code: Unavailable}
	ErrGone        = &Error{Code: Gone}
)

// CodeOf returns the code of the first failure in err's chain, Internal
// when there is none, and "" for a nil error.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// WaitOf returns how long the first failure in err's chain says to wait
// before trying again (Error.Wait; 0 when it does not say).
func WaitOf(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.Wait
	}
	return 0
}

// MessageOf returns the French message of err for people: the failure's
// message, or a generic one for internal errors (whose details are logged,
// never shown).
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != Internal && e.Message != "" {
		return e.Message
	}
	return "Erreur interne du serveur : réessayez plus tard."
}
