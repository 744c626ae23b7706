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
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
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
	if res.Counts.Created != 15 {
		t.Fatalf("import: %+v", res)
	}
	for id, want := range map[string]string{
		"hub-1": "69383", "hub-2": "42218", "hub-3": "42218", "hub-4": "73065", "hub-5": "13201", "hub-6": "69266", "hub-7": "42218",
		"hub-8": "", "hub-9": "", // nothing invented
		"hub-10": "69003", // the source's own code is kept
		// The postcode copied into code_insee, or a code no commune has.
		"hub-11": "69387", "hub-12": "73065", "hub-15": "13201",
		"hub-13": "69003", // a real code, not the postcode: kept
		"hub-14": "42999", // not the postcode: kept, the referential is not even read for it
	} {
		l, err := db.Lieu(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if l.CodeINSEE != want {
			t.Errorf("%s (%s %s): code_insee %q, want %q", id, l.CodePostal, l.Commune, l.CodeINSEE, want)
		}
		if orig, ok := l.Provenance.Original["code_insee"]; want != "" && !strings.Contains(" hub-10 hub-11 hub-12 hub-13 hub-14 hub-15 ", " "+id+" ") && (!ok || orig != "") {
			t.Errorf("%s: the empty source value is not in the provenance: %v", id, l.Provenance.Original)
		}
	}
	for _, want := range []string{
		"hub.csv, ligne 2 : normalisation [id hub-1] champ code_insee : code INSEE absent : 69383 (Lyon 3e Arrondissement) déduit du code postal 69003 et du nom « LYON » (règle code-insee-deduit)",
		"ligne 3 : normalisation [id hub-2] champ code_insee : code INSEE absent : 42218 (Saint-Étienne) déduit du code postal 42000 et du nom « ST ETIENNE »",
		"ligne 8 : normalisation [id hub-7] champ code_insee : code INSEE absent : 42218 (Saint-Étienne) déduit du nom « SAINT ETIENNE CEDEX 1 », seule commune de ce nom dans le département 42 (le code postal 42007 ne dessert aucune commune : code CEDEX ?)",
		"ligne 9 : avertissement [id hub-8] champ code_insee : code INSEE absent et non déduit : aucune commune nommée « Bormes-les-Mimosas » desservie par le code postal 88230 ni dans le département 88",
		"ligne 10 : avertissement [id hub-9] champ code_insee : code INSEE absent et non déduit : aucune commune nommée « ZI DES ERIGNES » desservie par le code postal 73000 ni dans le département 73 (ce code postal dessert : Barberaz, Bassens, Chambéry, Jacob-Bellecombette, Montagnole, Sonnaz) ; renseignez code_insee dans la source",
		"ligne 16 : normalisation [id hub-15] champ code_insee valeur « 13001 » : le code INSEE 13001 est le code postal, et le code INSEE de Aix-en-Provence, pas de « MARSEILLE » : remplacé par 13201 (Marseille 1er Arrondissement), déduit du code postal 13001 et du nom « MARSEILLE » (règle code-insee-corrige)",
		"ligne 13 : normalisation [id hub-12] champ code_insee valeur « 73000 » : le code INSEE 73000 n'est le code d'aucune commune du référentiel : remplacé par 73065 (Chambéry)",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	for _, id := range []string{"hub-12", "hub-15"} {
		l, err := db.Lieu(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if orig := l.Provenance.Original["code_insee"]; orig != map[string]string{"hub-12": "73000", "hub-15": "13001"}[id] {
			t.Errorf("%s: the source's code is not in the provenance: %v", id, l.Provenance.Original)
		}
	}
	if strings.Contains(report, "hub-10] champ code_insee") || strings.Contains(report, "hub-13] champ code_insee") || strings.Contains(report, "hub-14] champ code_insee") {
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

// Records whose code_insee is not their postcode do not load the
// referential.
func TestLocatorLoadsOnlyWhenNeeded(t *testing.T) {
	loads := 0
	cl := &communeLocator{load: func() (*territory.Referential, error) { loads++; return &territory.Referential{}, nil }}
	e := &standard.Entry{OK: true}
	e.Lieu.CodeINSEE, e.Lieu.CodePostal, e.Lieu.Commune = "81004", "81000", "Albi"
	if err := cl.locate("f.csv", e); err != nil || loads != 0 {
		t.Errorf("a coded record loaded the referential (%d, %v)", loads, err)
	}
	e.Lieu.CodeINSEE = "81000"
	if err := cl.locate("f.csv", e); err != nil || loads != 1 {
		t.Errorf("the postcode in code_insee did not load the referential (%d, %v)", loads, err)
	}
	e.Lieu.CodeINSEE = ""
	if err := cl.locate("f.csv", e); err != nil || loads != 1 {
		t.Errorf("the referential loaded twice (%d, %v)", loads, err)
	}
}
