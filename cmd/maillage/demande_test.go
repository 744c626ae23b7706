package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestDemande: an index and indicators are imported, listed, replaced and
// removed, on both databases; the demand of each commune follows.
func TestDemande(t *testing.T) {
	tdata := "../../internal/territory/testdata/"
	for name, url := range engines(t) {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			db := url(t)
			if r := runCmd(t, dir, nil, "territoires", "import", "--db", db, "--centres", "aucun", abs(t, tdata+"decoupage")); r.code != 0 {
				t.Fatalf("territoires: %+v", r)
			}
			// Nothing loaded: the demand is the population.
			r := runCmd(t, dir, nil, "demande", "liste", "--db", db)
			if r.code != 0 || !strings.Contains(r.stdout, "Aucune donnée de fragilité chargée") || !strings.Contains(r.stdout, "la demande est la population") {
				t.Fatalf("empty liste: %+v", r)
			}
			r = runCmd(t, dir, nil, "demande", "import", "--db", db, "--indice", abs(t, "testdata/demande/indice.csv"), "--millesime", "2023")
			if r.code != 0 || !strings.Contains(r.stdout, "Indice importé : 3 communes (millésime 2023) ; 1 valeur vide ou secrète laissée de côté.") ||
				!strings.Contains(r.stdout, "1 code inconnu du référentiel (ex. 99999) : gardés") {
				t.Fatalf("import indice: %+v", r)
			}
			r = runCmd(t, dir, nil, "demande", "liste", "--db", db, "--communes")
			for _, line := range []string{"code_insee,population,personnes_a_risque,fragilite", "31555,511684,511684,97.50", "31069,25525,25525,110.00", "81004,49236,49236,\n"} {
				if r.code != 0 || !strings.Contains(r.stdout, line) {
					t.Errorf("liste --communes lacks %q: %+v", line, r)
				}
			}
			// Ages and diplomas in two files, as INSEE publishes them.
			r = runCmd(t, dir, nil, "demande", "import", "--db", db, "--indicateurs", abs(t, "testdata/demande/ages.csv"),
				"--indicateurs", abs(t, "testdata/demande/diplomes.csv"), "--description", abs(t, "testdata/demande/description.yaml"), "--millesime", "2019")
			if r.code != 0 || !strings.Contains(r.stdout, "Indicateurs importés : 4 communes, 2 indicateurs (millésime 2019).") {
				t.Fatalf("import indicateurs: %+v", r)
			}
			// The index still gives the fragility; the indicators count the
			// people at risk: Albi 15 000 + 12 000 × 25 000 / 40 000 = 22 500
			// of 50 000 in the data, 45 % of its 49 236 inhabitants.
			r = runCmd(t, dir, nil, "demande", "liste", "--db", db, "--communes")
			if r.code != 0 || !strings.Contains(r.stdout, "81004,49236,22156.2,\n") || !strings.Contains(r.stdout, "31555,511684,") {
				t.Errorf("liste --communes: %+v", r)
			}
			if r := runCmd(t, dir, nil, "demande", "supprimer", "indice", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "Indice de fragilité retiré.") {
				t.Fatalf("supprimer: %+v", r)
			}
			r = runCmd(t, dir, nil, "demande", "liste", "--db", db)
			for _, want := range []string{"Indicateurs : ages.csv, diplomes.csv, 4 communes, millésime 2019, importé le ", "Indice calculé (millésime 2019)",
				"rapporté à sa valeur sur la France", "Personnes à risque : les 65 ans et plus", "communes sur 7 avec une fragilité connue"} {
				if r.code != 0 || !strings.Contains(r.stdout, want) {
					t.Errorf("liste lacks %q: %+v", want, r)
				}
			}
			// Marseille counts its arrondissement's figures.
			r = runCmd(t, dir, nil, "demande", "liste", "--db", db, "--communes")
			if !strings.Contains(r.stdout, "13055,873076,") || strings.Contains(r.stdout, "13055,873076,873076,") {
				t.Errorf("Marseille: %q", r.stdout)
			}
			if r := runCmd(t, dir, nil, "demande", "supprimer", "indice", "--db", db); r.code != 1 || !strings.Contains(r.stderr, "Aucun indice de fragilité n'est chargé.") {
				t.Errorf("supprimer twice: %+v", r)
			}
		})
	}
}

