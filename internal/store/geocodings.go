package store

import (
	"context"
	"time"
)

// Geocodings keeps what the geocoder answered for an address, so that an
// address is never geocoded twice, across imports, harvests and
// instances sharing the database.
type Geocodings interface {
	// Geocodings returns the stored answers of the keys asked for (a key
	// never stored is absent from the map).
	Geocodings(ctx context.Context, keys []string) (map[string]Geocoding, error)
	// SaveGeocodings stores answers; an answer of a key already stored
	// replaces it.
	SaveGeocodings(ctx context.Context, gs []Geocoding) error
}

// Geocoding is the geocoder's best answer for an address in a commune:
// Found false when it found nothing there. Whether an answer is good
// enough (score, type) is decided when it is used, so that a change of
// threshold needs no new request.
type Geocoding struct {
	Key      string // geocode.Key: the normalised address and the INSEE code
	Found    bool
	Lat, Lon float64
	Label    string
	Score    float64
	Type     string // housenumber, street, locality, municipality
	Citycode string // the INSEE code of the answer's commune
	Service  string // the geocoder's address
	At       time.Time
}
