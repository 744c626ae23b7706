package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"maillage/internal/fragility"
	"maillage/internal/place"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
	"maillage/internal/territory"
)

// TestEvaluationGaps: with the communes' referential and a fragility
// index loaded, the report lists the diagnostic's zones blanches of the
// Tarn. Its fixtures: one place, in Albi (43.9280, 2.1460); five
// communes of the Tarn. By hand (haversine, R = 6 371 km, commune centre
// to the place, the default catchment of 10 km; minutes at 60 km/h × 1.3):
// Albi 0.3 km and Saint-Juéry 5.7 km are served; Castres 36.6 km (47.6
// min), Gaillac 20.2 km (26.2 min), Carmaux 13.6 km (17.7 min) are not.
// No indicators: people at risk = population. Golden files (-update).
func TestEvaluationGaps(t *testing.T) {
	goldenDir, err := filepath.Abs(filepath.Join("testdata", "golden"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	ctx := context.Background()
	clock := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	st, err := openStore(ctx, testEnv(t), db, store.WithClock(func() time.Time { return clock }))
	if err != nil {
		t.Fatal(err)
	}
	pt := func(lat, lon float64) *territory.Point { return &territory.Point{Lat: lat, Lon: lon} }
	ref := (&territory.Referential{
		Regions:      []territory.Region{{Code: "76", Nom: "Occitanie"}},
		Departements: []territory.Departement{{Code: "81", Nom: "Tarn", Region: "76"}, {Code: "31", Nom: "Haute-Garonne", Region: "76"}},
		EPCIs:        []territory.EPCI{{Code: "248100737", Nom: "CA de l'Albigeois (C2A)", Type: "CA"}},
		Communes: []territory.Commune{
			{Code: "81004", Nom: "Albi", Departement: "81", Region: "76", EPCI: "248100737", CodesPostaux: []string{"81000"}, Population: 49236, Centre: pt(43.9258, 2.1477)},
			{Code: "81257", Nom: "Saint-Juéry", Departement: "81", Region: "76", EPCI: "248100737", CodesPostaux: []string{"81160"}, Population: 6900, Centre: pt(43.9506, 2.2097)},
			{Code: "81065", Nom: "Castres", Departement: "81", Region: "76", CodesPostaux: []string{"81100"}, Population: 41987, Centre: pt(43.6060, 2.2410)},
			{Code: "81060", Nom: "Carmaux", Departement: "81", Region: "76", CodesPostaux: []string{"81400"}, Population: 9600, Centre: pt(44.0500, 2.1580)},
			{Code: "81099", Nom: "Gaillac", Departement: "81", Region: "76", CodesPostaux: []string{"81600"}, Population: 15500, Centre: pt(43.9016, 1.8966)},
			{Code: "31555", Nom: "Toulouse", Departement: "31", Region: "76", CodesPostaux: []string{"31000"}, Population: 511684, Centre: pt(43.6007, 1.4328)},
		},
		CommunesVintage: territory.Vintage{Layer: "communes", Vintage: "2026", Source: "@etalab/decoupage-administratif 5.0.0"},
	}).Index()
	if err := st.ReplaceTerritories(ctx, ref); err != nil {
		t.Fatal(err)
	}
	idx := &fragility.Index{Level: fragility.LevelCommune, Vintage: "2020", Source: "ifn-2020.csv", Rows: map[string]fragility.IndexRow{}}
	for code, score := range map[string]float64{"81065": 63.2, "81060": 71.5, "81004": 40} {
		idx.Rows[code] = fragility.IndexRow{Code: code, Score: score, Population: math.NaN()}
	}
	if err := st.ReplaceFragilityIndex(ctx, idx); err != nil {
		t.Fatal(err)
	}
	im, err := st.BeginImport(ctx, "hub")
	if err != nil {
		t.Fatal(err)
	}
	albi, toulouse := storetest.Sample("gap-albi"), storetest.Sample("gap-toulouse")
	albi.Nom, albi.Commune, albi.CodePostal, albi.CodeINSEE = "Médiathèque d'Albi", "Albi", "81000", "81004"
	albi.Coordinates = &place.Point{Lat: 43.9280, Lon: 2.1460}
	toulouse.Nom, toulouse.Commune, toulouse.CodePostal, toulouse.CodeINSEE = "EPN Bellefontaine", "Toulouse", "31000", "31555"
	toulouse.Coordinates = &place.Point{Lat: 43.6045, Lon: 1.4440}
	for _, l := range []*place.Lieu{&albi, &toulouse} {
		if _, _, err := im.Put(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Commit(ctx, "lieux.csv"); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	at := func() time.Time { return time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC) }
	outputs := map[string]string{}
	for _, format := range []string{"csv", "html"} {
		r := runCmdAt(t, at, dir, nil, "evaluation", "--db", db, "--territoire", "departement:81", "--annee", "2026", "--format", format)
		if r.code != 0 {
			t.Fatalf("%s: %+v", format, r)
		}
		outputs[format] = r.stdout
		golden := filepath.Join(goldenDir, "evaluation-lacunes-81-2026."+format)
		if *update {
			os.WriteFile(golden, []byte(r.stdout), 0o644)
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal([]byte(r.stdout), want) {
			t.Errorf("%s differs from %s (go test -update rewrites it):\n%s", format, golden, r.stdout)
		}
	}
	rows, err := csv.NewReader(strings.NewReader(outputs["csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var gaps []string
	got := map[string][]string{}
	for _, row := range rows[1:] {
		if row[0] != "diagnostic" {
			continue
		}
		got[row[1]] = row
		if strings.HasPrefix(row[1], "zone_blanche:") {
			gaps = append(gaps, row[1]+"="+row[3])
		}
		if row[5] == "" || !strings.Contains(row[6], "indice de fragilité 2020") || !strings.Contains(row[6], "découpage administratif 2026") {
			t.Errorf("%s: source %q, vintage %q", row[1], row[5], row[6])
		}
	}
	// Ranked by people at risk: Castres, Gaillac, Carmaux.
	if want := "zone_blanche:81065=41987 zone_blanche:81099=15500 zone_blanche:81060=9600"; strings.Join(gaps, " ") != want {
		t.Errorf("gaps %v, want %s", gaps, want)
	}
	for ind, want := range map[string]string{
		"diagnostic:communes":                          "5",
		"diagnostic:communes_non_desservies":           "3",
		"diagnostic:population_non_desservie":          "67087", // 41 987 + 15 500 + 9 600
		"diagnostic:personnes_a_risque_non_desservies": "67087",
	} {
		if row := got[ind]; row == nil || row[3] != want {
			t.Errorf("%s: %v, want %s", ind, row, want)
		}
	}
	for ind, want := range map[string]string{
		"zone_blanche:81065": "Castres (81065) ; 41\u202f987 habitants ; fragilité 63,2 ; lieu le plus proche : 36,6 km (plus de 30 min)",
		"zone_blanche:81099": "Gaillac (81099) ; 15\u202f500 habitants ; fragilité — ; lieu le plus proche : 20,2 km (20 à 30 min)",
		"zone_blanche:81060": "Carmaux (81060) ; 9600 habitants ; fragilité 71,5 ; lieu le plus proche : 13,6 km (moins de 20 min)",
	} {
		if row := got[ind]; row == nil || !strings.Contains(row[2], want) {
			t.Errorf("%s: %v, want a label with %q", ind, row, want)
		}
	}
	html := outputs["html"]
	for _, want := range []string{"Zones blanches / lacunes du diagnostic",
		"<tr><th scope=\"row\">Castres (81065)</th><td class=\"n\" data-titre=\"Habitants\">41\u202f987</td><td class=\"n\" data-titre=\"Personnes à risque\">41\u202f987</td><td class=\"n\" data-titre=\"Fragilité\">63,2</td><td data-titre=\"Lieu le plus proche\">36,6 km (plus de 30 min)</td></tr>"} {
		if !strings.Contains(html, want) {
			t.Errorf("html lacks %q", want)
		}
	}
	if strings.Contains(html, "Absentes") || strings.Contains(html, "zone_blanche") {
		t.Error("html: gaps said absent, or their CSV lines in the figures' table")
	}
}
