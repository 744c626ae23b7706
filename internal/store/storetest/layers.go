package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"maillage/internal/store"
	"maillage/internal/territory"
)

// square is a rectangle polygon between two corners (the stores keep
// coordinates to 1e-7 degree).
func square(south, west, north, east float64) territory.Polygon {
	return territory.Polygon{{{Lat: south, Lon: west}, {Lat: south, Lon: east}, {Lat: north, Lon: east}, {Lat: north, Lon: west}, {Lat: south, Lon: west}}}
}

// sameZones compares what zones say (not their index).
func sameZones(a, b []territory.Zone) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.Code != y.Code || x.Nom != y.Nom || x.Type != y.Type || !reflect.DeepEqual(x.Communes, y.Communes) || !reflect.DeepEqual(x.Polygons, y.Polygons) {
			return false
		}
	}
	return true
}

// QPVLayer is a small QPV layer near Toulouse: a square with a hole, and
// a multipolygon over two communes.
func QPVLayer(loaded time.Time) *territory.Layer {
	holed := square(43.60, 1.40, 43.62, 1.42)
	holed = append(holed, square(43.605, 1.405, 43.615, 1.415)[0])
	return &territory.Layer{Kind: territory.LayerQPV, Vintage: "2024", Source: "qpv2024.geojson.gz", Loaded: loaded,
		Zones: []territory.Zone{
			{Code: "QN03101M", Nom: "Le Mirail – Université", Communes: []string{"31555"}, Polygons: []territory.Polygon{holed}},
			{Code: "QN03102M", Nom: "Les Deux Rives", Communes: []string{"31555", "31069"},
				Polygons: []territory.Polygon{square(43.64, 1.37, 43.6451234, 1.3751234), square(43.65, 1.39, 43.655, 1.395)}},
		}}
}

func testLayers(t *testing.T, s store.Store) {
	ctx := context.Background()
	loaded := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	empty, err := s.Territories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if empty.HasQPV() || empty.IRIS != nil || len(empty.Vintages()) != 0 {
		t.Fatalf("layers of an empty store: %+v", empty.Vintages())
	}
	ref := Referential()
	ref.CommunesVintage = territory.Vintage{Vintage: "2026", Source: "@etalab/decoupage-administratif 6.0.0", Loaded: loaded}
	if err := s.ReplaceTerritories(ctx, ref); err != nil {
		t.Fatal(err)
	}
	before := revision(t, s)
	qpv := QPVLayer(loaded)
	if err := s.ReplaceLayer(ctx, qpv); err != nil {
		t.Fatal(err)
	}
	if after := revision(t, s); after.Territories <= before.Territories {
		t.Errorf("a new layer leaves the referential's revision at %d", after.Territories)
	}
	got, err := s.Territories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !got.HasQPV() || !sameZones(got.QPV.Zones, QPVLayer(loaded).Zones) {
		t.Fatalf("QPV round trip:\n got %+v\nwant %+v", got.QPV, QPVLayer(loaded).Zones)
	}
	wantVintages := []territory.Vintage{
		{Layer: "communes", Vintage: "2026", Source: "@etalab/decoupage-administratif 6.0.0", Loaded: loaded},
		{Layer: territory.LayerQPV, Vintage: "2024", Source: "qpv2024.geojson.gz", Loaded: loaded},
	}
	if v := got.Vintages(); !reflect.DeepEqual(v, wantVintages) {
		t.Errorf("vintages:\n got %+v\nwant %+v", v, wantVintages)
	}
	if in, _ := got.QPVAt(43.601, 1.401); in == nil || in.Code != "QN03101M" {
		t.Errorf("QPVAt after reading back: %+v", in)
	}
	if in, near := got.QPVAt(43.61, 1.41); in != nil || len(near) != 0 { // in the hole, 400 m from its edges
		t.Errorf("QPVAt in the hole: %+v %+v", in, near)
	}
	if len(got.Communes) != len(ref.Communes) {
		t.Errorf("communes after a layer import: %d", len(got.Communes))
	}

	// The communes imported again keep the layer.
	if err := s.ReplaceTerritories(ctx, ref); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Territories(ctx); err != nil || !got.HasQPV() || len(got.QPV.Zones) != 2 {
		t.Fatalf("QPV after the communes' import: %v %+v", err, got.QPV)
	}

	// An IRIS layer beside it.
	iris := &territory.Layer{Kind: territory.LayerIRIS, Vintage: "2023", Source: "iris.geojson", Loaded: loaded,
		Zones: []territory.Zone{{Code: "315550101", Nom: "Capitole", Type: "H", Communes: []string{"31555"}, Polygons: []territory.Polygon{square(43.60, 1.44, 43.61, 1.45)}}}}
	if err := s.ReplaceLayer(ctx, iris); err != nil {
		t.Fatal(err)
	}

	// A refresh replaces the layer whole.
	refreshed := &territory.Layer{Kind: territory.LayerQPV, Vintage: "2025", Source: "https://example.org/qpv.geojson", Loaded: loaded.Add(time.Hour),
		Zones: []territory.Zone{{Code: "QN03103M", Nom: "Bagatelle", Communes: []string{"31555"}, Polygons: []territory.Polygon{square(43.58, 1.41, 43.59, 1.42)}}}}
	if err := s.ReplaceLayer(ctx, refreshed); err != nil {
		t.Fatal(err)
	}
	got, err = s.Territories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.QPV.Zones) != 1 || got.QPV.Zones[0].Code != "QN03103M" || got.QPV.Vintage != "2025" || !got.QPV.Loaded.Equal(loaded.Add(time.Hour)) {
		t.Errorf("refreshed QPV: %+v", got.QPV)
	}
	if got.IRIS == nil || len(got.IRIS.Zones) != 1 || got.IRISAt(43.605, 1.445) == nil {
		t.Errorf("IRIS after the QPV's refresh: %+v", got.IRIS)
	}

	// A refresh that fails leaves the layer as it was.
	broken := &territory.Layer{Kind: territory.LayerQPV, Vintage: "2026", Zones: []territory.Zone{
		{Code: "QN1", Polygons: []territory.Polygon{square(43, 1, 43.01, 1.01)}}, {Code: "QN1", Polygons: []territory.Polygon{square(44, 1, 44.01, 1.01)}}}}
	if err := s.ReplaceLayer(ctx, broken); err == nil {
		t.Fatal("two zones of one code stored")
	}
	got, err = s.Territories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.QPV.Zones) != 1 || got.QPV.Zones[0].Code != "QN03103M" || got.QPV.Vintage != "2025" {
		t.Errorf("QPV after a failed refresh: %+v", got.QPV)
	}
}
