package fragility

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"maillage/internal/territory"
)

type fakeStore struct {
	idx   *Index
	table *Table
	err   error
}

func (f fakeStore) FragilityIndex(context.Context) (*Index, error)      { return f.idx, f.err }
func (f fakeStore) FragilityIndicators(context.Context) (*Table, error) { return f.table, f.err }

func plmReferential() *territory.Referential {
	return (&territory.Referential{
		Communes: []territory.Commune{
			{Code: "75056", Nom: "Paris", Departement: "75", Region: "11", EPCI: "200054781", Population: 3000},
			{Code: "75101", Nom: "Paris 1er Arrondissement", Departement: "75", Region: "11", EPCI: "200054781", Population: 1000},
			{Code: "75102", Nom: "Paris 2e Arrondissement", Departement: "75", Region: "11", EPCI: "200054781", Population: 2000},
			{Code: "92004", Nom: "Asnières-sur-Seine", Departement: "92", Region: "11", EPCI: "200054781", Population: 500},
			{Code: "92007", Nom: "Bagneux", Departement: "92", Region: "11", EPCI: "200054781", Population: 400},
		},
	}).Index()
}

// TestDemandWithoutData: with nothing loaded the demand is the population
// and Info says so.
func TestDemandWithoutData(t *testing.T) {
	ref := plmReferential()
	ref.CommunesVintage = territory.Vintage{Layer: "communes", Vintage: "2026"}
	got, info, err := Demand(context.Background(), fakeStore{}, ref)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 5 {
		t.Fatalf("%d communes", len(got))
	}
	for code, d := range got {
		if d.Code != code || d.AtRisk != d.Population || d.HasIndex || !math.IsNaN(d.Fragility) {
			t.Errorf("%s: %+v", code, d)
		}
	}
	if info.Population != "population du référentiel (millésime 2026)" || !strings.Contains(info.AtRiskMethod, "la demande est la population") || !strings.Contains(info.IndexMethod, "Aucun indice") {
		t.Errorf("info %+v", info)
	}
	if _, _, err := Demand(context.Background(), fakeStore{err: errors.New("panne")}, plmReferential()); err == nil {
		t.Error("a store error is lost")
	}
}

