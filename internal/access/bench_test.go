package access

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"maillage/internal/place"
)

// franceLike generates nd communes and ns places over a box the size of
// metropolitan France (some 1 000 km × 1 000 km): communes spread
// uniformly, places half uniform and half around 200 towns (a normal
// spread of 8 km), as the registry's places gather in towns.
func franceLike(seed uint64, nd, ns int) ([]Demand, []Supply) {
	r := rand.New(rand.NewPCG(seed, 35))
	const lat0, lat1, lon0, lon1 = 42.5, 51, -4.5, 8
	d := make([]Demand, nd)
	for i := range d {
		pop := math.Floor(math.Exp(r.NormFloat64()*1.2 + 6.5))
		d[i] = Demand{Code: "c" + itoa(i), Lat: lat0 + r.Float64()*(lat1-lat0), Lon: lon0 + r.Float64()*(lon1-lon0),
			Population: pop, AtRisk: pop * 0.3}
	}
	towns := make([][2]float64, 200)
	for k := range towns {
		towns[k] = [2]float64{lat0 + r.Float64()*(lat1-lat0), lon0 + r.Float64()*(lon1-lon0)}
	}
	s := make([]Supply, ns)
	for j := range s {
		lat, lon := lat0+r.Float64()*(lat1-lat0), lon0+r.Float64()*(lon1-lon0)
		if j%2 == 0 {
			t := towns[r.IntN(len(towns))]
			lat = t[0] + r.NormFloat64()*8/111.2
			lon = t[1] + r.NormFloat64()*8/(111.2*math.Cos(t[0]*math.Pi/180))
		}
		s[j] = Supply{ID: "p" + itoa(j), Lat: lat, Lon: lon, Weight: 1}
	}
	return d, s
}

// BenchmarkE2SFCAFrance: E2SFCA for 35 000 communes against 100 000
// places, 30 km crow-fly catchment (target ≤ 2 s, ≤ 500 MB).
func BenchmarkE2SFCAFrance(b *testing.B) {
	d, s := franceLike(1, 35000, 100000)
	var pairs int
	if err := CrowFly().Within(context.Background(), d, s, 30, func(i, j int, c float64) { pairs++ }); err != nil {
		b.Fatal(err)
	}
	cpu := cpuSeconds()
	for b.Loop() {
		if _, err := Compute(context.Background(), Method{Kind: KindE2SFCA, Catchment: 30}, CrowFly(), d, s); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(pairs), "pairs")
}

// BenchmarkGreedyFrance: 20 new sites among the 35 000 communes, every
// commune unserved (the worst case: all of them are to cover), 30 km
// crow-fly catchment (target ≤ 5 s).
func BenchmarkGreedyFrance(b *testing.B) {
	d, _ := franceLike(2, 35000, 0)
	cpu := cpuSeconds()
	for b.Loop() {
		picks, err := Greedy(context.Background(), CrowFly(), d, d, 20, 30)
		if err != nil {
			b.Fatal(err)
		}
		if len(picks) != 20 {
			b.Fatalf("%d picks", len(picks))
		}
	}
	b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op")
}

// BenchmarkWeightHours: the weekly hours of one opening_hours value
// (parse and 84 days of evaluation); Offer.Supplies computes it once per
// distinct value and département.
func BenchmarkWeightHours(b *testing.B) {
	l := &place.Lieu{Horaires: "Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00; PH off", CodeINSEE: "69123"}
	cpu := cpuSeconds()
	for b.Loop() {
		if _, ok := Weight(l, WeightHours); !ok {
			b.Fatal("unknown")
		}
	}
	b.ReportMetric((cpuSeconds()-cpu)/float64(b.N)*1e6, "cpu-µs/op")
}
