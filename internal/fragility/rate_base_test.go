package fragility

import (
	"errors"
	"os"
	"strings"
	"testing"

	"maillage/internal/failure"
	"maillage/internal/territory"
)

// A rate without a base column takes the referential's population of the
// commune as its base; the methods say so, with the referential's vintage.
func TestRateWithReferentialBase(t *testing.T) {
	data, err := os.ReadFile("testdata/taux_seuls.yaml")
	if err != nil {
		t.Fatal(err)
	}
	l, err := ParseLayout(data, "taux_seuls.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ref := (&territory.Referential{
		Communes: []territory.Commune{
			{Code: "01001", Nom: "Aval", Departement: "01", Region: "84", Population: 1000},
			{Code: "01002", Nom: "Bourg", Departement: "01", Region: "84", Population: 2000},
		},
		Departements:    []territory.Departement{{Code: "01", Nom: "Ain", Region: "84"}},
		Regions:         []territory.Region{{Code: "84", Nom: "Auvergne-Rhône-Alpes"}},
		CommunesVintage: territory.Vintage{Layer: "communes", Vintage: "2026"},
	}).Index()
	l.SetReferentialBase(ref)
	f, err := os.Open("testdata/taux_seuls.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	table, st, err := ReadIndicators(f, "taux_seuls.csv", l, "2017")
	if err != nil {
		t.Fatal(err)
	}
	// 99999 is not in the referential: no base, its values unknown.
	want := map[string]map[string]Sums{
		"01001": {"plus_65_ans": {0.20 * 1000, 1000}, "peu_diplomes": {0.50 * 1000, 1000}},
		"01002": {"plus_65_ans": {0.10 * 2000, 2000}, "peu_diplomes": {0.25 * 2000, 2000}},
	}
	if len(table.Units) != 2 || st.Rows != 2 || !slicesEqual(st.NoBase, []string{"99999"}) || st.Missing != 0 {
		t.Fatalf("units %v, stats %+v", table.Units, st)
	}
	for code, values := range want {
		for k, v := range values {
			if g := table.Units[code].Values[k]; !near(g.Num, v.Num, 1e-9) || g.Den != v.Den {
				t.Errorf("%s %s: %v, want %v", code, k, g, v)
			}
		}
	}
	if !slicesEqual(table.ReferentialBase, []string{"plus_65_ans", "peu_diplomes"}) || table.ReferentialBaseVintage != "2026" {
		t.Errorf("table base: %v %q", table.ReferentialBase, table.ReferentialBaseVintage)
	}
	m, err := NewModel(ref, nil, table)
	if err != nil {
		t.Fatal(err)
	}
	in := m.Info()
	for _, s := range []string{in.IndexMethod, in.AtRiskMethod} {
		if !strings.Contains(s, "base : population du référentiel (découpage administratif 2026)") {
			t.Errorf("method %q does not say the base", s)
		}
	}
	// 01001: 200 aged 65+, plus 50 % of the 800 under 65 = 600.
	d := m.Communes()["01001"]
	if !near(d.AtRisk, 600, 1e-9) {
		t.Errorf("01001 at risk %v, want 600", d.AtRisk)
	}
}

func TestRateWithoutBaseErrors(t *testing.T) {
	iris := "niveau: iris\nindicateurs:\n  - cle: a\n    taux: TX\n"
	if _, err := ParseLayout([]byte(iris), "d.yaml"); !errors.Is(err, failure.ErrInvalid) || !strings.Contains(failure.MessageOf(err), "base") ||
		!strings.Contains(failure.MessageOf(err), "IRIS") {
		t.Errorf("iris without base: %v", err)
	}
	l, err := ParseLayout([]byte("indicateurs:\n  - cle: a\n    taux: TX\n"), "d.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = ReadIndicators(strings.NewReader("CODGEO,TX\n01001,3\n"), "r.csv", l, "")
	if !errors.Is(err, failure.ErrInvalid) || !strings.Contains(failure.MessageOf(err), "référentiel") {
		t.Errorf("no referential: %v", err)
	}
}

func slicesEqual(a, b []string) bool { return strings.Join(a, ",") == strings.Join(b, ",") }

// The example description of README for Data For Good's 2020 file reads
// a file of its columns (rates in percent without base).
func TestExampleDescriptionDFG2020(t *testing.T) {
	data, err := os.ReadFile("testdata/exemples/dfg2020-communes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	l, err := ParseLayout(data, "dfg2020-communes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ref := (&territory.Referential{
		Communes: []territory.Commune{
			{Code: "01001", Nom: "Aval", Departement: "01", Region: "84", Population: 1000},
			{Code: "01002", Nom: "Bourg", Departement: "01", Region: "84", Population: 2000},
		},
		Departements: []territory.Departement{{Code: "01", Nom: "Ain", Region: "84"}},
		Regions:      []territory.Region{{Code: "84", Nom: "Auvergne-Rhône-Alpes"}},
	}).Index()
	l.SetReferentialBase(ref)
	f, err := os.Open("testdata/exemples/dfg2020-communes.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	table, _, err := ReadIndicators(f, "dfg2020-communes.csv", l, "2020")
	if err != nil {
		t.Fatal(err)
	}
	if len(table.Units) != 2 || len(table.Composite.Indicators) != 3 || !table.AtRisk.Counts() {
		t.Errorf("table: %d units, %d indicators, at risk %+v", len(table.Units), len(table.Composite.Indicators), table.AtRisk)
	}
}