// TestDemandIndexByIRIS: an imported IRIS index gives a commune the
// population-weighted mean of its IRIS; Paris, with IRIS in its
// arrondissements only, gets theirs; a commune without IRIS has none.
func TestDemandIndexByIRIS(t *testing.T) {
	idx := &Index{Level: LevelIRIS, Vintage: "2020", Source: "ifn.csv", Rows: map[string]IndexRow{
		"751010101": {Code: "751010101", Score: 80, Population: 100},
		"751010102": {Code: "751010102", Score: 120, Population: 300},
		"751020101": {Code: "751020101", Score: 100, Population: 400},
		"920040101": {Code: "920040101", Score: 90, Population: 0},
	}}
	m, err := NewModel(plmReferential(), idx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		code string
		want float64
	}{
		{"75101", (80*100 + 120*300) / 400.0},
		{"75102", 100},
		{"75056", (80*100 + 120*300 + 100*400) / 800.0},
		{"92004", 90}, // weight 0: its only IRIS's score
		{"92007", math.NaN()},
	} {
		d, ok := m.Commune(tt.code)
		if !ok {
			t.Fatalf("%s missing", tt.code)
		}
		if math.IsNaN(tt.want) != math.IsNaN(d.Fragility) || (!math.IsNaN(tt.want) && !near(d.Fragility, tt.want, 1e-9)) || d.HasIndex == math.IsNaN(tt.want) {
			t.Errorf("%s: %+v, want %v", tt.code, d, tt.want)
		}
	}
	// The EPCI counts Paris once (not its arrondissements again).
	e := m.EPCIs()["200054781"]
	if e.Population != 3900 || e.Communes != 3 {
		t.Errorf("EPCI %+v", e)
	}
	if in := m.Info(); m.Scale() != KindIndex || in.IndexVintage != "2020" || !strings.Contains(in.IndexMethod, "importé") {
		t.Errorf("info %+v", in)
	}
	// A QPV made of two IRIS of Paris 1er: population of the data scaled
	// to the referential (400 people in the data for 1 000 in the
	// referential), score weighted by population.
	qpv, err := m.UnitAreas(func(iris string) []string {
		if strings.HasPrefix(iris, "75101") {
			return []string{"QN07501M"}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if q := qpv["QN07501M"]; q.Population != 1000 || !near(q.Fragility, 110, 1e-9) {
		t.Errorf("QPV %+v", q)
	}
}

// TestDemandIndicatorsPLM: indicators by commune for Paris give its
// arrondissements Paris's rates; people at risk are the 65+ plus the
// low-diploma under 65.
func TestDemandIndicatorsPLM(t *testing.T) {
	table := &Table{Level: LevelCommune, Vintage: "2019", Units: map[string]Unit{
		// 65+: 20 % of 1 000; low-diploma: 30 of the 100 non-scolarised 15+
		// minus the 20 aged 65+... (300 of 800 non-scolarised 15+).
		"75056": {Values: map[string]Sums{"plus_65_ans": {200, 1000}, "peu_diplomes": {300, 800}}},
		"92004": {Values: map[string]Sums{"plus_65_ans": {100, 1000}}},
	}, Composite: Composite{Indicators: []Indicator{{Key: "plus_65_ans"}, {Key: "peu_diplomes"}}, Normalisation: NormRatio, Reference: RefFrance},
		AtRisk: AtRiskSpec{Age: "plus_65_ans", Diploma: "peu_diplomes"}}
	m, err := NewModel(plmReferential(), nil, table)
	if err != nil {
		t.Fatal(err)
	}
	// 200 + 300 × (800 − 200) / 800 = 425 of 1 000 in the data.
	for code, want := range map[string]float64{"75056": 3000 * 0.425, "75101": 1000 * 0.425, "75102": 2000 * 0.425, "92004": 500, "92007": 400} {
		if d, _ := m.Commune(code); !near(d.AtRisk, want, 1e-9) {
			t.Errorf("%s at risk %v, want %v", code, d.AtRisk, want)
		}
	}
	if d, _ := m.Commune("75101"); !d.HasIndex {
		t.Errorf("75101 %+v", d)
	}
	if d, _ := m.Commune("92004"); !d.HasIndex {
		t.Errorf("92004 %+v (one of two terms is enough)", d)
	}
	in := m.Info()
	if in.IndicatorsVintage != "2019" || !strings.Contains(in.AtRiskMethod, "65 ans et plus") || !strings.Contains(in.IndexMethod, "numérateurs et dénominateurs sommés") {
		t.Errorf("info %+v", in)
	}
	if _, err := m.UnitAreas(func(string) []string { return []string{"q"} }); err == nil {
		t.Error("communes grouped as IRIS")
	}
}

// TestInfoSaysInverted: the method names the inverted terms and the 2020
// difference.
func TestInfoSaysInverted(t *testing.T) {
	table := chazeyTable(-1)
	table.Composite.Indicators[5].Label = "Revenu médian"
	m, err := NewModel(chazeyReferential(), nil, table)
	if err != nil {
		t.Fatal(err)
	}
	s := m.Info().IndexMethod
	for _, want := range []string{"Inversés", "Revenu médian", "n'inversait pas", "département de la commune", "à poids égaux"} {
		if !strings.Contains(s, want) {
			t.Errorf("%q lacks %q", s, want)
		}
	}
}

// TestDemandAtRiskOnly: indicators loaded only to count people at risk
// (no composite) leave the fragility unknown, and Info says no index is
// loaded.
func TestDemandAtRiskOnly(t *testing.T) {
	table := &Table{Level: LevelCommune, Vintage: "2019", Units: map[string]Unit{
		"92004": {Values: map[string]Sums{"plus_65_ans": {100, 1000}}},
	}, AtRisk: AtRiskSpec{Age: "plus_65_ans"}}
	m, err := NewModel(plmReferential(), nil, table)
	if err != nil {
		t.Fatal(err)
	}
	if m.Scale() != "" {
		t.Errorf("scale %q", m.Scale())
	}
	if d, _ := m.Commune("92004"); d.AtRisk != 50 || d.HasIndex {
		t.Errorf("92004 %+v", d)
	}
	if in := m.Info(); in.IndexVintage != "" || in.IndicatorsVintage != "2019" || !strings.Contains(in.IndexMethod, "Aucun indice") || !strings.Contains(in.AtRiskMethod, "65 ans") {
		t.Errorf("info %+v", in)
	}
}

// TestPLMCountedOnce: data by commune holding Paris and its
// arrondissements counts Paris's people once in the references.
func TestPLMCountedOnce(t *testing.T) {
	table := &Table{Level: LevelCommune, Units: map[string]Unit{
		"75056": {Values: map[string]Sums{"x": {200, 1000}}},
		"75101": {Values: map[string]Sums{"x": {100, 500}}},
		"75102": {Values: map[string]Sums{"x": {100, 500}}},
		"92004": {Values: map[string]Sums{"x": {50, 1000}}},
	}, Composite: Composite{Indicators: []Indicator{{Key: "x"}}, Normalisation: NormRatio, Reference: RefFrance}}
	m, err := NewModel(plmReferential(), nil, table)
	if err != nil {
		t.Fatal(err)
	}
	// France: (100 + 100 + 50) / (500 + 500 + 1000) = 0.125.
	if d, _ := m.Commune("92004"); !near(d.Fragility, 100*0.05/0.125, 1e-9) {
		t.Errorf("92004 %+v", d)
	}
	if len(table.Units) != 4 {
		t.Error("the table was changed")
	}
}

// TestReferenceOfMergedCommune: a unit of a commune the referential no
// longer knows still counts in its département's reference.
func TestReferenceOfMergedCommune(t *testing.T) {
	table := &Table{Level: LevelCommune, Units: map[string]Unit{
		"01098": {Values: map[string]Sums{"x": {10, 100}}},
		"01039": {Values: map[string]Sums{"x": {30, 100}}}, // merged into another commune
		"02001": {Values: map[string]Sums{"x": {90, 100}}},
	}, Composite: Composite{Indicators: []Indicator{{Key: "x"}}, Normalisation: NormRatio, Reference: RefDepartement}}
	m, err := NewModel(chazeyReferential(), nil, table)
	if err != nil {
		t.Fatal(err)
	}
	if d, _ := m.Commune("01098"); !near(d.Fragility, 100*0.1/0.2, 1e-9) {
		t.Errorf("01098 %+v (département 01: 40 / 200)", d)
	}
	if _, ok := m.Commune("01039"); ok {
		t.Error("a commune not in the referential has a demand")
	}
}

// A divided city's people at risk are those of its arrondissements, as
// in the diagnostic, even when the index has a row for the whole city
// (review 9A, minor 6: Lyon's at risk became its population, 519 127
// instead of 198 999, and France's total jumped).
func TestDemandCityIsItsArrondissements(t *testing.T) {
	table := &Table{Level: LevelCommune, Vintage: "2019", Units: map[string]Unit{
		"75101": {Values: map[string]Sums{"plus_65_ans": {100, 1000}}},
		"75102": {Values: map[string]Sums{"plus_65_ans": {400, 1000}}},
	}, Composite: Composite{Indicators: []Indicator{{Key: "plus_65_ans"}}, Normalisation: NormRatio, Reference: RefFrance},
		AtRisk: AtRiskSpec{Age: "plus_65_ans"}}
	without, err := NewModel(plmReferential(), nil, table)
	if err != nil {
		t.Fatal(err)
	}
	idx := &Index{Level: LevelCommune, Vintage: "2024", Source: "x.csv", Rows: map[string]IndexRow{"75056": {Code: "75056", Score: 1, Population: math.NaN()}}}
	with, err := NewModel(plmReferential(), idx, table)
	if err != nil {
		t.Fatal(err)
	}
	for name, m := range map[string]*Model{"indicators only": without, "with an index of Paris": with} {
		// 1 000 × 0.1 + 2 000 × 0.4.
		if d, _ := m.Commune("75056"); !near(d.AtRisk, 900, 1e-9) || d.Population != 3000 {
			t.Errorf("%s: Paris %+v, want 900 at risk of 3 000", name, d)
		}
		if fr := m.France(); !near(fr.AtRisk, 900+500+400, 1e-9) {
			t.Errorf("%s: France at risk %v, want 1 800", name, fr.AtRisk)
		}
	}
}
