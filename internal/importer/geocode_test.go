package importer

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"maillage/internal/geocode"
	"maillage/internal/geocode/geocodetest"
	"maillage/internal/place"
	"maillage/internal/postgres"
	"maillage/internal/postgres/pgtest"
	"maillage/internal/sqlite"
	"maillage/internal/standard"
	"maillage/internal/store"
	"maillage/internal/territory"
)

// engines open an empty store of each engine with the small referential
// of internal/territory/testdata/decoupage (Toulouse, Gaillac, Albi…),
// centres included.
func engines(t *testing.T) map[string]func(t *testing.T) store.Store {
	load := func(t *testing.T, s store.Store) store.Store {
		t.Cleanup(func() {
			if err := s.Close(); err != nil {
				t.Error(err)
			}
		})
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
		if err := s.ReplaceTerritories(context.Background(), ref); err != nil {
			t.Fatal(err)
		}
		return s
	}
	return map[string]func(t *testing.T) store.Store{
		"sqlite": func(t *testing.T) store.Store {
			db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "g.db"))
			if err != nil {
				t.Fatal(err)
			}
			return load(t, db)
		},
		"postgres": func(t *testing.T) store.Store {
			db, err := postgres.Open(context.Background(), pgtest.URL(t))
			if err != nil {
				t.Fatal(err)
			}
			return load(t, db)
		},
	}
}

// Answers recorded from the BAN, by address.
var ban = map[string]geocodetest.Result{
	"12 rue du taur": {Lat: 43.604569, Lon: 1.442109, Label: "12 Rue du Taur 31000 Toulouse", Score: 0.9712, Type: "housenumber",
		Citycode: "31555", Postcode: "31000", City: "Toulouse"},
	"place de la libération": {Lat: 43.901589, Lon: 1.896897, Label: "Place de la Libération 81600 Gaillac", Score: 0.8841, Type: "street",
		Citycode: "81099", Postcode: "81600", City: "Gaillac"},
	"rue de la mairie": {Lat: 43.92, Lon: 2.14, Label: "Rue de la Mairie 81000 Albi", Score: 0.91, Type: "street",
		Citycode: "81004", Postcode: "81000", City: "Albi"},
	"3 chemin incertain": {Lat: 43.61, Lon: 1.44, Label: "Chemin Incertain 31000 Toulouse", Score: 0.41, Type: "street",
		Citycode: "31555", Postcode: "31000", City: "Toulouse"},
}

const geoCSV = `id,nom,commune,code_postal,code_insee,adresse,latitude,longitude,date_maj
a,EPN du Taur,Toulouse,31000,31555,12 rue du Taur,,,2026-01-02
b,EPN de Gaillac,Gaillac,81600,,Place de la Libération,48.8566,2.3522,2026-01-02
c,Mairie annexe,Gaillac,81600,81099,Rue de la Mairie,,,2026-01-02
d,Point incertain,Toulouse,31000,31555,3 chemin incertain,,,2026-01-02
e,EPN d'Albi,Albi,81000,81004,4 rue Y,43.9289,2.1464,2026-01-02
f,Autre EPN du Taur,Toulouse,31000,31555,"12, Rue du TAUR",,,2026-01-02
`

func importGeo(t *testing.T, s store.Store, src, data string, g *Geocoding) (Result, string) {
	t.Helper()
	var report bytes.Buffer
	rw, err := standard.NewReportWriter("csv", &report)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Import(context.Background(), s, strings.NewReader(data), src+".csv", Options{Source: src, Report: rw, Geocoding: g})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	return res, report.String()
}

func clock() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) }

