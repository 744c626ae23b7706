package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"maillage/internal/place"
)

// TestPlaceProvenanceGeocoded: coordinators see that a place's position
// was geocoded, from what address, with what score, and what the source
// gave; visitors do not.
func TestPlaceProvenanceGeocoded(t *testing.T) {
	p := cast(t)
	ts, ctx := p.ts, context.Background()
	l := lieu("geo-1", 43.604429, 1.443812, func(l *place.Lieu) {
		l.Nom, l.Commune, l.CodeINSEE, l.CodePostal, l.Adresse = "EPN du Capitole", "Toulouse", "31555", "31000", "1 place du Capitole"
		l.Provenance.Original = map[string]string{"latitude": "48.8566", "longitude": "2.3522"}
		l.Provenance.Geocoding = &place.Geocoding{Label: "1 Place du Capitole 31000 Toulouse", Score: 0.9634, Type: "housenumber",
			Service: "https://data.geopf.fr/geocodage", At: time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC), Reason: place.GeocodedFar}
	})
	im, err := ts.store.BeginImport(ctx, "dept")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := im.Put(ctx, &l); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(ctx, "dept.csv"); err != nil {
		t.Fatal(err)
	}
	if err := ts.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	want := "position géocodée (https://data.geopf.fr/geocodage, le 30 novembre 2026) : « 1 Place du Capitole 31000 Toulouse », score 0,96 ; la source donnait 48.8566, 2.3522, à plus de 20 km de la commune"
	for _, c := range []struct {
		cookie string
		shown  bool
	}{{"", false}, {p.coord31, true}} {
		res := getAs(t, ts, "/lieux/geo-1", c.cookie)
		if res.StatusCode != 200 {
			t.Fatalf("status %d", res.StatusCode)
		}
		if strings.Contains(res.Body, want) != c.shown {
			t.Errorf("coordinator %v: geocoding shown %v:\n%s", c.shown, !c.shown, res.Body)
		}
	}
}
