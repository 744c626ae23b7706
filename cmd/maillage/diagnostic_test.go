package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// diagnosticDB loads the diagnostic fixture into a new database: four
// communes on one meridian (testdata/diagnostic: Aval 01001 at 0 km,
// 1 000 inhabitants; Bourg 01002 at 4 km, 2 000; Cense 02001 at 14 km,
// 500; Dune 02002 at 40 km, 300), p1 in Aval (at 0 km, « Aide aux
// démarches administratives »), p2 in Cense at 12 km (across the border
// of département 01), p3 in Dune without coordinates.
func diagnosticDB(t *testing.T, dir, db string) {
	t.Helper()
	data := "testdata/diagnostic/"
	if r := runCmd(t, dir, nil, "territoires", "import", "--db", db, "--centres", abs(t, data+"centres.csv"), abs(t, data+"decoupage")); r.code != 0 {
		t.Fatalf("territoires: %+v", r)
	}
	if r := runCmd(t, dir, nil, "import", "--db", db, "--source", "hub", abs(t, data+"lieux.csv")); r.code != 0 || !strings.Contains(r.stdout, "3 créés") {
		t.Fatalf("import: %+v", r)
	}
}

func TestDiagnosticCLI(t *testing.T) {
	for name, url := range engines(t) {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			db := url(t)
			diagnosticDB(t, dir, db)
			// E2SFCA, 10 km in thirds (weights 1, 0.68, 0.22), people at
			// risk = population (no indicator):
			// R1 = 1 / (1000 + 2000 × 0.68) = 1/2360 (p1: Aval 0 km, Bourg 4 km)
			// R2 = 1 / (2000 × 0.22 + 500) = 1/940 (p2: Bourg 8 km, Cense 2 km)
			// Bourg: 0.68/2360 + 0.22/940 = 5.2218 per 10 000, p2 of
			// département 02 included; Aval 1/2360 = 4.2373.
			r := runCmd(t, dir, nil, "diagnostic", "--db", db, "--territoire", "departement:01")
			want := "code_insee,nom,departement,epci,population,personnes_a_risque,fragilite,lieux,accessibilite,distance_km,qpv,au_dela_20_min,au_dela_30_min,desservie,personnes_a_risque_non_desservies\n" +
				"01002,Bourg,01,200000001,2000,2000,,0,5.2218,4,non,non,non,oui,0\n" +
				"01001,Aval,01,200000001,1000,1000,,1,4.2373,0,non,non,non,oui,0\n"
			if r.code != 0 || r.stdout != want {
				t.Errorf("departement:01 CSV:\n%s\nwant\n%s\n%s", r.stdout, want, r.stderr)
			}
			golden(t, "diagnostic-departement-01.csv", []byte(r.stdout))
			// The code as a spreadsheet writes it (leading zero dropped).
			if r2 := runCmd(t, dir, nil, "diagnostic", "--db", db, "--territoire", "departement:1"); r2.code != 0 || r2.stdout != want {
				t.Errorf("departement:1 CSV:\n%s\nwant\n%s\n%s", r2.stdout, want, r2.stderr)
			}
			// Only p1 offers the service: 2SFCA, R1 = 1/3000 for Aval and
			// Bourg; Cense (14 km from p1) and Dune are unserved, ranked
			// by their people at risk.
			r = runCmd(t, dir, nil, "diagnostic", "--db", db, "--territoire", "france", "--methode", "2sfca", "--service", "Aide aux démarches administratives")
			want = "02001,Cense,02,200000002,500,500,,0,0,14,non,non,non,non,500\n" +
				"02002,Dune,02,,300,300,,0,0,40,non,oui,oui,non,300\n" +
				"01002,Bourg,01,200000001,2000,2000,,0,3.3333,4,non,non,non,oui,0\n" +
				"01001,Aval,01,200000001,1000,1000,,1,3.3333,0,non,non,non,oui,0\n"
			if r.code != 0 || !strings.HasSuffix(r.stdout, want) {
				t.Errorf("france --service CSV:\n%s\nwant the rows\n%s\n%s", r.stdout, want, r.stderr)
			}
			golden(t, "diagnostic-france-service.csv", []byte(r.stdout))
			// JSON of département 02: Dune is served by p3, at its centre,
			// and the report says so.
			r = runCmd(t, dir, nil, "diagnostic", "--db", db, "--territoire", "departement:02", "--format", "json")
			var doc struct {
				Territoire struct{ Nom string }
				Remarques  []string
				Total      struct {
					Lieux      int
					Population float64
				}
				Communes []struct {
					Code      string  `json:"code_insee"`
					Acc       float64 `json:"accessibilite"`
					Desservie bool
				}
			}
			if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code != 0 {
				t.Fatalf("json: %v %+v", err, r)
			}
			if doc.Territoire.Nom != "Aisne" || doc.Total.Lieux != 2 || doc.Total.Population != 800 || len(doc.Communes) != 2 {
				t.Errorf("json: %+v", doc)
			}
			if !strings.Contains(strings.Join(doc.Remarques, "\n"), "1 lieu sans coordonnées est placé au centre de sa commune.") {
				t.Errorf("remarks %q say nothing of p3", doc.Remarques)
			}
			// Dune: p3 alone within 10 km (at 0 km): 1/300 → 33.3333.
			for _, c := range doc.Communes {
				if c.Code == "02002" && (!c.Desservie || c.Acc != 33.3333) {
					t.Errorf("Dune %+v, want served, 33.3333", c)
				}
			}
			r = runCmd(t, dir, nil, "diagnostic", "--db", db, "--territoire", "epci:200000001", "--format", "html")
			for _, s := range []string{`<html lang="fr">`, "<title>Diagnostic : CC de l&#39;Amont — maillage</title>", "<th scope=\"row\">Bourg <span class=\"code\">01002</span></th>", "@page { size: A4"} {
				if r.code != 0 || !strings.Contains(r.stdout, s) {
					t.Errorf("html lacks %q: %+v", s, r)
				}
			}
		})
	}
}

