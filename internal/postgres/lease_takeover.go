package postgres

import (
	"context"
	"time"
)

// LeaseHolder tells who holds a lease.
func (db *DB) LeaseHolder(ctx context.Context, name string) (string, error) {
	return db.sources().LeaseHolder(ctx, name)
}

// TakeOverLease takes a lease from a holder known dead.
func (db *DB) TakeOverLease(ctx context.Context, name, from, holder string, ttl time.Duration) (bool, error) {
	return db.sources().TakeOverLease(ctx, name, from, holder, ttl)
}
