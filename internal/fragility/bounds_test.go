package fragility

import (
	"strings"
	"testing"

	"maillage/internal/failure"
)

// Indicators that count a part of the population are bounded by it: a
// numerator at most its denominator, a rate at most its echelle; an
// echelle is from 1 to 1 000 000. Faults name file, line, column, value
// and rule.
func TestIndicatorBounds(t *testing.T) {
	const counts = `
code: CODGEO
indicateurs:
  - cle: plus_65_ans
    numerateur: P65
    denominateur: POP
  - cle: peu_diplomes
    numerateur: NDIP
    denominateur: P15
  - cle: revenu_median
    taux: MED
    base: POP
    echelle: 1
    sens: "-"
personnes_a_risque:
  age: plus_65_ans
  diplome: peu_diplomes
`
	const rates = `
code: CODGEO
indicateurs:
  - cle: plus_65_ans
    taux: TX65
    base: POP
    echelle: %s
personnes_a_risque:
  age: plus_65_ans
`
	for _, tt := range []struct {
		name, layout, csv string
		want              string // "" when accepted
	}{
		{"counts within", counts, "CODGEO,P65,POP,NDIP,P15,MED\n23031,300,1236,200,1000,21000\n", ""},
		{"65+ above the population", counts, "CODGEO,P65,POP,NDIP,P15,MED\n23031,5000,1000,200,900,21000\n",
			"d.csv, ligne 2, colonne « P65 », valeur « 5000 » : au plus le dénominateur « POP » (1000) attendu"},
		{"low diploma above its base", counts, "CODGEO,P65,POP,NDIP,P15,MED\n23031,300,1236,901,900,21000\n",
			"colonne « NDIP », valeur « 901 » : au plus le dénominateur « P15 » (900)"},
		{"percentage within", strings.Replace(rates, "%s", "100", 1), "CODGEO,TX65,POP\n23031,25.5,1236\n", ""},
		{"percentage above 100", strings.Replace(rates, "%s", "100", 1), "CODGEO,TX65,POP\n23031,250,1236\n",
			"colonne « TX65 », valeur « 250 » : taux d'au plus 100 attendu"},
		{"share above 1", strings.Replace(rates, "%s", "1", 1), "CODGEO,TX65,POP\n23031,1.2,1236\n", "taux d'au plus 1 attendu"},
		{"tiny echelle", strings.Replace(rates, "%s", "0.0000001", 1), "", "echelle 1e-07 invalide"},
		{"echelle 0", strings.Replace(rates, "%s", "0", 1), "", "echelle 0 invalide"},
		{"echelle -100", strings.Replace(rates, "%s", "-100", 1), "", "echelle -100 invalide"},
		{"echelle 1e9", strings.Replace(rates, "%s", "1e9", 1), "", "echelle 1e+09 invalide"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l, err := ParseLayout([]byte(tt.layout), "d.yaml")
			if err == nil {
				_, _, err = ReadIndicators(strings.NewReader(tt.csv), "d.csv", l, "2020")
			}
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(failure.MessageOf(err), tt.want)):
				t.Errorf("%v, want an error saying %q", err, tt.want)
			}
		})
	}
}

// People at risk never exceed the population: a diploma base larger than
// the age one could make them; the import counts those units.
func TestAtRiskCappedAtPopulation(t *testing.T) {
	l, err := ParseLayout([]byte(`
code: CODGEO
indicateurs:
  - cle: plus_65_ans
    numerateur: P65
    denominateur: POP
  - cle: peu_diplomes
    numerateur: NDIP
    denominateur: P15
personnes_a_risque:
  age: plus_65_ans
  diplome: peu_diplomes
`), "d.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// 600 + 900 × (3000 − 600) / 3000 = 1 320 for 1 000 inhabitants.
	table, st, err := ReadIndicators(strings.NewReader("CODGEO,P65,POP,NDIP,P15\n23031,600,1000,900,3000\n23032,100,1000,100,800\n"), "d.csv", l, "2020")
	if err != nil {
		t.Fatal(err)
	}
	if st.Capped != 1 {
		t.Errorf("%d units capped, want 1", st.Capped)
	}
	if n, pop, ok := table.AtRisk.Count(table.Units["23031"]); !ok || n != 1000 || pop != 1000 {
		t.Errorf("23031: %v at risk of %v (%v), want 1000 of 1000", n, pop, ok)
	}
	if n, _, _ := table.AtRisk.Count(table.Units["23032"]); n != 100+100*700.0/800 {
		t.Errorf("23032: %v at risk, want %v", n, 100+100*700.0/800)
	}
}

// A line longer than MaxLineBytes stops the reading, naming the file and
// the line (a cell of hundreds of MB was read whole into memory).
func TestDemandLineBound(t *testing.T) {
	huge := "CODGEO,SCORE,NOTE\n23031,97,x\n23032,98," + strings.Repeat("x", MaxLineBytes+1) + "\n"
	_, _, err := ReadIndex(strings.NewReader(huge), "i.csv", IndexLayout{Score: "SCORE"})
	if msg := failure.MessageOf(err); !strings.Contains(msg, "i.csv, ligne 3 : plus de 1 Mo sur une seule ligne : lecture arrêtée") {
		t.Errorf("%q", msg)
	}
	l, err := ParseLayout([]byte("code: CODGEO\nindicateurs:\n  - cle: a\n    numerateur: A\n    denominateur: B\n"), "d.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = ReadIndicators(strings.NewReader(strings.Repeat("x", MaxLineBytes+1)), "r.csv", l, "2020")
	if msg := failure.MessageOf(err); !strings.Contains(msg, "r.csv, ligne 1 : plus de 1 Mo sur une seule ligne") {
		t.Errorf("%q", msg)
	}
}
