package store

import (
	"context"

	"maillage/internal/territory"
)

// Territories is the referential of communes, EPCI, départements and régions.
type Territories interface {
	// ReplaceTerritories replaces the whole referential in one transaction.
	ReplaceTerritories(ctx context.Context, r *territory.Referential) error
	// Territories reads it back (empty if never loaded).
	Territories(ctx context.Context) (*territory.Referential, error)
}
