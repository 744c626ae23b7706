package sqlite

import (
	"context"

	"maillage/internal/store"
)

// The review's reads of pairs and merged places (dedupsql); the records by
// key come from accountsql.

// WaitingPairs lists the pairs waiting for a person.
func (db *DB) WaitingPairs(ctx context.Context) ([]store.WaitingPair, error) {
	return db.duplicates().WaitingPairs(ctx)
}

// MergedPlaces lists the published places several current records hold.
func (db *DB) MergedPlaces(ctx context.Context) ([]store.MergedPlace, error) {
	return db.duplicates().MergedPlaces(ctx)
}

// SeparatedFrom lists the places a person said are distinct from place id.
func (db *DB) SeparatedFrom(ctx context.Context, id string) ([]string, error) {
	return db.duplicates().SeparatedFrom(ctx, id)
}
