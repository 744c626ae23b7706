package diagnostic

import (
	"context"
	"math"
	"strings"
	"testing"

	"maillage/internal/access"
	"maillage/internal/fragility"
	"maillage/internal/place"
	"maillage/internal/territory"
)

// smallTable is one indicator per commune of smallRef (numerator /
// denominator), compared with France (ratio × 100), and counting people at
// risk from it:
//
//	A 10/100   B 30/100   C 50/100   D 90/300     France 180/600 = 0.3
func smallTable() *fragility.Table {
	return &fragility.Table{
		Level:   fragility.LevelCommune,
		Vintage: "2021",
		Composite: fragility.Composite{
			Indicators:    []fragility.Indicator{{Key: "x", Direction: 1, Weight: 1}},
			Normalisation: fragility.NormRatio,
			Reference:     fragility.RefFrance,
		},
		AtRisk: fragility.AtRiskSpec{Age: "x"},
		Units: map[string]fragility.Unit{
			"01001": {Code: "01001", Values: map[string]fragility.Sums{"x": {Num: 10, Den: 100}}},
			"01002": {Code: "01002", Values: map[string]fragility.Sums{"x": {Num: 30, Den: 100}}},
			"02001": {Code: "02001", Values: map[string]fragility.Sums{"x": {Num: 50, Den: 100}}},
			"02002": {Code: "02002", Values: map[string]fragility.Sums{"x": {Num: 90, Den: 300}}},
		},
	}
}

func TestFragilityAggregatedFromSums(t *testing.T) {
	ref := smallRef()
	st := &fakeStore{lieux: smallPlaces(), table: smallTable()}
	r, err := Compute(context.Background(), st, ref, Territory{Kind: KindFrance}, Options{Method: access.Kind2SFCA})
	if err != nil {
		t.Fatal(err)
	}
	units := map[string]Unit{}
	for _, u := range r.Sub {
		units[u.Code] = u
	}
	// Région 32 = département 02 = C and D: (50 + 90) / (100 + 300) = 0.35,
	// 100 × 0.35 / 0.3 = 116.666667. Averaging the communes' scores (166.67
	// and 100) would give 133.33, weighted by population 141.67.
	if got := units["32"].Fragility; !near(got, 100*0.35/0.3) {
		t.Errorf("région 32 fragility %v, want 116.666667 (from summed numerators and denominators)", got)
	}
	// Région 84: (10 + 30) / 200 = 0.2 → 66.666667.
	if got := units["84"].Fragility; !near(got, 100*0.2/0.3) {
		t.Errorf("région 84 fragility %v, want 66.666667", got)
	}
	if !near(r.Total.Fragility, 100) {
		t.Errorf("France fragility %v, want 100", r.Total.Fragility)
	}
	// People at risk = the indicator's share × population: A 100, B 600,
	// C 250, D 90; région 32: 340.
	rows := rowsByCode(r)
	for code, want := range map[string]float64{"01001": 100, "01002": 600, "02001": 250, "02002": 90} {
		if !near(rows[code].AtRisk, want) {
			t.Errorf("%s: %v at risk, want %v", code, rows[code].AtRisk, want)
		}
	}
	if !near(units["32"].AtRisk, 340) || !near(units["32"].UnservedAtRisk, 90) {
		t.Errorf("région 32: %v at risk, %v unserved; want 340 and 90", units["32"].AtRisk, units["32"].UnservedAtRisk)
	}
	// The demand of the accessibility is the people at risk:
	// R1 = 1 / (100 + 600), R2 = 1 / (600 + 250); A_B = R1 + R2 → 26.050420.
	if got, want := rows["01002"].Accessibility, 10000*(1.0/700+1.0/850); !near(got, want) {
		t.Errorf("B accessibility %v, want %v", got, want)
	}
	// A commune's fragility is its own: C 0.5 / 0.3 → 166.666667.
	if got := rows["02001"].Fragility; !near(got, 100*0.5/0.3) {
		t.Errorf("C fragility %v, want 166.666667", got)
	}
	if r.Info.IndicatorsVintage != "2021" {
		t.Errorf("info %+v, want the indicators' vintage 2021", r.Info)
	}
}

