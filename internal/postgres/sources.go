package postgres

import (
	"context"
	"time"

	"maillage/internal/sourcesql"
	"maillage/internal/store"
)

// The declared sources, their harvests and the leases are stored by
// sourcesql, the same SQL on both engines.

func (db *DB) sources() *sourcesql.Store {
	return sourcesql.New(db.sql, db.sql, true, 0, db.now, db.AppendIn)
}

// DeclareSource records a declared source.
func (db *DB) DeclareSource(ctx context.Context, s store.Source) error {
	return db.sources().DeclareSource(ctx, s)
}

// Source returns a declared source, removed or not.
func (db *DB) Source(ctx context.Context, name string) (store.Source, error) {
	return db.sources().Source(ctx, name)
}

// DeclaredSources lists the declared sources not removed.
func (db *DB) DeclaredSources(ctx context.Context) ([]store.Source, error) {
	return db.sources().DeclaredSources(ctx)
}

// RemoveSource marks a declared source removed, journaled as done by actor.
func (db *DB) RemoveSource(ctx context.Context, name, actor string) error {
	return db.sources().RemoveSource(ctx, name, actor)
}

// StartHarvest records the start of a harvest.
func (db *DB) StartHarvest(ctx context.Context, source string) (int64, error) {
	return db.sources().StartHarvest(ctx, source)
}

// FinishHarvest records how a harvest ended.
func (db *DB) FinishHarvest(ctx context.Context, r store.HarvestRun) error {
	return db.sources().FinishHarvest(ctx, r)
}

// HarvestRuns lists the harvests of a source, newest first.
func (db *DB) HarvestRuns(ctx context.Context, source string, limit int) ([]store.HarvestRun, error) {
	return db.sources().HarvestRuns(ctx, source, limit)
}

// HarvestRun returns one harvest.
func (db *DB) HarvestRun(ctx context.Context, id int64) (store.HarvestRun, error) {
	return db.sources().HarvestRun(ctx, id)
}

// LastHarvests returns the latest harvest of every source.
func (db *DB) LastHarvests(ctx context.Context) (map[string]store.HarvestRun, error) {
	return db.sources().LastHarvests(ctx)
}

// AcquireLease takes or renews a lease.
func (db *DB) AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	return db.sources().AcquireLease(ctx, name, holder, ttl)
}

// ReleaseLease gives a lease back.
func (db *DB) ReleaseLease(ctx context.Context, name, holder string) error {
	return db.sources().ReleaseLease(ctx, name, holder)
}
