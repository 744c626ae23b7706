package store

import (
	"context"

	"maillage/internal/place"
)

// WithdrawnPlaces reads what a withdrawn place was: its claims and public
// reports outlive it, and the moderators of its territory still see them.
type WithdrawnPlaces interface {
	// WithdrawnLieu returns a withdrawn place as it was last published
	// (failure.NotFound if id is not a withdrawn place).
	WithdrawnLieu(ctx context.Context, id string) (place.Lieu, error)
}
