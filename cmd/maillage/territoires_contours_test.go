package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"maillage/internal/sqlite"
	"maillage/internal/territory"
)

func TestTerritoiresContours(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.db")
	db := "sqlite:" + path
	src := abs(t, "testdata/contours-communes-2025.geojson")
	r := runCmd(t, dir, nil, "territoires", "import", "--db", db, "--centres", "aucun", abs(t, "../../internal/territory/testdata/decoupage"))
	if r.code != 0 {
		t.Fatalf("communes: %+v", r)
	}

	// Without a year in the file's name, the vintage must be given.
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "communes.geojson.gz")
	if err := os.WriteFile(plain, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	r = runCmd(t, dir, nil, "territoires", "import", "--db", db, "--contours-communes", plain)
	if r.code != 1 || !strings.Contains(r.stderr, "--millesime-contours") {
		t.Fatalf("no vintage: %+v", r)
	}
	r = runCmd(t, dir, nil, "territoires", "import", "--db", db, "--contours-communes", plain, "--millesime-contours", "2025")
	for _, want := range []string{
		"Couche des contours des communes chargée : 4 communes (code INSEE lu dans la propriété « INSEE_COM »), millésime 2025",
		"3 communes du référentiel sans contour (13055, 81099, 81270…)",
		"1 code inconnu du référentiel (99999…)",
	} {
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Fatalf("gzipped contours: want %q in %+v", want, r)
		}
	}
	if strings.Contains(r.stdout, "Référentiel chargé") {
		t.Errorf("the contours alone reload the communes: %s", r.stdout)
	}

	// A broken file changes nothing, and says where it breaks.
	bad := filepath.Join(dir, "communes-2026.geojson")
	if err := os.WriteFile(bad, bytes.Replace(data, []byte(`"81004"`), []byte(`"ALBI"`), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	r = runCmd(t, dir, nil, "territoires", "import", "--db", db, "--contours-communes", bad)
	if r.code != 1 || !strings.Contains(r.stderr, `objet 3 : champ INSEE_COM : valeur "ALBI" : code INSEE de commune attendu`) {
		t.Fatalf("broken file: %+v", r)
	}

	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ref, err := st.Territories(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !ref.HasContours() || len(ref.Contours.Zones) != 4 || ref.Contours.Vintage != "2025" {
		t.Fatalf("stored contours: %+v", ref.Contours)
	}
	ps, ok := ref.Contour(territory.KindEPCI, "243100518", 0)
	if !ok || len(ps) != 1 || len(ps[0]) != 1 || len(ps[0][0]) != 7 {
		t.Errorf("Toulouse Métropole from its two communes: %v", ps)
	}
}
