package sqlite

import (
	"context"

	"maillage/internal/store"
)

// PairDecisions returns the decision on every stored pair.
func (db *DB) PairDecisions(ctx context.Context) (map[store.PairKey]string, error) {
	return db.duplicates().PairDecisions(ctx)
}
