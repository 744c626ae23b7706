package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"maillage/internal/failure"
)

// DefaultBusyTimeout is how long a writer waits for the database before
// giving up with ErrBusy (SQLite's busy_timeout and its one writer,
// PostgreSQL's lock_timeout).
const DefaultBusyTimeout = 5 * time.Second

// ErrBusy is the failure of a write that waited for the database longer
// than the busy timeout: another write (an import) holds it. The web
// answers 503 with Retry-After.
var ErrBusy = failure.Errorf(failure.Unavailable, "La base de données est occupée (un import est peut-être en cours) : réessayez dans quelques instants.")

// IsBusy reports whether a driver's error says the database or a lock was
// busy: SQLITE_BUSY, or PostgreSQL's lock_timeout (55P03).
func IsBusy(err error) bool {
	if err == nil {
		return false
	}
	m := err.Error()
	return strings.Contains(m, "SQLITE_BUSY") || strings.Contains(m, "database is locked") ||
		strings.Contains(m, "55P03") || strings.Contains(m, "lock timeout")
}

// Busy returns ErrBusy (with err as its cause) when err says the database
// was busy, and err otherwise.
func Busy(err error) error {
	if IsBusy(err) {
		return failure.Wrap(failure.Unavailable, err, ErrBusy.Message)
	}
	return err
}

// WriteConn takes a connection of a writers' pool, waiting at most busy
// (0: as long as ctx allows): with one writer (SQLite), a writer queued
// behind a long transaction gets ErrBusy, not a hang.
func WriteConn(ctx context.Context, db *sql.DB, busy time.Duration) (*sql.Conn, error) {
	if busy <= 0 {
		return db.Conn(ctx)
	}
	actx, cancel := context.WithTimeout(ctx, busy)
	defer cancel()
	c, err := db.Conn(actx)
	if err != nil && ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
		return nil, failure.Wrap(failure.Unavailable, err, ErrBusy.Message)
	}
	return c, err
}
