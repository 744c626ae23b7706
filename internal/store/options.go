package store

import (
	"log/slog"
	"time"

	"maillage/internal/audit"
)

// Option configures an adapter as it opens.
type Option func(*Options)

// Options are what an adapter is opened with.
type Options struct {
	// Now is the clock: each write transaction reads it once, and every
	// time it writes is that instant (one clock per transaction).
	Now func() time.Time
	// BusyTimeout bounds how long a writer waits for the database
	// (DefaultBusyTimeout).
	BusyTimeout time.Duration
	// AuditKeys authenticate the audit journal (the first signs); none:
	// entries are chained with plain SHA-256, as before keys.
	AuditKeys audit.Keyring
	// AuditFloor is the last entry a checkpoint of this database attests
	// (0: none): a writer never chains below it, so a journal emptied or
	// truncated while a process runs is not started anew.
	AuditFloor int64
	// MigrateUpTo stops the migrations after this version (0: all of
	// them): tests of a migration build the schema as it was before it.
	MigrateUpTo int
	// BulkWrites: the process writes much at once (a harvest, an import):
	// an adapter may trade memory for fewer reads and writes of the disk.
	BulkWrites bool
	// Log receives what an adapter does not return: a failure to take
	// erased texts out of the database's files after an erasure (nil:
	// slog.Default()).
	Log *slog.Logger
}

// WithLogger sets where an adapter logs what it does not return.
func WithLogger(l *slog.Logger) Option {
	return func(o *Options) { o.Log = l }
}

// WithBulkWrites opens the store for a process that writes much at once
// (Options.BulkWrites).
func WithBulkWrites() Option {
	return func(o *Options) { o.BulkWrites = true }
}

// WithMigrationsUpTo applies the migrations up to version n only (tests
// of migrations).
func WithMigrationsUpTo(n int) Option {
	return func(o *Options) { o.MigrateUpTo = n }
}

// WithAuditFloor sets the last entry a checkpoint of the database attests.
func WithAuditFloor(seq int64) Option {
	return func(o *Options) { o.AuditFloor = seq }
}

// WithAuditKeys sets the keys of the audit journal.
func WithAuditKeys(r audit.Keyring) Option {
	return func(o *Options) { o.AuditKeys = r }
}

// WithBusyTimeout sets how long a writer waits for the database before
// failing with ErrBusy.
func WithBusyTimeout(d time.Duration) Option {
	return func(o *Options) { o.BusyTimeout = d }
}

// WithClock sets the clock of the store (the server's, or a test's).
func WithClock(now func() time.Time) Option {
	return func(o *Options) { o.Now = now }
}

// Apply returns the options with their defaults.
func Apply(opts []Option) Options {
	o := Options{Now: time.Now, BusyTimeout: DefaultBusyTimeout}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// TimeLayout is how times stored as text are written: UTC, nanoseconds
// always present, so that every value has the same width and text order
// is time order (RFC 3339 drops trailing zeros: "…:00Z" sorts after
// "…:00.5Z"). Reading accepts RFC 3339 too (rows written before).
const TimeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// FormatTime writes t as stored text.
func FormatTime(t time.Time) string { return t.UTC().Format(TimeLayout) }

// ParseTime reads a time stored as text ("" and unreadable values give
// the zero time).
func ParseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}
