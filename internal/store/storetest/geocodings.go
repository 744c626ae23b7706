package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"maillage/internal/store"
)

// testGeocodings: the geocoder's answers are found again by key (found or
// not), a new answer replaces the old, and many keys are asked at once.
func testGeocodings(t *testing.T, s store.Store) {
	ctx := context.Background()
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	found := store.Geocoding{Key: "12 rue du taur|31555", Found: true, Lat: 43.6045, Lon: 1.4420, Label: "12 Rue du Taur 31000 Toulouse",
		Score: 0.97, Type: "housenumber", Citycode: "31555", Service: "http://127.0.0.1/geocodage", At: at}
	missing := store.Geocoding{Key: "lieu-dit inconnu|81004", Service: "http://127.0.0.1/geocodage", At: at}
	if err := s.SaveGeocodings(ctx, []store.Geocoding{found, missing}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Geocodings(ctx, []string{found.Key, missing.Key, "jamais vu|31555"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[found.Key] != found || got[missing.Key] != missing {
		t.Fatalf("got %+v", got)
	}
	// Geocoded again (another service): the new answer replaces the old.
	again := found
	again.Score, again.Label, again.At = 0.5, "Rue du Taur 31000 Toulouse", at.Add(time.Hour)
	if err := s.SaveGeocodings(ctx, []store.Geocoding{again}); err != nil {
		t.Fatal(err)
	}
	got, err = s.Geocodings(ctx, []string{found.Key})
	if err != nil {
		t.Fatal(err)
	}
	if got[found.Key] != again {
		t.Errorf("replaced: %+v", got[found.Key])
	}
	// More keys than one query takes.
	var many []store.Geocoding
	var keys []string
	for i := range 1200 {
		g := store.Geocoding{Key: fmt.Sprintf("%d rue longue|31555", i), Found: true, Lat: 43, Lon: 1, Score: 0.9, Type: "housenumber", Citycode: "31555", At: at}
		many, keys = append(many, g), append(keys, g.Key)
	}
	if err := s.SaveGeocodings(ctx, many); err != nil {
		t.Fatal(err)
	}
	got, err = s.Geocodings(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(keys) {
		t.Errorf("%d of %d keys found", len(got), len(keys))
	}
}
