package merge

import (
	"testing"

	"maillage/internal/place"
)

// TestPositionOfASourceWinsOverGeocoded: coordinates a source gave itself
// win over a position maillage geocoded, whatever the sources' priority;
// among records of one kind the usual rule holds; a position set by hand
// still comes first.
func TestPositionOfASourceWinsOverGeocoded(t *testing.T) {
	geocoded := func(l *place.Lieu) {
		l.Coordinates = &place.Point{Lat: 43.77, Lon: 1.49}
		l.Provenance.Geocoding = &place.Geocoding{Label: "Rue X 31340 Villemur-sur-Tarn", Score: 0.8, Reason: place.GeocodedMissing}
	}
	surveyed := func(l *place.Lieu) { l.Coordinates = &place.Point{Lat: 43.8675, Lon: 1.5021} }
	current := &place.Lieu{ID: "pub", Coordinates: &place.Point{Lat: 1, Lon: 1}}
	tests := []struct {
		name    string
		records []Record
		hand    map[string]Hand
		want    place.Point
		from    string
	}{
		{"surveyed by a lower priority source", []Record{rec("fs", "1", 9, 5, geocoded), rec("hub", "2", 0, 4, surveyed)}, nil, place.Point{Lat: 43.8675, Lon: 1.5021}, "hub"},
		{"all geocoded: the priority", []Record{rec("fs", "1", 9, 5, geocoded), rec("hub", "2", 0, 4, geocoded)}, nil, place.Point{Lat: 43.77, Lon: 1.49}, "fs"},
		{"all surveyed: the priority", []Record{rec("fs", "1", 9, 5, surveyed), rec("hub", "2", 0, 4, func(l *place.Lieu) { l.Coordinates = &place.Point{Lat: 44, Lon: 2} })}, nil, place.Point{Lat: 43.8675, Lon: 1.5021}, "fs"},
		{"a position set by hand first", []Record{rec("fs", "1", 9, 5, geocoded), rec("hub", "2", 0, 4, surveyed)},
			map[string]Hand{"latitude": {Origin: "coordination", At: day(9)}}, place.Point{Lat: 1, Lon: 1}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, o := Compute(tt.records, current, tt.hand)
			if l.Coordinates == nil || *l.Coordinates != tt.want || o["latitude"].Source != tt.from || o["longitude"].Source != tt.from {
				t.Errorf("position %v from %+v, want %v from %q", l.Coordinates, o["latitude"], tt.want, tt.from)
			}
		})
	}
}
