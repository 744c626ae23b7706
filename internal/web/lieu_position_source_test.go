package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"maillage/internal/place"
	"maillage/internal/store"
)

// TestPlacePositionSurveyedOverGeocoded: a merged place takes the
// coordinates a source gave itself over a position geocoded for a higher
// priority source's record, and its provenance line says so.
func TestPlacePositionSurveyedOverGeocoded(t *testing.T) {
	p := cast(t)
	ts, ctx := p.ts, context.Background()
	put := func(source string, l place.Lieu) {
		t.Helper()
		im, err := ts.store.BeginImport(ctx, source)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := im.Put(ctx, &l); err != nil {
			t.Fatal(err)
		}
		if _, err := im.Commit(ctx, source+".csv"); err != nil {
			t.Fatal(err)
		}
	}
	where := func(l *place.Lieu) {
		l.Nom, l.Commune, l.CodeINSEE, l.CodePostal, l.Adresse = "EPN du Capitole", "Toulouse", "31555", "31000", "1 place du Capitole"
	}
	put("fs", lieu("pos-1", 43.6100, 1.4400, func(l *place.Lieu) {
		where(l)
		l.Provenance.Geocoding = &place.Geocoding{Label: "Place du Capitole 31000 Toulouse", Score: 0.71, Type: "street",
			Service: "https://data.geopf.fr/geocodage", At: time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC), Reason: place.GeocodedMissing}
	}))
	put("dept", lieu("pos-2", 43.604429, 1.443812, where))
	if err := ts.store.DeclareSource(ctx, store.Source{Name: "fs", Type: store.SourceStandard, URL: "https://exemple.fr/fs.csv", DeclaredBy: "test"}); err != nil {
		t.Fatal(err)
	}
	prio := 9
	if _, _, err := ts.store.ChangeSource(ctx, "fs", store.SourceChange{Priority: &prio}, "test"); err != nil {
		t.Fatal(err)
	}
	if err := ts.store.MergePlaces(ctx, "pos-1", "pos-2", store.MergeInfo{Actor: "test", Reason: "même lieu"}); err != nil {
		t.Fatal(err)
	}
	if err := ts.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	l, err := ts.store.Lieu(ctx, "pos-1")
	if err != nil {
		t.Fatal(err)
	}
	if l.Coordinates == nil || *l.Coordinates != (place.Point{Lat: 43.604429, Lon: 1.443812}) {
		t.Errorf("position %v, want dept's own coordinates", l.Coordinates)
	}
	res := getAs(t, ts, "/lieux/pos-1", p.coord31)
	want := "source « dept », enregistrement pos-2 — coordonnées données par la source, préférées à la position géocodée pour « fs » (enregistrement pos-1)"
	if res.StatusCode != 200 || !strings.Contains(res.Body, want) {
		t.Errorf("the provenance does not say the source's coordinates won (%d):\n%s", res.StatusCode, res.Body)
	}
}
