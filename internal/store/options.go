package store

import "time"

// Option configures an adapter as it opens.
type Option func(*Options)

// Options are what an adapter is opened with.
type Options struct {
	// Now is the clock: each write transaction reads it once, and every
	// time it writes is that instant (one clock per transaction).
	Now func() time.Time
}

// WithClock sets the clock of the store (the server's, or a test's).
func WithClock(now func() time.Time) Option {
	return func(o *Options) { o.Now = now }
}

// Apply returns the options with their defaults.
func Apply(opts []Option) Options {
	o := Options{Now: time.Now}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}
