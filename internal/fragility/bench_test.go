package fragility

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"maillage/internal/territory"
)

// BenchmarkNewModel: the demand of 35 000 communes from 50 000 IRIS with
// six indicators (the size of France), then every EPCI and département.
// go test -run '^$' -bench NewModel -benchmem ./internal/fragility
func BenchmarkNewModel(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	ref := &territory.Referential{}
	table := &Table{Level: LevelIRIS, Units: map[string]Unit{}, AtRisk: AtRiskSpec{Age: "k0", Diploma: "k1"}}
	for i := range 6 {
		table.Composite.Indicators = append(table.Composite.Indicators, Indicator{Key: fmt.Sprintf("k%d", i)})
	}
	table.Composite.Reference = RefDepartement
	for i := range 35000 {
		dep := fmt.Sprintf("%02d", 1+i%95)
		code := fmt.Sprintf("%s%03d", dep, i/95)
		ref.Communes = append(ref.Communes, territory.Commune{Code: code, Departement: dep, Region: "r" + dep[:1], EPCI: fmt.Sprintf("e%d", i/30), Population: 100 + rng.IntN(5000)})
		for j := range 1 + (i%7)/5 { // ~50 000 IRIS
			u := Unit{Code: fmt.Sprintf("%s%04d", code, j), Values: map[string]Sums{}}
			for _, ind := range table.Composite.Indicators {
				den := 100 + rng.Float64()*2000
				u.Values[ind.Key] = Sums{rng.Float64() * den, den}
			}
			table.Units[u.Code] = u
		}
	}
	ref.Index()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		m, err := NewModel(ref, nil, table)
		if err != nil {
			b.Fatal(err)
		}
		if len(m.EPCIs()) == 0 || len(m.Departements()) == 0 {
			b.Fatal("no areas")
		}
	}
}
