package harvest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"maillage/internal/geocode"
	"maillage/internal/geocode/geocodetest"
	"maillage/internal/importer"
	"maillage/internal/store"
)

// TestHarvestGeocodes: a harvest geocodes, through Options.Geocoding, the
// records its source gives without coordinates.
func TestHarvestGeocodes(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		csv := strings.Replace(string(readFile(t, "testdata/standard/hub-v1.csv")), ",Place Gambetta,,44.0506,2.1579,", ",Place Gambetta,,,,", 1)
		path := filepath.Join(t.TempDir(), "hub.csv")
		if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
			t.Fatal(err)
		}
		fake := geocodetest.New(t, map[string]geocodetest.Result{
			"place gambetta": {Lat: 44.050312, Lon: 2.157934, Label: "Place Gambetta 81400 Carmaux", Score: 0.89, Type: "street",
				Citycode: "81060", Postcode: "81400", City: "Carmaux"},
		})
		src := declare(t, st, store.Source{Name: "fichier", Type: store.SourceStandard, URL: path})
		geo := &importer.Geocoding{Batch: geocode.NewBatch(fake.URL), Now: func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) }}
		if run, err := Harvest(context.Background(), st, src, Options{PrivateAddresses: true, Geocoding: geo}); err != nil || run.Created != 4 {
			t.Fatalf("harvest: %+v, %v", run, err)
		}
		l, err := st.Lieu(context.Background(), "hub-002")
		if err != nil || l.Coordinates == nil || l.Coordinates.Lat != 44.050312 || l.Provenance.Geocoding == nil {
			t.Errorf("hub-002: %+v %v", l.Coordinates, err)
		}
		if searches, _, _ := fake.Counts(); searches != 1 {
			t.Errorf("%d searches", searches)
		}
	})
}
