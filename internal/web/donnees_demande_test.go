package web

import (
	"context"
	"math"
	"strings"
	"testing"

	"maillage/internal/fragility"
)

// /donnees names the demand data the diagnostic and the public fragility
// layer use, with their vintages (review 9N, minor 9), or says there is
// none.
func TestDonneesNamesDemandData(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	if body := ts.get(t, "/donnees").Body; !strings.Contains(body, "<h2>Données de demande</h2>") || !strings.Contains(body, "Aucune donnée de demande n'est chargée") {
		t.Error("/donnees does not say that no demand data is loaded")
	}
	idx := &fragility.Index{Level: fragility.LevelIRIS, Vintage: "2020", Source: "/srv/ifn/ifn-2020-iris.csv", Rows: map[string]fragility.IndexRow{
		"315550101": {Code: "315550101", Score: 120, Population: math.NaN()}}}
	if err := ts.store.ReplaceFragilityIndex(ctx, idx); err != nil {
		t.Fatal(err)
	}
	table := &fragility.Table{Level: fragility.LevelCommune, Vintage: "2017", Source: "dfg-2020.csv",
		Composite: fragility.Composite{Normalisation: fragility.NormRatio, Reference: fragility.RefFrance},
		AtRisk:    fragility.AtRiskSpec{Age: "p65"},
		Units: map[string]fragility.Unit{
			"31555": {Code: "31555", Values: map[string]fragility.Sums{"p65": {Num: 10, Den: 100}}},
			"81004": {Code: "81004", Values: map[string]fragility.Sums{"p65": {Num: 20, Den: 100}}},
		}}
	if err := ts.store.ReplaceFragilityIndicators(ctx, table); err != nil {
		t.Fatal(err)
	}
	body := ts.get(t, "/donnees").Body
	for _, want := range []string{
		"couche « Fragilité numérique des communes » de la carte",
		"<li>Indice de fragilité numérique, par IRIS : millésime 2020, 1 IRIS (ifn-2020-iris.csv), chargé le ",
		"<li>Indicateurs de fragilité et de personnes à risque, par commune : millésime 2017, 2 communes (dfg-2020.csv), chargé le ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/donnees lacks %q", want)
		}
	}
	if strings.Contains(body, "/srv/ifn") {
		t.Error("/donnees shows a path of the server")
	}
}
