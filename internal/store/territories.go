package store

import (
	"context"

	"maillage/internal/territory"
)

// Territories is the referential of communes, EPCI, départements and
// régions, and its layers of zones (QPV, IRIS), each with its vintage.
type Territories interface {
	// ReplaceTerritories replaces the communes, EPCI, départements,
	// régions and the communes' vintage in one transaction; the layers
	// stay.
	ReplaceTerritories(ctx context.Context, r *territory.Referential) error
	// ReplaceLayer replaces one layer of zones (territory.LayerQPV or
	// LayerIRIS) and its vintage in one transaction; the rest stays.
	ReplaceLayer(ctx context.Context, l *territory.Layer) error
	// Territories reads it all back (empty if never loaded).
	Territories(ctx context.Context) (*territory.Referential, error)
}
