package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTerritoiresLayers(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	tdata := "../../internal/territory/testdata/"
	qpv := abs(t, tdata+"qpv.geojson")

	// The file's name carries no year: the vintage must be given.
	r := runCmd(t, dir, nil, "territoires", "import", "--db", db, "--qpv", qpv)
	if r.code != 1 || !strings.Contains(r.stderr, "millésime de la couche QPV introuvable") || !strings.Contains(r.stderr, "--millesime-qpv") {
		t.Fatalf("no vintage: %+v", r)
	}
	// Layers alone: the communes are not loaded.
	r = runCmd(t, dir, nil, "territoires", "import", "--db", db, "--qpv", qpv, "--millesime-qpv", "2024", "--iris", abs(t, tdata+"iris.geojson"), "--millesime-iris", "2023")
	if r.code != 0 || !strings.Contains(r.stdout, "Couche QPV chargée : 2 quartiers prioritaires, millésime 2024") ||
		!strings.Contains(r.stdout, "Couche IRIS chargée : 2 IRIS, millésime 2023") || strings.Contains(r.stdout, "Référentiel chargé") {
		t.Fatalf("layers: %+v", r)
	}
	// The communes imported after keep the layers.
	r = runCmd(t, dir, nil, "territoires", "import", "--db", db, "--centres", "aucun", "--millesime", "2026", abs(t, tdata+"decoupage"))
	if r.code != 0 || !strings.Contains(r.stdout, "; millésime 2026.") {
		t.Fatalf("communes: %+v", r)
	}

	// A refresh from a URL, gzipped, the year in its name.
	data, err := os.ReadFile(qpv)
	if err != nil {
		t.Fatal(err)
	}
	one := strings.Replace(string(data), `"QN06901M"`, `"QN06903M"`, 1)
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	if _, err := w.Write([]byte(one)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/QP2025_France_WGS84.geojson.gz" {
			http.NotFound(w, r)
			return
		}
		w.Write(gz.Bytes())
	}))
	defer srv.Close()
	r = runCmd(t, dir, nil, "territoires", "import", "--db", db, "--qpv", srv.URL+"/QP2025_France_WGS84.geojson.gz")
	if r.code != 0 || !strings.Contains(r.stdout, "Couche QPV chargée : 2 quartiers prioritaires, millésime 2025") {
		t.Fatalf("refresh from a URL: %+v", r)
	}

	// A broken file changes nothing, and says where it breaks.
	bad := filepath.Join(dir, "qpv-2026.geojson")
	if err := os.WriteFile(bad, []byte(strings.Replace(one, "4.82, 45.70", "842000, 6519000", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	r = runCmd(t, dir, nil, "territoires", "import", "--db", db, "--qpv", bad)
	for _, want := range []string{bad, "objet 1 (QN06903M)", "geometry.coordinates[0][1]", "[842000, 6.519e+06]", "WGS84"} {
		if r.code != 1 || !strings.Contains(r.stderr, want) {
			t.Errorf("broken file: %q missing from %+v", want, r)
		}
	}

	st, err := openStore(context.Background(), testEnv(t), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ref, err := st.Territories(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if ref.Empty() || !ref.HasQPV() || ref.QPV.Vintage != "2025" || ref.QPV.Source != srv.URL+"/QP2025_France_WGS84.geojson.gz" {
		t.Fatalf("stored: communes %d, QPV %+v", len(ref.Communes), ref.QPV)
	}
	if _, ok := ref.QPV.Zone("QN06903M"); !ok {
		t.Errorf("refreshed QPV layer: %+v", ref.QPV.Zones)
	}
	if _, ok := ref.QPV.Zone("QN06901M"); ok {
		t.Errorf("the refresh kept a QPV of the old layer")
	}
	if ref.IRIS == nil || ref.IRIS.Vintage != "2023" || ref.CommunesVintage.Vintage != "2026" {
		t.Errorf("vintages: %+v", ref.Vintages())
	}
}

// --centres (and --millesime) given with a layer and no DOSSIER reload
// the communes from the default folder with those centres, as they do
// alone: they were silently ignored. The QPV come in the gazetteer's
// layout.
func TestTerritoiresLayerWithCentres(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	tdata := "../../internal/territory/testdata/"
	qpv := filepath.Join(dir, "qpv2024_contours.json")
	data, err := os.ReadFile(tdata + "qpv_gazetteer.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(qpv, data, 0o644); err != nil {
		t.Fatal(err)
	}
	centres := abs(t, tdata+"centres.csv")
	// The default folder, as make build installs it, in the test's folder.
	folder := filepath.Join(dir, filepath.FromSlash(defaultDecoupage))
	if err := os.MkdirAll(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"communes.json", "epci.json", "departements.json", "regions.json"} {
		b, err := os.ReadFile(tdata + "decoupage/" + n)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(folder, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := runCmd(t, dir, nil, "territoires", "import", "--db", db, "--qpv", qpv, "--centres", centres, "--millesime", "2026")
	if r.code != 0 || !strings.Contains(r.stdout, "Référentiel chargé : 7 communes (7 avec leur centre : 2 lus dans centres.csv,") || !strings.Contains(r.stdout, "; millésime 2026.") ||
		!strings.Contains(r.stdout, "Couche QPV chargée : 2 quartiers prioritaires, millésime 2024") {
		t.Fatalf("--qpv with --centres: %+v", r)
	}
	st, err := openStore(context.Background(), testEnv(t), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ref, err := st.Territories(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c, ok := ref.Commune("31555")
	if !ok || c.Centre == nil || c.Centre.Lat != 43.6007 {
		t.Errorf("the centres of --centres were not loaded: %+v", c)
	}
	if !ref.HasQPV() || ref.QPV.Vintage != "2024" || len(ref.QPV.Zones) != 2 {
		t.Errorf("QPV layer: %+v", ref.QPV)
	}
}

// TestTerritoiresLayersReport: a QPV naming communes the referential does
// not know (99999; Lyon is not in the test referential) is loaded with a
// warning naming them; when a layer fails after
// others were saved, the output says which were.
func TestTerritoiresLayersReport(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	tdata := "../../internal/territory/testdata/"
	data, err := os.ReadFile(abs(t, tdata+"qpv.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	qpv := filepath.Join(dir, "qpv2024.geojson")
	writeFile(t, qpv, strings.Replace(string(data), `"69382"`, `"99999"`, 1))
	bad := filepath.Join(dir, "iris2023.geojson")
	writeFile(t, bad, `{"type":"FeatureCollection","features":[`)
	r := runCmd(t, dir, nil, "territoires", "import", "--db", db, "--centres", "aucun", "--qpv", qpv, "--iris", bad, abs(t, tdata+"decoupage"))
	if r.code != 1 || !strings.Contains(r.stdout, "Avertissement : 3 codes de commune inconnus du référentiel dans la couche QPV : 69381 (QN06901M), 99999 (QN06902M), 69383 (QN06902M) ;") ||
		!strings.Contains(r.stderr, "déjà enregistrés avant l'erreur (chaque couche l'est en une transaction) : le référentiel des communes, la couche QPV ; l'erreur qui suit porte sur la couche IRIS") ||
		!strings.Contains(r.stderr, "iris2023.geojson : fichier tronqué") {
		t.Errorf("%+v", r)
	}
}
