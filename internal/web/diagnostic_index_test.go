package web

import (
	"strings"
	"testing"

	"maillage/internal/territory"
)

// The index of the diagnostics agrees with the other pages (review 9N,
// minor 6): accessibility per 10 000 people at risk, an imported index
// aggregated by a population-weighted mean; the collectivités d'outre-mer
// are not listed as régions but apart, by their own page.
func TestDiagnosticIndexWords(t *testing.T) {
	ref := &territory.Referential{
		Regions: []territory.Region{{Code: "76", Nom: "Occitanie"}, {Code: "988", Nom: "Nouvelle-Calédonie"}, {Code: "989", Nom: "Île de Clipperton"}},
		Departements: []territory.Departement{{Code: "31", Nom: "Haute-Garonne", Region: "76"},
			{Code: "988", Nom: "Nouvelle-Calédonie", Region: "988"}, {Code: "989", Nom: "Île de Clipperton", Region: "989"}},
		Communes: []territory.Commune{
			{Code: "31555", Nom: "Toulouse", Departement: "31", Region: "76", Population: 500000, Centre: &territory.Point{Lat: 43.6, Lon: 1.44}},
			{Code: "98818", Nom: "Nouméa", Departement: "988", Region: "988", Population: 94000, Centre: &territory.Point{Lat: -22.27, Lon: 166.45}},
		},
	}
	ts := diagServer(t, ref.Index())
	body := ts.get(t, "/diagnostic").Body
	for _, want := range []string{
		`<a href="/diagnostic/region/76">Occitanie</a>`,
		"Les collectivités d'outre-mer, hors des régions et des chiffres de la France entière, ont chacune leur page : " +
			`<a href="/diagnostic/departement/988">Nouvelle-Calédonie (988)</a>, <a href="/diagnostic/departement/989">Île de Clipperton (989)</a>.`,
		"pour 10 000 personnes à risque",
		"moyenne des scores pondérée par la population",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/diagnostic lacks %s", want)
		}
	}
	for _, bad := range []string{`/diagnostic/region/988`, `/diagnostic/region/989`, "pour 10 000 habitants", "jamais par une moyenne d'indices.</dd>"} {
		if strings.Contains(body, bad) {
			t.Errorf("/diagnostic says %s", bad)
		}
	}
	// The pages say it so too.
	if page := ts.get(t, "/diagnostic/departement/31").Body; !strings.Contains(page, "pour 10 000 personnes à risque") {
		t.Error("the département's page does not say « pour 10 000 personnes à risque »")
	}
}
