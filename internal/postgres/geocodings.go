package postgres

import (
	"context"

	"maillage/internal/geocodesql"
	"maillage/internal/store"
)

// The geocoder's answers are stored by geocodesql, the same SQL on both
// engines.

func (db *DB) geocodings() *geocodesql.Store {
	return geocodesql.New(db.sql, db.sql, true, 0)
}

// Geocodings returns the stored answers of the keys asked for.
func (db *DB) Geocodings(ctx context.Context, keys []string) (map[string]store.Geocoding, error) {
	return db.geocodings().Geocodings(ctx, keys)
}

// SaveGeocodings stores the geocoder's answers.
func (db *DB) SaveGeocodings(ctx context.Context, gs []store.Geocoding) error {
	return db.geocodings().SaveGeocodings(ctx, gs)
}
