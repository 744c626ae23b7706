package importer

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"maillage/internal/sqlite"
	"maillage/internal/standard"
	"maillage/internal/territory"
)

func openWithTerritories(t *testing.T, load bool) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "i.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if load {
		ref, err := territory.LoadDecoupage(func(name string) (io.ReadCloser, error) {
			return os.Open(filepath.Join("../territory/testdata/france", name))
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.ReplaceTerritories(ctx, ref); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func importHub(t *testing.T, db *sqlite.DB) (Result, string) {
	t.Helper()
	f, err := os.Open("testdata/hub-v0.1-sans-insee.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var report bytes.Buffer
	rw, err := standard.NewReportWriter("text", &report)
	if err != nil {
		t.Fatal(err)
	}
	rw.SetExamples(0) // every line, not five examples of each rule
	res, err := Import(context.Background(), db, f, "hub.csv", Options{Source: "hub", Report: rw})
	if err != nil {
		t.Fatal(err)
	}
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	return res, report.String()
}

// A v0.1 hub export has no code_insee: it is derived from the postcode
// and the commune's name, and the report says so, line by line.
func TestImportDerivesINSEE(t *testing.T) {
	ctx := context.Background()
	db := openWithTerritories(t, true)
	res, report := importHub(t, db)
	if res.Counts.Created != 10 {
		t.Fatalf("import: %+v", res)
	}
	for id, want := range map[string]string{
		"hub-1": "69383", "hub-2": "42218", "hub-3": "42218", "hub-4": "73065", "hub-5": "13201", "hub-6": "69266", "hub-7": "42218",
		"hub-8": "", "hub-9": "", // nothing invented
		"hub-10": "69003", // the source's own code is kept
	} {
		l, err := db.Lieu(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if l.CodeINSEE != want {
			t.Errorf("%s (%s %s): code_insee %q, want %q", id, l.CodePostal, l.Commune, l.CodeINSEE, want)
		}
		if orig, ok := l.Provenance.Original["code_insee"]; want != "" && id != "hub-10" && (!ok || orig != "") {
			t.Errorf("%s: the empty source value is not in the provenance: %v", id, l.Provenance.Original)
		}
	}
	for _, want := range []string{
		"hub.csv, ligne 2 : normalisation [id hub-1] champ code_insee : code INSEE absent : 69383 (Lyon 3e Arrondissement) déduit du code postal 69003 et du nom « LYON » (règle code-insee-deduit)",
		"ligne 3 : normalisation [id hub-2] champ code_insee : code INSEE absent : 42218 (Saint-Étienne) déduit du code postal 42000 et du nom « ST ETIENNE »",
		"ligne 8 : normalisation [id hub-7] champ code_insee : code INSEE absent : 42218 (Saint-Étienne) déduit du nom « SAINT ETIENNE CEDEX 1 », seule commune de ce nom dans le département 42 (le code postal 42007 ne dessert aucune commune : code CEDEX ?)",
		"ligne 9 : avertissement [id hub-8] champ code_insee : code INSEE absent et non déduit : aucune commune nommée « Bormes-les-Mimosas » desservie par le code postal 88230 ni dans le département 88",
		"ligne 10 : avertissement [id hub-9] champ code_insee : code INSEE absent et non déduit : aucune commune nommée « ZI DES ERIGNES » desservie par le code postal 73000 ni dans le département 73 (ce code postal dessert : Barberaz, Bassens, Chambéry, Jacob-Bellecombette, Montagnole, Sonnaz) ; renseignez code_insee dans la source",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	if strings.Contains(report, "hub-10] champ code_insee") {
		t.Errorf("a record with its code_insee got a derivation diagnostic:\n%s", report)
	}
	if res.Summary.Infos < 7 || res.Summary.Warnings < 2 {
		t.Errorf("summary does not count the derivations: %+v", res.Summary)
	}
}

// Without a referential nothing is derived, and the report says it once.
func TestImportWithoutReferential(t *testing.T) {
	ctx := context.Background()
	db := openWithTerritories(t, false)
	_, report := importHub(t, db)
	if n := strings.Count(report, "référentiel des communes n'est pas chargé"); n != 1 {
		t.Errorf("said %d times:\n%s", n, report)
	}
	l, err := db.Lieu(ctx, "hub-1")
	if err != nil {
		t.Fatal(err)
	}
	if l.CodeINSEE != "" {
		t.Errorf("code_insee %q without a referential", l.CodeINSEE)
	}
}
