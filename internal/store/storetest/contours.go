package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"maillage/internal/store"
	"maillage/internal/territory"
)

// ContoursLayer is the communes' contours of Toulouse and Blagnac: two
// squares sharing an edge (Toulouse's with a hole and an island).
func ContoursLayer(loaded time.Time) *territory.Layer {
	toulouse := square(43.55, 1.35, 43.65, 1.50)
	toulouse = append(toulouse, territory.Ring{{Lat: 43.60, Lon: 1.40}, {Lat: 43.61, Lon: 1.40}, {Lat: 43.61, Lon: 1.41}, {Lat: 43.60, Lon: 1.41}, {Lat: 43.60, Lon: 1.40}})
	return &territory.Layer{Kind: territory.LayerContours, Vintage: "2025", Source: "communes-50m.geojson.gz", Loaded: loaded,
		Zones: []territory.Zone{
			{Code: "31069", Nom: "Blagnac", Polygons: []territory.Polygon{square(43.65, 1.35, 43.70, 1.50)}},
			{Code: "31555", Nom: "Toulouse", Polygons: []territory.Polygon{toulouse, square(43.50, 1.35, 43.5012345, 1.3512345)}},
		}}
}

func testContours(t *testing.T, s store.Store) {
	ctx := context.Background()
	loaded := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	if err := s.ReplaceTerritories(ctx, Referential()); err != nil {
		t.Fatal(err)
	}
	if err := s.ReplaceLayer(ctx, QPVLayer(loaded)); err != nil {
		t.Fatal(err)
	}
	before := revision(t, s)
	if err := s.ReplaceLayer(ctx, ContoursLayer(loaded)); err != nil {
		t.Fatal(err)
	}
	if after := revision(t, s); after.Territories <= before.Territories {
		t.Errorf("the contours leave the referential's revision at %d", after.Territories)
	}
	got, err := s.Territories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !got.HasContours() || !sameZones(got.Contours.Zones, ContoursLayer(loaded).Zones) {
		t.Fatalf("contours round trip:\n got %+v\nwant %+v", got.Contours, ContoursLayer(loaded).Zones)
	}
	if !got.HasQPV() || len(got.QPV.Zones) != 2 {
		t.Errorf("QPV beside the contours: %+v", got.QPV)
	}
	want := territory.Vintage{Layer: territory.LayerContours, Vintage: "2025", Source: "communes-50m.geojson.gz", Loaded: loaded}
	if v := got.Vintages(); !containsVintage(v, want) {
		t.Errorf("vintages %+v lack %+v", v, want)
	}
	// Toulouse Métropole is derived from its two communes: one outline
	// around both, Toulouse's hole and island kept.
	ps, ok := got.Contour(territory.KindEPCI, "243100518", 0)
	if !ok || len(ps) != 2 {
		t.Fatalf("Toulouse Métropole: %v", ps)
	}

	// The communes imported again keep the contours; a refresh replaces them whole.
	if err := s.ReplaceTerritories(ctx, Referential()); err != nil {
		t.Fatal(err)
	}
	refreshed := &territory.Layer{Kind: territory.LayerContours, Vintage: "2026", Source: "https://example.org/communes.geojson", Loaded: loaded.Add(time.Hour),
		Zones: []territory.Zone{{Code: "81004", Nom: "Albi", Polygons: []territory.Polygon{square(43.90, 2.10, 43.95, 2.20)}}}}
	if err := s.ReplaceLayer(ctx, refreshed); err != nil {
		t.Fatal(err)
	}
	got, err = s.Territories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !got.HasContours() || !sameZones(got.Contours.Zones, refreshed.Zones) || got.Contours.Vintage != "2026" {
		t.Errorf("refreshed contours: %+v", got.Contours)
	}
	if _, ok := got.Contour(territory.KindCommune, "31555", 0); ok {
		t.Error("Toulouse's contour survives the refresh")
	}

	// A refresh that fails leaves the contours as they were.
	broken := &territory.Layer{Kind: territory.LayerContours, Vintage: "2027", Zones: []territory.Zone{
		{Code: "81004", Polygons: []territory.Polygon{square(43, 1, 43.01, 1.01)}}, {Code: "81004", Polygons: []territory.Polygon{square(44, 1, 44.01, 1.01)}}}}
	if err := s.ReplaceLayer(ctx, broken); err == nil {
		t.Fatal("two contours of one commune stored")
	}
	got, err = s.Territories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Contours.Zones[0].Polygons, refreshed.Zones[0].Polygons) || got.Contours.Vintage != "2026" {
		t.Errorf("contours after a failed refresh: %+v", got.Contours)
	}
}

func containsVintage(vs []territory.Vintage, want territory.Vintage) bool {
	for _, v := range vs {
		if v.Layer == want.Layer && v.Vintage == want.Vintage && v.Source == want.Source && v.Loaded.Equal(want.Loaded) {
			return true
		}
	}
	return false
}
