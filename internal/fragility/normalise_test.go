package fragility

import (
	"math"
	"math/rand/v2"
	"testing"

	"maillage/internal/territory"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// The worked example of the 2020 IFN (IRIS 010980000, Chazey-Bons,
// reference département 01): the values, the references and the
// coefficients of the reference notes (DIAGNOSTIC.md §1.2).
var chazey = []struct {
	key              string
	value, ref, cm   float64
	publishedInverse bool // the 2020 export did not invert the income
}{
	{"familles_monoparentales", 0.088235294, 0.126026249, 70.013425506, false},
	{"menages_une_personne", 0.268817204, 0.310894116, 86.465838388, false},
	{"peu_diplomes", 0.291319857, 0.275833134, 105.614526278, false},
	{"jeunes_15_29", 0.145979021, 0.163018218, 89.547673040, false},
	{"plus_65_ans", 0.196678322, 0.169927368, 115.742581227, false},
	{"revenu_median", 19958.947, 22020.476, 90.638127876, true},
}

func TestRatioWorkedExample2020(t *testing.T) {
	sum := 0.0
	for _, c := range chazey {
		got := Ratio(c.value, c.ref, 1)
		// The notes give 9 decimals of each input: the coefficients agree
		// to about 1e-7.
		if !near(got, c.cm, 1e-6) {
			t.Errorf("%s: CM %.9f, want %.9f", c.key, got, c.cm)
		}
		sum += got
	}
	if !near(sum/6, 93.003695386, 1e-6) {
		t.Errorf("score %.9f, want 93.003695386", sum/6)
	}
	// Inverted, the income term is reference / value.
	if got := Ratio(19958.947, 22020.476, -1); !near(got, 110.328846507, 1e-6) {
		t.Errorf("inverted income %.9f, want 110.328846507", got)
	}
}

// chazeyReferential: Chazey-Bons and another commune in département 01,
// and a commune of département 02 whose values differ wildly, so that a
// score against France is not the score against the département.
func chazeyReferential() *territory.Referential {
	return (&territory.Referential{
		Communes: []territory.Commune{
			{Code: "01098", Nom: "Chazey-Bons", Departement: "01", Region: "84", EPCI: "200040350", Population: 700},
			{Code: "01001", Nom: "L'Abergement-Clémenciat", Departement: "01", Region: "84", EPCI: "200069193", Population: 800},
			{Code: "02001", Nom: "Abbécourt", Departement: "02", Region: "32", EPCI: "200071991", Population: 500},
		},
		Departements: []territory.Departement{{Code: "01", Nom: "Ain", Region: "84"}, {Code: "02", Nom: "Aisne", Region: "32"}},
		Regions:      []territory.Region{{Code: "84", Nom: "Auvergne-Rhône-Alpes"}, {Code: "32", Nom: "Hauts-de-France"}},
	}).Index()
}

// chazeyTable builds units whose département-01 sums give exactly the
// references of the notes: Chazey-Bons with its values, the rest of the
// département making up the difference.
func chazeyTable(incomeDirection int) *Table {
	units := map[string]Unit{"010980000": {Code: "010980000", Values: map[string]Sums{}}, "010010000": {Code: "010010000", Values: map[string]Sums{}},
		"020010000": {Code: "020010000", Values: map[string]Sums{}}}
	var inds []Indicator
	const d1, d2 = 1000.0, 9000.0
	for _, c := range chazey {
		dir := 1
		if c.publishedInverse {
			dir = incomeDirection
		}
		inds = append(inds, Indicator{Key: c.key, Direction: dir})
		units["010980000"].Values[c.key] = Sums{c.value * d1, d1}
		units["010010000"].Values[c.key] = Sums{c.ref*(d1+d2) - c.value*d1, d2}
		units["020010000"].Values[c.key] = Sums{c.value * 3 * 50000, 50000}
	}
	return &Table{Level: LevelIRIS, Vintage: "2016", Units: units,
		Composite: Composite{Indicators: inds, Normalisation: NormRatio, Reference: RefDepartement}}
}

// TestCompositeWorkedExample2020: the whole pipeline, references as ratios
// of the département's sums, gives the published score when the income is
// not inverted, and the documented one (income inverted) by default.
func TestCompositeWorkedExample2020(t *testing.T) {
	for _, tt := range []struct {
		name      string
		direction int
		want      float64
	}{
		{"published (income not inverted)", 1, 93.003695386},
		// (70.013425506 + 86.465838388 + 105.614526278 + 89.547673040 +
		// 115.742581227 + 110.328846507) / 6
		{"income inverted", -1, 96.285481824},
	} {
		t.Run(tt.name, func(t *testing.T) {
			table := chazeyTable(tt.direction)
			m, err := NewModel(chazeyReferential(), nil, table)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range chazey {
				if got := m.scorer.Reference("departement:01", c.key); !near(got, c.ref, 1e-9*c.ref) {
					t.Errorf("reference of %s: %.9f, want %.9f", c.key, got, c.ref)
				}
			}
			d, ok := m.Commune("01098")
			if !ok {
				t.Fatal("no demand for 01098")
			}
			if !d.HasIndex || !near(d.Fragility, tt.want, 1e-6) {
				t.Errorf("fragility %.9f (has %v), want %.9f", d.Fragility, d.HasIndex, tt.want)
			}
		})
	}
}

// TestAggregatesFromSums: an EPCI's score is recomputed from its
// communes' summed numerators and denominators, which differs from the
// mean of their scores; its people at risk are the sum of theirs.
func TestAggregatesFromSums(t *testing.T) {
	ref := (&territory.Referential{
		Communes: []territory.Commune{
			{Code: "31001", Departement: "31", Region: "76", EPCI: "E1", Population: 200},
			{Code: "31002", Departement: "31", Region: "76", EPCI: "E1", Population: 1000},
			{Code: "31003", Departement: "31", Region: "76", EPCI: "E2", Population: 1000},
		},
	}).Index()
	table := &Table{Level: LevelCommune, Units: map[string]Unit{
		"31001": {Values: map[string]Sums{"plus_65_ans": {10, 100}}},
		"31002": {Values: map[string]Sums{"plus_65_ans": {300, 1000}}},
		"31003": {Values: map[string]Sums{"plus_65_ans": {100, 1000}}},
	}, Composite: Composite{Indicators: []Indicator{{Key: "plus_65_ans"}}, Normalisation: NormRatio, Reference: RefFrance},
		AtRisk: AtRiskSpec{Age: "plus_65_ans"}}
	m, err := NewModel(ref, nil, table)
	if err != nil {
		t.Fatal(err)
	}
	e1 := m.EPCIs()["E1"]
	france := 410.0 / 2100
	if want := 100 * (310.0 / 1100) / france; !near(e1.Fragility, want, 1e-9) {
		t.Errorf("E1 fragility %v, want %v from the sums", e1.Fragility, want)
	}
	if averaged := (100*0.1/france + 100*0.3/france) / 2; near(e1.Fragility, averaged, 1) {
		t.Errorf("E1 fragility %v is the mean of the communes' scores", e1.Fragility)
	}
	// People at risk: the data's share applied to the referential's
	// population (10 % of 200, 30 % of 1000), then summed.
	if e1.AtRisk != 20+300 || e1.Population != 1200 || e1.Communes != 2 {
		t.Errorf("E1 %+v", e1)
	}
	if f := m.France(); f.AtRisk != 420 || f.Population != 2200 || !near(f.Fragility, 100*(410.0/2100)/france, 1e-9) {
		t.Errorf("France %+v", f)
	}
	if d := m.Departements()["31"]; d.AtRisk != 420 {
		t.Errorf("31 %+v", d)
	}
	// Z-scores and deciles too: the EPCI's value from its sums, on the
	// scale of the communes' values (0.1, 0.3, 0.1).
	mean, sd := 0.5/3, math.Sqrt((2*(0.1-0.5/3)*(0.1-0.5/3)+(0.3-0.5/3)*(0.3-0.5/3))/3)
	for _, tt := range []struct {
		norm string
		want float64
	}{
		{NormZScore, (310.0/1100 - mean) / sd},
		// Cuts: the values at ranks ⌈k·3/10⌉ of 0.1, 0.1, 0.3: six cuts at
		// 0.1 (k = 1…6), three at 0.3; 0.2818 exceeds the six.
		{NormDeciles, 7},
	} {
		table.Composite.Normalisation = tt.norm
		m, err := NewModel(ref, nil, table)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.EPCIs()["E1"].Fragility; !near(got, tt.want, 1e-9) {
			t.Errorf("%s: E1 %v, want %v", tt.norm, got, tt.want)
		}
	}
}

// TestDecilesProperties: deciles go 1 to 10, a tenth of distinct values
// each, in the order of the values; direction −1 reverses them.
func TestDecilesProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{10, 97, 1000, 4321} {
		values := make([]float64, n)
		for i := range values {
			values[i] = rng.Float64()*100 + float64(i)*1e-9 // distinct
		}
		cuts := DecileCuts(values)
		count := map[float64]int{}
		for _, v := range values {
			d := Decile(v, cuts, 1)
			if d < 1 || d > 10 {
				t.Fatalf("n=%d: decile %v", n, d)
			}
			if r := Decile(v, cuts, -1); r != 11-d {
				t.Fatalf("n=%d: reversed %v for %v", n, r, d)
			}
			count[d]++
			for _, w := range values[:min(50, n)] {
				if w < v && Decile(w, cuts, 1) > d {
					t.Fatalf("n=%d: %v < %v but decile %v > %v", n, w, v, Decile(w, cuts, 1), d)
				}
			}
		}
		for d := 1.0; d <= 10; d++ {
			if c := count[d]; c < n/10-1 || c > n/10+1 {
				t.Errorf("n=%d: decile %v has %d values, want about %d", n, d, c, n/10)
			}
		}
	}
	// All equal: one decile, no division by zero.
	cuts := DecileCuts([]float64{5, 5, 5, 5})
	if d := Decile(5, cuts, 1); d != 1 {
		t.Errorf("ties: decile %v", d)
	}
	if d := Decile(1, nil, 1); !math.IsNaN(d) {
		t.Errorf("no cuts: %v", d)
	}
}