func TestDiagnosticImplanterCLI(t *testing.T) {
	for name, url := range engines(t) {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			db := url(t)
			diagnosticDB(t, dir, db)
			// With the service, Cense (500) and Dune (300) are unserved.
			// Among the communes, Cense covers itself (500: Bourg, 10 km
			// away, is served), then Dune itself (300).
			svc := "Aide aux démarches administratives"
			r := runCmd(t, dir, nil, "diagnostic", "implanter", "--db", db, "--territoire", "france", "--nombre", "3", "--service", svc)
			want := "rang,code_insee,nom,personnes_couvertes,communes_couvertes,population_couverte,latitude,longitude,centre_commune,id\n" +
				"1,02001,Cense,500,1,500,45.125905,4,oui,02001\n" +
				"2,02002,Dune,300,1,300,45.359729,4,oui,02002\n"
			if r.code != 0 || r.stdout != want {
				t.Errorf("implanter CSV:\n%s\nwant\n%s\n%s", r.stdout, want, r.stderr)
			}
			golden(t, "diagnostic-implanter.csv", []byte(r.stdout))
			// Site X at 20 km covers Cense (6 km) and not Dune (20 km): 500;
			// Site Y, Dune's centre, covers Dune: 300.
			r = runCmd(t, dir, nil, "diagnostic", "implanter", "--db", db, "--territoire", "departement:02", "--nombre", "1", "--service", svc,
				"--candidats", abs(t, "testdata/diagnostic/candidats.csv"), "--format", "text")
			for _, s := range []string{"Où implanter un nouveau lieu (Aisne) : parmi 2 sites candidats lus dans candidats.csv, seuil 10 km.",
				"Avant : 800 personnes à risque non desservies dans 2 communes.", "1. Site X : 500 personnes à risque couvertes (1 commune, 500 habitants).",
				"Après : 300 personnes à risque non desservies dans 1 commune.", "(1 − 1/e)"} {
				if r.code != 0 || !strings.Contains(r.stdout, s) {
					t.Errorf("implanter text lacks %q:\n%s%s", s, r.stdout, r.stderr)
				}
			}
			r = runCmd(t, dir, nil, "diagnostic", "implanter", "--db", db, "--territoire", "departement:02", "--nombre", "2", "--service", svc, "--format", "json")
			var doc struct {
				Choix []struct {
					Rang    int
					Couvert float64 `json:"personnes_couvertes"`
				}
				Apres struct {
					AtRisk float64 `json:"personnes_a_risque"`
				}
				Garantie string
			}
			if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code != 0 || len(doc.Choix) != 2 || doc.Choix[0].Couvert != 500 || doc.Apres.AtRisk != 0 || doc.Garantie == "" {
				t.Errorf("implanter json %+v, %v: %+v", doc, err, r)
			}
		})
	}
}

