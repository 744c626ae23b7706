package territory

import (
	"math"
	"math/rand/v2"
	"testing"
)

// benchQPV makes n QPV-like zones around 300 towns of metropolitan
// France: irregular rings of 145 vertices (the 2024 list averages 146),
// 300 to 900 m across, a few with a hole; and the points of m places, 60 %
// in those towns (within 5 km of their centre), 40 % anywhere.
func benchQPV(n, m int) (*Referential, []Point) {
	rng := rand.New(rand.NewPCG(9, 2024))
	towns := make([]Point, 300)
	for i := range towns {
		towns[i] = Point{Lat: 43 + 7*rng.Float64(), Lon: -1 + 8*rng.Float64()}
	}
	ring := func(c Point, r float64, k int) Ring {
		out := make(Ring, 0, k+1)
		cos := math.Cos(c.Lat * math.Pi / 180)
		for j := 0; j < k; j++ {
			a := 2 * math.Pi * float64(j) / float64(k)
			d := r * (0.7 + 0.3*rng.Float64()) / kmPerDegree
			out = append(out, Point{Lat: c.Lat + d*math.Sin(a), Lon: c.Lon + d*math.Cos(a)/cos})
		}
		return append(out, out[0])
	}
	l := &Layer{Kind: LayerQPV}
	for i := 0; i < n; i++ {
		t := towns[rng.IntN(len(towns))]
		c := Point{Lat: t.Lat + (rng.Float64()-0.5)*0.06, Lon: t.Lon + (rng.Float64()-0.5)*0.08}
		p := Polygon{ring(c, 0.3+0.6*rng.Float64(), 145)}
		if i%20 == 0 {
			p = append(p, ring(c, 0.08, 12))
		}
		l.Zones = append(l.Zones, Zone{Code: "QN" + string(rune('A'+i%26)) + string(rune('A'+i/26%26)) + string(rune('A'+i/676)), Polygons: []Polygon{p}})
	}
	ref := &Referential{}
	ref.SetLayer(l)
	pts := make([]Point, m)
	for i := range pts {
		if rng.Float64() < 0.6 {
			t := towns[rng.IntN(len(towns))]
			pts[i] = Point{Lat: t.Lat + (rng.Float64()-0.5)*0.09, Lon: t.Lon + (rng.Float64()-0.5)*0.13}
		} else {
			pts[i] = Point{Lat: 43 + 7*rng.Float64(), Lon: -1 + 8*rng.Float64()}
		}
	}
	return ref, pts
}

// BenchmarkAttachQPV attaches 100 000 places to 1 600 QPV (in, or within
// 300 m): one op is all 100 000.
func BenchmarkAttachQPV(b *testing.B) {
	ref, pts := benchQPV(1600, 100_000)
	in, near := 0, 0
	for b.Loop() {
		in, near = 0, 0
		for _, p := range pts {
			z, nz := ref.QPVAt(p.Lat, p.Lon)
			if z != nil {
				in++
			} else if len(nz) > 0 {
				near++
			}
		}
	}
	b.ReportMetric(float64(in), "in")
	b.ReportMetric(float64(near), "near")
}

// BenchmarkIndexQPV builds the grid of 1 600 QPV.
func BenchmarkIndexQPV(b *testing.B) {
	ref, _ := benchQPV(1600, 0)
	zones := ref.QPV.Zones
	for b.Loop() {
		l := &Layer{Kind: LayerQPV, Zones: zones}
		l.indexed()
	}
}
