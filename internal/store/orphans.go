package store

import (
	"context"
	"time"
)

// OrphanedPlaces are the places every source withdrew that stay
// published because a person set some of their fields by hand: the
// usual reason a list drops a site is that it closed, so coordinators
// are asked to check them.
type OrphanedPlaces interface {
	// OrphanedPlaces lists the published places whose records were all
	// withdrawn, that no person edited or confirmed since the last
	// withdrawal, by id.
	OrphanedPlaces(ctx context.Context) ([]Orphan, error)
}

// Orphan is a place no current record describes, with the record
// withdrawn last.
type Orphan struct {
	LieuID, Nom      string
	Source, SourceID string
	WithdrawnAt      time.Time
}