func TestDiagnosticCLIErrors(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + dir + "/m.db"
	diagnosticDB(t, dir, db)
	for _, tt := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"diagnostic", "--format", "csv"}, 2, "diagnostic : --territoire manquant : france, region:CODE"},
		{[]string{"diagnostic", "--territoire", "departement:01", "--methode", "3sfca"}, 2, "diagnostic : --methode : méthode « 3sfca » inconnue : 2sfca, e2sfca (par défaut) ou gaussien"},
		{[]string{"diagnostic", "--territoire", "departement:01", "--seuil-km", "-2"}, 2, "diagnostic : --seuil-km : seuil-km -2 invalide : un nombre fini strictement positif (en kilomètres)"},
		{[]string{"diagnostic", "--territoire", "departement:01", "--seuil-km", "5000"}, 2, "diagnostic : --seuil-km : seuil-km 5000 invalide : au plus 100 kilomètres"},
		{[]string{"diagnostic", "--territoire", "departement:01", "--seuil-min", "500"}, 2, "diagnostic : --seuil-min : seuil-min 500 invalide : au plus 120 minutes"},
		{[]string{"diagnostic", "--territoire", "departement:01", "--cout", "osrm"}, 2, "diagnostic : --cout : coût osrm : aucun serveur OSRM n'est configuré (MAILLAGE_OSRM_URL)"},
		{[]string{"diagnostic", "--territoire", "departement:01", "--service", "Cuisine"}, 2, "diagnostic : --service : service « Cuisine » inconnu : les services du standard sont"},
		{[]string{"diagnostic", "--territoire", "departement:01", "--format", "xml"}, 2, "diagnostic : --format « xml » inconnu : csv, json ou html"},
		{[]string{"diagnostic", "--territoire", "departement:99"}, 1, "diagnostic : --territoire : département « 99 » inconnu du référentiel"},
		{[]string{"diagnostic", "--territoire", "69"}, 1, "diagnostic : --territoire : territoire « 69 » invalide : attendu france, region:CODE"},
		{[]string{"diagnostic", "implanter", "--territoire", "france"}, 2, "diagnostic implanter : --nombre « 0 » invalide : un entier de 1 à 200 (lieux à ouvrir)"},
		{[]string{"diagnostic", "implanter", "--territoire", "france", "--nombre", "2", "--format", "html"}, 2, "diagnostic implanter : --format « html » inconnu : csv, json ou text"},
		{[]string{"diagnostic", "implanter", "--territoire", "france", "--nombre", "2", "--candidats", abs(t, "testdata/diagnostic/candidats-faux.csv")}, 1,
			"candidats-faux.csv, ligne 2, colonne « latitude », valeur « 91 » : latitude WGS84 attendue"},
	} {
		r := runCmd(t, dir, nil, append(tt.args, "--db", db)...)
		if r.code != tt.code || !strings.Contains(r.stderr, tt.msg) {
			t.Errorf("%q: exit %d, %q; want %d and %q", tt.args, r.code, r.stderr, tt.code, tt.msg)
		}
	}
}

// Fewer sites than asked: the text says that every person at risk is then
// within the catchment of a place; with nobody unserved, that nothing is
// to be placed. Nobody is « aucune personne », never « 0 personnes ».
func TestDiagnosticImplanterTextFewer(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + dir + "/m.db"
	diagnosticDB(t, dir, db)
	svc := "Aide aux démarches administratives"
	r := runCmd(t, dir, nil, "diagnostic", "implanter", "--db", db, "--territoire", "departement:02", "--nombre", "3", "--service", svc, "--format", "text")
	for _, s := range []string{"2 emplacements suffisent : avec eux, toutes les personnes à risque du territoire sont à moins de 10 km d'un lieu.",
		"Après : aucune personne à risque non desservie."} {
		if r.code != 0 || !strings.Contains(r.stdout, s) {
			t.Errorf("implanter text lacks %q:\n%s%s", s, r.stdout, r.stderr)
		}
	}
	// Without the service, p3 serves Dune and p2 Cense: nobody unserved.
	r = runCmd(t, dir, nil, "diagnostic", "implanter", "--db", db, "--territoire", "departement:02", "--nombre", "2", "--format", "text")
	for _, s := range []string{"Avant : aucune personne à risque non desservie.",
		"Aucun emplacement à proposer : toutes les personnes à risque du territoire sont déjà à moins de 10 km d'un lieu."} {
		if r.code != 0 || !strings.Contains(r.stdout, s) {
			t.Errorf("implanter text lacks %q:\n%s%s", s, r.stdout, r.stderr)
		}
	}
	for _, bad := range []string{"plus personne", " 0 personnes", "dans 0 commune"} {
		if strings.Contains(r.stdout, bad) {
			t.Errorf("implanter text says %q:\n%s", bad, r.stdout)
		}
	}
}

