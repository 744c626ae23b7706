package store

import (
	"context"

	"maillage/internal/fragility"
)

// Demand holds the demand side of the diagnostic: an imported fragility
// index and a table of indicators, each replaced whole, in one
// transaction, by its next import.
type Demand interface {
	// FragilityIndex returns the imported index, nil when none.
	FragilityIndex(ctx context.Context) (*fragility.Index, error)
	// FragilityIndicators returns the loaded indicators with their
	// composite and people-at-risk spec, nil when none.
	FragilityIndicators(ctx context.Context) (*fragility.Table, error)
	// ReplaceFragilityIndex replaces the index (its import time is the
	// store's clock).
	ReplaceFragilityIndex(ctx context.Context, idx *fragility.Index) error
	// ReplaceFragilityIndicators replaces the indicators.
	ReplaceFragilityIndicators(ctx context.Context, t *fragility.Table) error
	// DemandDatasets lists what is loaded (index first).
	DemandDatasets(ctx context.Context) ([]fragility.Dataset, error)
	// RemoveDemandDataset removes the index (fragility.KindIndex) or the
	// indicators (fragility.KindIndicators); failure.NotFound when none
	// is loaded.
	RemoveDemandDataset(ctx context.Context, kind string) error
}

var _ fragility.Store = Demand(nil)