func TestNoIndicatorDemandIsPopulation(t *testing.T) {
	ref := smallRef()
	r, err := Compute(context.Background(), &fakeStore{lieux: smallPlaces()}, ref, Territory{Kind: KindDepartement, Code: "01"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range r.Rows {
		if row.AtRisk != row.Population || !math.IsNaN(row.Fragility) {
			t.Errorf("%s: at risk %v of %v, fragility %v; want the population and NaN", row.Code, row.AtRisk, row.Population, row.Fragility)
		}
	}
	if !math.IsNaN(r.Total.Fragility) {
		t.Errorf("fragility %v without data, want NaN", r.Total.Fragility)
	}
	if r.Info.AtRiskMethod == "" {
		t.Error("no sentence says the demand is the population")
	}
}

// plmRef is Paris with two arrondissements, 10 km apart.
func plmRef() *territory.Referential {
	ref := &territory.Referential{
		Communes: []territory.Commune{
			{Code: "75056", Nom: "Paris", Departement: "75", Region: "11", EPCI: "200054781", Population: 3000, Centre: at(5)},
			{Code: "75101", Nom: "Paris 1er Arrondissement", Departement: "75", Region: "11", Population: 1000, Centre: at(0)},
			{Code: "75102", Nom: "Paris 2e Arrondissement", Departement: "75", Region: "11", Population: 2000, Centre: at(10)},
		},
		EPCIs:        []territory.EPCI{{Code: "200054781", Nom: "Métropole du Grand Paris", Population: 3000}},
		Departements: []territory.Departement{{Code: "75", Nom: "Paris", Region: "11"}},
		Regions:      []territory.Region{{Code: "11", Nom: "Île-de-France"}},
	}
	return ref.Index()
}

func TestArrondissementsStandForTheirCommune(t *testing.T) {
	ref := plmRef()
	// One place in the 1st, coded with Paris's code: it counts in Paris,
	// not in an arrondissement.
	st := &fakeStore{lieux: []*place.Lieu{lieu("p", "75056", at(0))}}
	for _, terr := range []string{"commune:75056", "departement:75", "france"} {
		tt, err := ParseTerritory(terr, ref)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Compute(context.Background(), st, ref, tt, Options{SeuilKm: 5})
		if err != nil {
			t.Fatal(err)
		}
		rows := rowsByCode(r)
		if _, ok := rows["75056"]; ok || len(rows) != 2 {
			t.Errorf("%s: rows %v, want the two arrondissements only", terr, rows)
		}
		// 3 000 people, not 6 000.
		if r.Total.Population != 3000 || r.Total.Places != 1 {
			t.Errorf("%s: population %v, %d places; want 3 000 and 1", terr, r.Total.Population, r.Total.Places)
		}
		// The 2nd is 10 km from the place, beyond 5 km: 2 000 unserved.
		if r.Total.UnservedAtRisk != 2000 {
			t.Errorf("%s: unserved %v, want 2 000", terr, r.Total.UnservedAtRisk)
		}
	}
}

// A commune without indicators while they are loaded counts its whole
// population as at risk, and says so: marked on its row, counted in the
// notes (review 9, new user, 4: Mayotte « 256 518 habitants, dont
// 256 518 personnes à risque » without a word).
func TestCommunesWithoutIndicatorsMarked(t *testing.T) {
	table := smallTable()
	delete(table.Units, "02002")
	st := &fakeStore{lieux: smallPlaces(), table: table}
	r, err := Compute(context.Background(), st, smallRef(), Territory{Kind: KindDepartement, Code: "02"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows := rowsByCode(r)
	if d := rows["02002"]; !d.NoIndicators || d.AtRisk != d.Population {
		t.Errorf("Dune without indicators: %+v", d)
	}
	if rows["02001"].NoIndicators {
		t.Error("Cense has its indicators")
	}
	if want := "1 commune du territoire (300 habitants) n'a pas d'indicateur de personnes à risque : toute sa population y compte comme personnes à risque"; !strings.Contains(strings.Join(r.Notes, " "), want) {
		t.Errorf("notes %q lack %q", r.Notes, want)
	}
}