// The html output names a layer's file by its base name: never the
// folders of the machine it ran on.
func TestDiagnosticHTMLNoLocalPaths(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + dir + "/m.db"
	diagnosticDB(t, dir, db)
	qpv := abs(t, "../../internal/territory/testdata/qpv.geojson")
	if r := runCmd(t, dir, nil, "territoires", "import", "--db", db, "--qpv", qpv, "--millesime-qpv", "2024"); r.code != 0 {
		t.Fatalf("qpv: %+v", r)
	}
	r := runCmd(t, dir, nil, "diagnostic", "--db", db, "--territoire", "departement:01", "--format", "html")
	if r.code != 0 || !strings.Contains(r.stdout, "qpv.geojson") {
		t.Fatalf("html: %+v", r)
	}
	if d := strings.TrimSuffix(qpv, "qpv.geojson"); strings.Contains(r.stdout, d) {
		t.Errorf("the html names the folder %s", d)
	}
}

// Rates published without their base population (Data For Good's
// TX_… columns) load with the referential's population as their base,
// and the diagnostic's sources say so.
func TestDemandeRatesWithoutBase(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + dir + "/m.db"
	diagnosticDB(t, dir, db)
	data := "testdata/diagnostic/"
	r := runCmd(t, dir, nil, "demande", "import", "--db", db, "--indicateurs", abs(t, data+"taux_seuls.csv"), "--description", abs(t, data+"taux_seuls.yaml"), "--millesime", "2017")
	if r.code != 0 || !strings.Contains(r.stdout, "Indicateurs importés : 2 communes") {
		t.Fatalf("import: %+v", r)
	}
	r = runCmd(t, dir, nil, "diagnostic", "--db", db, "--territoire", "departement:01", "--format", "json")
	var doc struct {
		Communes []struct {
			Code   string  `json:"code_insee"`
			AtRisk float64 `json:"personnes_a_risque"`
		}
		Sources struct {
			AtRisk string `json:"personnes_a_risque"`
			Index  string `json:"indice"`
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code != 0 {
		t.Fatalf("json: %v %+v", err, r)
	}
	// Aval: 20 % of 1 000 aged 65+, and 50 % of the 800 others: 600.
	for _, c := range doc.Communes {
		if c.Code == "01001" && c.AtRisk != 600 {
			t.Errorf("Aval: %v at risk, want 600", c.AtRisk)
		}
	}
	if !strings.Contains(r.stdout, "base : population du référentiel") {
		t.Errorf("the sources do not say the base: %s", r.stdout)
	}
}

// --format html is the site's page of the diagnostic (the same templates:
// its sections, key figures, map, gap table, recommendation, places and
// sources), self-contained: the site's style sheet inline, no link or
// resource on a server.
func TestDiagnosticHTMLIsThePage(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + dir + "/m.db"
	diagnosticDB(t, dir, db)
	r := runCmd(t, dir, nil, "diagnostic", "--db", db, "--territoire", "departement:02", "--format", "html")
	if r.code != 0 {
		t.Fatalf("html: %+v", r)
	}
	b := r.stdout
	for _, want := range []string{
		`<html lang="fr">`,
		"<title>Diagnostic : Aisne — maillage</title>",
		"<style>",
		".diag-table",  // the site's style sheet, inline
		"@media print", // …with its print layout
		"<h1>Diagnostic de l'inclusion numérique : Aisne",
		`<h2 id="chiffres-cles">Chiffres clés</h2>`,
		`role="img" aria-labelledby="carte-diagnostic-titre carte-diagnostic-desc"`,
		`<h2 id="ecarts">`,
		`<h2 id="ouvrir">Où ouvrir de nouveaux lieux</h2>`,
		`<h2 id="lieux">Les lieux du territoire</h2>`,
		"France Services de Cense", // a place of the territory, named
		`<h2 id="sources">Sources et méthodes</h2>`,
		"<dt>Registre des lieux</dt>",
		"1 lieu sans coordonnées est placé au centre de sa commune.",
	} {
		if !strings.Contains(b, want) {
			t.Errorf("html lacks %q", want)
		}
	}
	for _, bad := range []string{`href="/`, `src="/`, `action="/`, "<link", "<script", `href="http`, `src="http`, "url(/"} {
		if strings.Contains(b, bad) {
			t.Errorf("html has %q", bad)
		}
	}
}
