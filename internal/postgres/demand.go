package postgres

import (
	"context"

	"maillage/internal/fragility"
	"maillage/internal/fragilitysql"
)

// The demand data of the diagnostic is stored by fragilitysql, the same
// SQL on both engines.

func (db *DB) demand() *fragilitysql.Store {
	return fragilitysql.New(db.sql, db.sql, true, 0, db.now)
}

// FragilityIndex returns the imported fragility index, nil when none.
func (db *DB) FragilityIndex(ctx context.Context) (*fragility.Index, error) {
	return db.demand().FragilityIndex(ctx)
}

// FragilityIndicators returns the loaded indicators, nil when none.
func (db *DB) FragilityIndicators(ctx context.Context) (*fragility.Table, error) {
	return db.demand().FragilityIndicators(ctx)
}

// ReplaceFragilityIndex replaces the imported fragility index.
func (db *DB) ReplaceFragilityIndex(ctx context.Context, idx *fragility.Index) error {
	return db.demand().ReplaceFragilityIndex(ctx, idx)
}

// ReplaceFragilityIndicators replaces the indicators.
func (db *DB) ReplaceFragilityIndicators(ctx context.Context, t *fragility.Table) error {
	return db.demand().ReplaceFragilityIndicators(ctx, t)
}

// DemandDatasets lists the demand data loaded.
func (db *DB) DemandDatasets(ctx context.Context) ([]fragility.Dataset, error) {
	return db.demand().DemandDatasets(ctx)
}

// RemoveDemandDataset removes the index or the indicators.
func (db *DB) RemoveDemandDataset(ctx context.Context, kind string) error {
	return db.demand().RemoveDemandDataset(ctx, kind)
}
