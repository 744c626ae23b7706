package store

import (
	"context"
	"time"

	"maillage/internal/account"
)

// Throttles hold the limits of sign-in (account.Throttle) and the browsers
// where an account signed in, in the database, so that every instance
// serving one database applies the same limits.
type Throttles interface {
	// Throttle reads the throttle of key (the zero Throttle when none) and
	// stores what next returns, in one transaction: concurrent calls, from
	// any instance, see each other's result. A zero result deletes it.
	Throttle(ctx context.Context, key string, next func(account.Throttle) account.Throttle) (account.Throttle, error)
	// KnowDevice records that the account signed in on the browser holding
	// the token whose hash is given, until expires.
	KnowDevice(ctx context.Context, hash string, userID int64, expires time.Time) error
	// KnownDevice reports whether the browser is known for the account at
	// now.
	KnownDevice(ctx context.Context, hash string, userID int64, now time.Time) (bool, error)
}
