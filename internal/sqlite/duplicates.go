package sqlite

import (
	"context"

	"maillage/internal/dedupsql"
	"maillage/internal/store"
)

// The deduplication's pairs are stored by dedupsql, the same SQL on both
// engines.

func (db *DB) duplicates() *dedupsql.Store {
	return dedupsql.New(db.write, db.read, false, db.busy, db.now)
}

// SavePairs records the matcher's view of pairs, keeping decisions taken.
func (db *DB) SavePairs(ctx context.Context, pairs []store.DuplicatePair) error {
	return db.duplicates().SavePairs(ctx, pairs)
}

// ReviewPairs saves pairs a merge run left apart, to be reviewed.
func (db *DB) ReviewPairs(ctx context.Context, pairs []store.DuplicatePair) error {
	return db.duplicates().ReviewPairs(ctx, pairs)
}

// DuplicatePairs lists the stored pairs the filter selects.
func (db *DB) DuplicatePairs(ctx context.Context, f store.PairFilter) ([]store.DuplicatePair, error) {
	return db.duplicates().DuplicatePairs(ctx, f)
}

// DecidePair records a person's decision on a stored pair, in a
// transaction that takes the places' lock first (accountsql.Store.DecidePair).
func (db *DB) DecidePair(ctx context.Context, key store.PairKey, decision, actor string) error {
	return db.Store.DecidePair(ctx, key, decision, actor)
}
