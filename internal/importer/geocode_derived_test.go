package importer

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"maillage/internal/geocode"
	"maillage/internal/geocode/geocodetest"
	"maillage/internal/standard"
	"maillage/internal/territory"
)

// Records without INSEE code whose postcode and commune designate one
// commune get its code before they are geocoded: the geocoder is asked
// in that commune (citycode), through the CSV endpoint and the search
// endpoint alike, at an import and at « maillage geocoder ».
const derivedCSV = `id,nom,commune,code_postal,code_insee,adresse,latitude,longitude,date_maj
d1,EPN du Taur,Toulouse,31000,,12 rue du Taur,,,2026-01-02
d2,EPN de Gaillac,Gaillac,81600,,Place de la Libération,,,2026-01-02
`

func TestGeocodesDerivedINSEEInItsCommune(t *testing.T) {
	for name, open := range engines(t) {
		for _, csvFrom := range []int{1, 20} {
			t.Run(name+"/"+map[int]string{1: "csv", 20: "search"}[csvFrom], func(t *testing.T) {
				ctx := context.Background()
				s := open(t)
				fake := geocodetest.New(t, ban)
				b := geocode.NewBatch(fake.URL)
				b.CSVFrom = csvFrom
				g := &Geocoding{Batch: b, Now: clock}
				// The geocoder down at the import: « maillage geocoder » asks.
				fake.SetDown(true)
				importGeo(t, s, "hub", derivedCSV, g)
				fake.SetDown(false)
				fake.Filters = nil
				if _, err := GeocodePlaces(ctx, s, g, false, func(*standard.Diagnostic) {}); err != nil {
					t.Fatal(err)
				}
				importGeo(t, s, "autre", derivedCSV, g)
				want := map[string]bool{"31555": true, "81099": true}
				if len(fake.Filters) == 0 {
					t.Fatal("nothing asked")
				}
				for _, f := range fake.Filters {
					if !want[f] {
						t.Errorf("asked with citycode %q, want the derived code: %q", f, fake.Filters)
					}
				}
				for _, id := range []string{"d1", "d2"} {
					l, err := s.Lieu(ctx, id)
					if err != nil {
						t.Fatal(err)
					}
					if l.Coordinates == nil {
						t.Errorf("%s not geocoded", id)
					}
				}
			})
		}
	}
}

// Records imported before the referential was loaded have no INSEE code:
// « maillage geocoder » derives it when their postcode and commune
// designate one commune, and asks the geocoder in that commune.
func TestGeocoderDerivesINSEEOfRecordsImportedBefore(t *testing.T) {
	for name, open := range engines(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t)
			if err := s.ReplaceTerritories(ctx, &territory.Referential{}); err != nil {
				t.Fatal(err)
			}
			fake := geocodetest.New(t, ban)
			b := geocode.NewBatch(fake.URL)
			b.CSVFrom = 1
			g := &Geocoding{Batch: b, Now: clock}
			fake.SetDown(true)
			importGeo(t, s, "hub", derivedCSV, g)
			fake.SetDown(false)
			if err := s.ReplaceTerritories(ctx, testReferential(t)); err != nil {
				t.Fatal(err)
			}
			fake.Filters = nil
			if _, err := GeocodePlaces(ctx, s, g, false, func(*standard.Diagnostic) {}); err != nil {
				t.Fatal(err)
			}
			if len(fake.Filters) != 2 || fake.Filters[0] != "31555" && fake.Filters[0] != "81099" || fake.Filters[1] != "31555" && fake.Filters[1] != "81099" {
				t.Errorf("asked with citycodes %q, want the derived codes", fake.Filters)
			}
			for id, insee := range map[string]string{"d1": "31555", "d2": "81099"} {
				l, err := s.Lieu(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if l.Coordinates == nil || l.CodeINSEE != insee {
					t.Errorf("%s: coordinates %v, code_insee %q, want geocoded in %s", id, l.Coordinates, l.CodeINSEE, insee)
				}
			}
		})
	}
}

// testReferential is the small referential engines load.
func testReferential(t *testing.T) *territory.Referential {
	t.Helper()
	ref, err := territory.LoadDecoupage(func(name string) (io.ReadCloser, error) {
		return os.Open(filepath.Join("../territory/testdata/decoupage", name))
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../territory/testdata/centres.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := ref.LoadCentres(f); err != nil {
		t.Fatal(err)
	}
	ref.SetDefaultCentres()
	return ref
}
