package store

import (
	"context"
	"time"

	"maillage/internal/place"
)

// ChangeLog tells readers of the registry what changed and when, by a
// revision of the database rather than by clocks: every write of a place
// (insert, update, delete, by any path) appends its id to a log in the same
// transaction, numbered in commit order; every change of the referential
// bumps a revision of its own. Every process reads them, so an instance
// sees the writes of the others.
type ChangeLog interface {
	// Changes returns the places changed after revision since, at most
	// limit of them (More tells that there were more).
	Changes(ctx context.Context, since int64, limit int) (Changes, error)
	// Revision is the registry's current revision (0 before any change),
	// the referential's, and when a place last changed: a cheap query.
	Revision(ctx context.Context) (Revision, error)
	// LieuxByID reads the places with these ids; ids that no longer exist
	// are absent from the result.
	LieuxByID(ctx context.Context, ids []string) ([]*place.Lieu, error)
	// PruneChanges removes the changes up to revision upTo from the log; a
	// reader still behind it gets Changes.Gap (and reads everything).
	PruneChanges(ctx context.Context, upTo int64) error
}

// Revision is where the registry and the referential stand.
type Revision struct {
	Lieux       int64 // the last change of a place
	Territories int64 // bumped by every change of the referential
	// Qualifications is bumped by every change of the Pass numérique's
	// qualifications (a request, a decision, a withdrawal).
	Qualifications int64
	// LastChange is when a stored place was last written (Stats.LastChange).
	LastChange time.Time
}

// Changes is what changed after a revision.
type Changes struct {
	// Rev is the revision the changes lead to (the since given when none).
	Rev int64
	// IDs are the places inserted, updated or deleted, each once, in the
	// order of their last change.
	IDs []string
	// More: there were more than the limit asked for; Rev and IDs stop at it.
	More bool
	// Gap: changes after since were pruned from the log; read everything.
	Gap bool
	// Created holds the ids of IDs whose first change after since made
	// them appear (an insert, or the new id of a row whose id changed):
	// places a reader at since did not have. The other ids existed at since.
	Created map[string]bool
}