// TestDemandeErrors: a bad file is refused naming the file, the line, the
// column, the value and the rule; a bad command line is a usage error.
func TestDemandeErrors(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	bad := filepath.Join(dir, "ifn.csv")
	writeFile(t, bad, "code;score\n31555;97\n315;12\n31555;x\n")
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--indice", bad}, 1, "ifn.csv, ligne 3, colonne « code », valeur « 315 » : code INSEE de commune attendu"},
		{[]string{"--indice", bad}, 1, "ifn.csv, ligne 4, colonne « score », valeur « x » : nombre attendu"},
		{[]string{"--indice", filepath.Join(dir, "absent.csv")}, 1, "absent.csv : fichier introuvable"},
		{[]string{"--indice", bad, "--niveau", "canton"}, 1, "niveau « canton » inconnu"},
		{[]string{}, 2, "indiquez --indice FICHIER ou --indicateurs FICHIER"},
		{[]string{"--indicateurs", bad, "--millesime", "2019"}, 2, "--indicateurs demande --description"},
		{[]string{"--indicateurs", bad, "--description", bad}, 2, "--indicateurs demande --millesime"},
		{[]string{"--indice", bad, "--normalisation", "deciles"}, 2, "vont avec --indicateurs"},
		{[]string{"--indicateurs", abs(t, "testdata/demande/indicateurs.csv"), "--description", abs(t, "testdata/demande/description.yaml"), "--millesime", "2019", "--normalisation", "rangs"}, 2, "normalisation « rangs » inconnue"},
		{[]string{"--indicateurs", abs(t, "testdata/demande/indicateurs.csv"), "--description", bad, "--millesime", "2019"}, 1, "ifn.csv : description illisible"},
	} {
		r := runCmd(t, dir, nil, append([]string{"demande", "import", "--db", db}, tt.args...)...)
		if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%q: code %d, stderr %q, want %d %q", tt.args, r.code, r.stderr, tt.code, tt.want)
		}
	}
	if r := runCmd(t, dir, nil, "demande"); r.code != 2 {
		t.Errorf("no subcommand: %+v", r)
	}
	if r := runCmd(t, dir, nil, "demande", "-h"); r.code != 0 || !strings.Contains(r.stdout, "maillage demande import --indice FICHIER") {
		t.Errorf("help: %+v", r)
	}
	if r := runCmd(t, dir, nil, "demande", "supprimer", "tout", "--db", db); r.code != 2 {
		t.Errorf("supprimer tout: %+v", r)
	}
}

// TestDemandeImportReport: the import says the codes unknown to the
// referential whose rates had no base, the empty copies of a line, and
// the units whose people at risk were capped at the population.
func TestDemandeImportReport(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	if r := runCmd(t, dir, nil, "territoires", "import", "--db", db, "--centres", "aucun", abs(t, "../../internal/territory/testdata/decoupage")); r.code != 0 {
		t.Fatalf("territoires: %+v", r)
	}
	rates, desc := filepath.Join(dir, "taux.csv"), filepath.Join(dir, "taux.yaml")
	writeFile(t, rates, "CODGEO,TX_65ETPLUS\n81004,20\n81004,\n99999,30\n16351,10\n63330,12\n28276,1\n11111,2\n22222,3\n")
	writeFile(t, desc, "code: CODGEO\nindicateurs:\n  - cle: plus_65_ans\n    taux: TX_65ETPLUS\n    echelle: 100\npersonnes_a_risque:\n  age: plus_65_ans\n")
	r := runCmd(t, dir, nil, "demande", "import", "--db", db, "--indicateurs", rates, "--description", desc, "--millesime", "2017")
	for _, want := range []string{"Indicateurs importés : 1 commune, 1 indicateur (millésime 2017).",
		"1 ligne sans aucune valeur d'un code déjà lu avec ses valeurs : ignorée.",
		"6 codes inconnus du référentiel (ex. 11111, 16351, 22222, 28276, 63330…) : leurs taux n'ont pas de base"} {
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("import lacks %q: %+v", want, r)
		}
	}
	counts := filepath.Join(dir, "effectifs.csv")
	writeFile(t, counts, "CODGEO,P65,POP,NDIP,P15\n81004,600,1000,900,3000\n31555,100,1000,100,800\n")
	writeFile(t, desc, "code: CODGEO\nindicateurs:\n  - cle: age\n    numerateur: P65\n    denominateur: POP\n  - cle: dip\n    numerateur: NDIP\n    denominateur: P15\npersonnes_a_risque:\n  age: age\n  diplome: dip\n")
	r = runCmd(t, dir, nil, "demande", "import", "--db", db, "--indicateurs", counts, "--description", desc, "--millesime", "2017")
	if r.code != 0 || !strings.Contains(r.stdout, "Attention : 1 commune où les personnes à risque dépasseraient la population") {
		t.Errorf("capped: %+v", r)
	}
	if r := runCmd(t, dir, nil, "demande", "liste", "--db", db, "--communes"); !strings.Contains(r.stdout, "81004,49236,49236,") {
		t.Errorf("Albi's people at risk not capped at its population: %+v", r)
	}
	writeFile(t, counts, "CODGEO,P65,POP,NDIP,P15\n23031,5000,1000,1,2\n")
	r = runCmd(t, dir, nil, "demande", "import", "--db", db, "--indicateurs", counts, "--description", desc, "--millesime", "2017")
	if r.code != 1 || !strings.Contains(r.stderr, "effectifs.csv, ligne 2, colonne « P65 », valeur « 5000 » : au plus le dénominateur « POP » (1000) attendu") {
		t.Errorf("65+ above the population: %+v", r)
	}
}