// TestZScoreProperties: over the units, the z-scores of one indicator
// have mean 0 and standard deviation 1; direction −1 negates them; a
// constant indicator has none.
func TestZScoreProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	values := make([]float64, 500)
	for i := range values {
		values[i] = rng.NormFloat64()*7 + 40
	}
	mean, sd := MeanSD(values)
	var zs []float64
	for _, v := range values {
		z := ZScore(v, mean, sd, 1)
		if ZScore(v, mean, sd, -1) != -z {
			t.Fatal("direction −1 does not negate")
		}
		zs = append(zs, z)
	}
	zm, zsd := MeanSD(zs)
	if !near(zm, 0, 1e-12) || !near(zsd, 1, 1e-12) {
		t.Errorf("z mean %v sd %v", zm, zsd)
	}
	if z := ZScore(3, 3, 0, 1); !math.IsNaN(z) {
		t.Errorf("sd 0: %v", z)
	}
}

// TestScoreWeightsAndDirections: table tests of one unit's composite.
func TestScoreWeightsAndDirections(t *testing.T) {
	units := map[string]Unit{
		"a": {Values: map[string]Sums{"x": {1, 10}, "y": {20000, 1}}},
		"b": {Values: map[string]Sums{"x": {3, 10}, "y": {10000, 1}}},
	}
	// France: x = 4/20 = 0.2, y = 30000/2 = 15000.
	for _, tt := range []struct {
		name string
		inds []Indicator
		code string
		want float64
	}{
		{"equal weights", []Indicator{{Key: "x", Direction: 1, Weight: 1}, {Key: "y", Direction: 1, Weight: 1}}, "a", (50 + 100*20000.0/15000) / 2},
		{"inverted income", []Indicator{{Key: "x", Direction: 1, Weight: 1}, {Key: "y", Direction: -1, Weight: 1}}, "a", (50 + 100*15000.0/20000) / 2},
		{"weights 3:1", []Indicator{{Key: "x", Direction: 1, Weight: 3}, {Key: "y", Direction: -1, Weight: 1}}, "b", (3*150 + 100*15000.0/10000) / 4},
		{"missing term left out", []Indicator{{Key: "x", Direction: 1, Weight: 1}, {Key: "z", Direction: 1, Weight: 1}}, "b", 150},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := Composite{Indicators: tt.inds, Normalisation: NormRatio, Reference: RefFrance}
			if err := c.Check(); err != nil {
				t.Fatal(err)
			}
			s := NewScorer(c, units, nil)
			if got := s.Score(units[tt.code], ""); !near(got, tt.want, 1e-9) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	c := Composite{Indicators: []Indicator{{Key: "z"}}}
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	if got := NewScorer(c, units, nil).Score(units["a"], ""); !math.IsNaN(got) {
		t.Errorf("no term: %v", got)
	}
}

func TestCompositeCheck(t *testing.T) {
	for _, tt := range []struct {
		name string
		c    Composite
		ok   bool
	}{
		{"defaults", Composite{Indicators: []Indicator{{Key: "a"}}}, true},
		{"unknown normalisation", Composite{Normalisation: "rang", Indicators: []Indicator{{Key: "a"}}}, false},
		{"unknown reference", Composite{Reference: "canton", Indicators: []Indicator{{Key: "a"}}}, false},
		{"no indicator: people at risk only", Composite{}, true},
		{"twice", Composite{Indicators: []Indicator{{Key: "a"}, {Key: "a"}}}, false},
		{"direction 2", Composite{Indicators: []Indicator{{Key: "a", Direction: 2}}}, false},
		{"negative weight", Composite{Indicators: []Indicator{{Key: "a", Weight: -1}}}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.c.Check()
			if (err == nil) != tt.ok {
				t.Fatalf("err %v", err)
			}
			if tt.ok && len(tt.c.Indicators) > 0 && (tt.c.Normalisation != NormRatio || tt.c.Reference != RefDepartement || tt.c.Indicators[0].Weight != 1 || tt.c.Indicators[0].Direction != 1) {
				t.Errorf("defaults %+v", tt.c)
			}
		})
	}
}