func TestImportGeocodes(t *testing.T) {
	for name, open := range engines(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t)
			fake := geocodetest.New(t, ban)
			b := geocode.NewBatch(fake.URL)
			b.CSVFrom = 1
			g := &Geocoding{Batch: b, Now: clock}
			res, report := importGeo(t, s, "hub", geoCSV, g)
			if res.Counts.Created != 6 {
				t.Fatalf("counts %+v", res.Counts)
			}
			// One CSV request, one row per address in a commune (a and f
			// are the same address); e is placed well and not asked.
			if searches, csvs, rows := fake.Counts(); searches != 0 || csvs != 1 || rows != 4 {
				t.Errorf("geocoder asked %d searches, %d CSV requests, %d rows", searches, csvs, rows)
			}
			for _, want := range []string{
				`hub.csv,2,,a,normalisation,latitude,,geocodage,"coordonnées géocodées : « 12 Rue du Taur 31000 Toulouse » (score 0.97, housenumber)"`,
				`hub.csv,3,,b,normalisation,latitude,"48.8566, 2.3522",geocodage,"coordonnées géocodées : « Place de la Libération 81600 Gaillac » (score 0.88, street), à la place de celles de la source, à 552 km du centre de Gaillac (20 km au plus)"`,
				`hub.csv,4,,c,avertissement,latitude,,geocodage-impossible,"lieu sans coordonnées, et l'adresse n'est pas géocodée (adresse introuvable dans la commune) : renseignez latitude et longitude dans la source"`,
				`hub.csv,5,,d,avertissement,latitude,,geocodage-impossible,"lieu sans coordonnées, et l'adresse n'est pas géocodée (résultat incertain « Chemin Incertain 31000 Toulouse » : score 0.41, sous le seuil 0.60)`,
			} {
				if !strings.Contains(report, want) {
					t.Errorf("report lacks\n%s\n%s", want, report)
				}
			}
			if strings.Contains(report, ",e,normalisation,latitude") || strings.Contains(report, ",e,avertissement,latitude") {
				t.Errorf("e reported:\n%s", report)
			}
			// Published: the geocoder's position.
			for id, want := range map[string]*place.Point{"a": {Lat: 43.604569, Lon: 1.442109}, "f": {Lat: 43.604569, Lon: 1.442109},
				"b": {Lat: 43.901589, Lon: 1.896897}, "c": nil, "d": nil, "e": {Lat: 43.9289, Lon: 2.1464}} {
				// a and f, at one address, may be merged by the dedup run.
				if to, ok, err := s.Redirect(ctx, id); err != nil {
					t.Fatal(err)
				} else if ok {
					id = to
				}
				l, err := s.Lieu(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if (l.Coordinates == nil) != (want == nil) || want != nil && *l.Coordinates != *want {
					t.Errorf("%s: coordinates %+v, want %+v", id, l.Coordinates, want)
				}
			}
			// The record keeps the source's values, and how the position
			// was found.
			recs, err := s.SourceRecords(ctx, "b")
			if err != nil || len(recs) != 1 {
				t.Fatalf("records of b: %+v %v", recs, err)
			}
			p := recs[0].Lieu.Provenance
			if p.Original["latitude"] != "48.8566" || p.Original["longitude"] != "2.3522" || p.Geocoding == nil ||
				*p.Geocoding != (place.Geocoding{Label: "Place de la Libération 81600 Gaillac", Score: 0.8841, Type: "street", Service: fake.URL, At: clock(), Reason: place.GeocodedFar}) {
				t.Errorf("provenance of b: %+v %+v", p, p.Geocoding)
			}
			// The cache: imported again, by another source too, no address
			// is asked twice; the same answer gives the same records.
			res, _ = importGeo(t, s, "hub", geoCSV, g)
			if res.Counts.Unchanged != 6 {
				t.Errorf("again: %+v", res.Counts)
			}
			importGeo(t, s, "autre", strings.ReplaceAll(geoCSV, "EPN", "Espace"), g)
			if searches, csvs, rows := fake.Counts(); searches != 0 || csvs != 1 || rows != 4 {
				t.Errorf("geocoder asked again: %d searches, %d CSV requests, %d rows", searches, csvs, rows)
			}
			// A new address: asked through the search endpoint, alone.
			b.CSVFrom = 20
			importGeo(t, s, "hub", geoCSV+"g,Un autre,Toulouse,31000,31555,3 chemin incertain bis,,,2026-01-02\n", g)
			if searches, csvs, rows := fake.Counts(); searches != 1 || csvs != 1 || rows != 4 {
				t.Errorf("one new address: %d searches, %d CSV requests, %d rows", searches, csvs, rows)
			}
		})
	}
}

// TestImportGeocoderDown: without a geocoder, or with one down, the
// import keeps what the records have, says so once, and still derives
// INSEE codes; nothing is cached of a failure.
func TestImportGeocoderDown(t *testing.T) {
	for name, open := range engines(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t)
			fake := geocodetest.New(t, ban)
			fake.SetDown(true)
			b := geocode.NewBatch(fake.URL)
			b.CSVFrom = 1
			for _, g := range []*Geocoding{{Batch: b, Now: clock}, {Now: clock}} {
				res, report := importGeo(t, s, "hub", geoCSV, g)
				if res.Counts.Created+res.Counts.Unchanged != 6 {
					t.Fatalf("counts %+v", res.Counts)
				}
				why := "service d'adresses injoignable"
				if g.Batch == nil {
					why = "aucun géocodeur configuré"
				}
				if !strings.Contains(report, "5 lieux sans coordonnées ou loin de leur commune non géocodés : ") || !strings.Contains(report, why) || strings.Count(report, "geocodage") != 1 {
					t.Errorf("report:\n%s", report)
				}
				if !strings.Contains(report, "code-insee-deduit") && res.Counts.Created > 0 {
					t.Errorf("INSEE code not derived:\n%s", report)
				}
				l, err := s.Lieu(ctx, "b")
				if err != nil || l.Coordinates == nil || l.Coordinates.Lat != 48.8566 || l.CodeINSEE != "81099" {
					t.Errorf("b: %+v %v", l.Coordinates, err)
				}
			}
			if _, csvs, _ := fake.Counts(); csvs != 1 {
				t.Errorf("%d CSV requests", csvs)
			}
			got, err := s.Geocodings(ctx, []string{geocode.Request{Adresse: "12 rue du Taur", CodeINSEE: "31555"}.Key()})
			if err != nil || len(got) != 0 {
				t.Errorf("a failure cached: %+v %v", got, err)
			}
		})
	}
}
