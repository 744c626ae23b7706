package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"maillage/internal/geocode/geocodetest"
)

// TestImportGeocoder: maillage import geocodes through --geocodeur (the
// fake on loopback) the places without coordinates, in their commune,
// and a second import asks nothing; a bad score is a usage error.
func TestImportGeocoder(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	tdata := "../../internal/territory/testdata/"
	if r := runCmd(t, dir, nil, "territoires", "import", "--db", db, "--centres", abs(t, tdata+"centres.csv"), abs(t, tdata+"decoupage")); r.code != 0 {
		t.Fatalf("territoires import: %+v", r)
	}
	fake := geocodetest.New(t, map[string]geocodetest.Result{
		"1 place de la libération": {Lat: 43.901589, Lon: 1.896897, Label: "1 Place de la Libération 81600 Gaillac", Score: 0.93, Type: "housenumber",
			Citycode: "81099", Postcode: "81600", City: "Gaillac"},
	})
	file := filepath.Join(dir, "hub.csv")
	writeFile(t, file, inseeCSV)
	for range 2 {
		r := runCmd(t, dir, nil, "import", "--db", db, "--geocodeur", fake.URL, "--rapport", "r.csv", file)
		if r.code != 0 {
			t.Fatalf("import: %+v", r)
		}
	}
	report := string(readFile(t, filepath.Join(dir, "r.csv")))
	if !strings.Contains(report, "a,normalisation,latitude,,geocodage,") {
		t.Errorf("report:\n%s", report)
	}
	if searches, csvs, _ := fake.Counts(); searches != 4 || csvs != 0 {
		// a, b (Toulouse, unknown to the fake), d, and c, whose commune
		// is unknown: asked without the citycode filter.
		t.Errorf("%d searches, %d CSV requests", searches, csvs)
	}
	st, err := openStore(context.Background(), testEnv(t), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	l, err := st.Lieu(context.Background(), "a")
	if err != nil || l.Coordinates == nil || l.Coordinates.Lat != 43.901589 {
		t.Errorf("a: %+v %v", l.Coordinates, err)
	}
	if r := runCmd(t, dir, nil, "import", "--db", db, "--score-geocodage", "2", file); r.code != 2 {
		t.Errorf("bad score: %+v", r)
	}
}

// TestGeocoderCommand: maillage geocoder places the records an import
// without geocoder left without coordinates, asks nothing the second
// time, and asks everything again with --tous.
func TestGeocoderCommand(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	tdata := "../../internal/territory/testdata/"
	if r := runCmd(t, dir, nil, "territoires", "import", "--db", db, "--centres", abs(t, tdata+"centres.csv"), abs(t, tdata+"decoupage")); r.code != 0 {
		t.Fatalf("territoires import: %+v", r)
	}
	file := filepath.Join(dir, "hub.csv")
	writeFile(t, file, inseeCSV)
	if r := runCmd(t, dir, nil, "import", "--db", db, "--rapport", "r.txt", file); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	fake := geocodetest.New(t, map[string]geocodetest.Result{
		"1 place de la libération": {Lat: 43.901589, Lon: 1.896897, Label: "1 Place de la Libération 81600 Gaillac", Score: 0.93, Type: "housenumber",
			Citycode: "81099", Postcode: "81600", City: "Gaillac"},
	})
	r := runCmd(t, dir, nil, "geocoder", "--db", db, "--geocodeur", fake.URL)
	if r.code != 0 || !strings.Contains(r.stdout, "4 enregistrements à géocoder, 1 géocodé") || !strings.Contains(r.stdout, "[id hub/a] champ latitude") {
		t.Fatalf("geocoder: %+v", r)
	}
	st, err := openStore(context.Background(), testEnv(t), db)
	if err != nil {
		t.Fatal(err)
	}
	l, err := st.Lieu(context.Background(), "a")
	st.Close()
	if err != nil || l.Coordinates == nil || l.Coordinates.Lat != 43.901589 {
		t.Errorf("a: %+v %v", l.Coordinates, err)
	}
	r = runCmd(t, dir, nil, "geocoder", "--db", db, "--geocodeur", fake.URL)
	if searches, _, _ := fake.Counts(); r.code != 0 || searches != 4 || !strings.Contains(r.stdout, "3 enregistrements à géocoder, 0 géocodé") {
		t.Errorf("again (%d searches): %+v", searches, r)
	}
	r = runCmd(t, dir, nil, "geocoder", "--db", db, "--geocodeur", fake.URL, "--tous")
	if searches, _, _ := fake.Counts(); r.code != 0 || searches != 7 {
		t.Errorf("--tous (%d searches): %+v", searches, r)
	}
}
