package access

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"maillage/internal/failure"
)

// matrix is a cost given by a table, for the test vectors.
type matrix struct {
	cost  map[[2]string]float64 // demand code, supply id → cost
	calls int
}

func (m *matrix) Name() string { return "table" }
func (m *matrix) Unit() string { return UnitMin }
func (m *matrix) Within(ctx context.Context, d []Demand, s []Supply, max float64, fn func(i, j int, cost float64)) error {
	m.calls++
	for i := range d {
		for j := range s {
			if c, ok := m.cost[[2]string{d[i].Code, s[j].ID}]; ok && c <= max {
				fn(i, j, c)
			}
		}
	}
	return nil
}

// The test vectors of the reference notes on accessibility: three
// communes, two places, travel times in minutes, d₀ = 30.
func vectorInstance() (*matrix, []Demand, []Supply) {
	d := []Demand{
		{Code: "A", Population: 1000, AtRisk: 1000},
		{Code: "B", Population: 2000, AtRisk: 2000},
		{Code: "C", Population: 500, AtRisk: 500},
	}
	s := []Supply{{ID: "S1", Weight: 2}, {ID: "S2", Weight: 1}}
	m := &matrix{cost: map[[2]string]float64{
		{"A", "S1"}: 5, {"A", "S2"}: 25,
		{"B", "S1"}: 15, {"B", "S2"}: 12,
		{"C", "S1"}: 35, {"C", "S2"}: 8,
	}}
	return m, d, s
}

func TestComputeReferenceVectors(t *testing.T) {
	tests := []struct {
		name string
		m    Method
		want [3]float64 // A_A, A_B, A_C per 10 000
	}{
		{"2SFCA", Method{Kind: Kind2SFCA, Catchment: 30}, [3]float64{9.523810, 9.523810, 2.857143}},
		{"E2SFCA 1/0.68/0.22", Method{Kind: KindE2SFCA, Catchment: 30}, [3]float64{9.532269, 9.031943, 4.807692}},
		{"E2SFCA explicit zones", Method{Kind: KindE2SFCA, Zones: []Zone{{10, 1}, {20, 0.68}, {30, 0.22}}}, [3]float64{9.532269, 9.031943, 4.807692}},
		{"Gaussian d0=30", Method{Kind: KindGaussian, Catchment: 30}, [3]float64{9.248093, 9.393719, 3.928938}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cost, d, s := vectorInstance()
			res, err := Compute(context.Background(), tt.m, cost, d, s)
			if err != nil {
				t.Fatal(err)
			}
			if cost.calls != 1 {
				t.Errorf("a cost that is not offline was asked %d times, want once", cost.calls)
			}
			var sum float64
			for i, r := range res {
				if r.Code != d[i].Code {
					t.Errorf("result %d is %s, want %s", i, r.Code, d[i].Code)
				}
				if math.Abs(r.Accessibility-tt.want[i]) > 5e-6 {
					t.Errorf("A_%s = %.6f, want %.6f", r.Code, r.Accessibility, tt.want[i])
				}
				sum += d[i].AtRisk * r.Accessibility / PerPeople
			}
			if math.Abs(sum-3) > 1e-9 {
				t.Errorf("Σ P·A = %v places, want Σ S = 3", sum)
			}
			wantNear := []struct {
				id string
				c  float64
			}{{"S1", 5}, {"S2", 12}, {"S2", 8}}
			for i, r := range res {
				if !r.Served || r.NearestID != wantNear[i].id || r.NearestCost != wantNear[i].c {
					t.Errorf("%s: nearest %s at %v (served %v), want %s at %v", r.Code, r.NearestID, r.NearestCost, r.Served, wantNear[i].id, wantNear[i].c)
				}
			}
		})
	}
}

// The demand is the people at risk unless Method.Population says otherwise.
func TestComputeDemandChoice(t *testing.T) {
	cost, d, s := vectorInstance()
	for i := range d {
		d[i].AtRisk = d[i].Population / 10
	}
	res, err := Compute(context.Background(), Method{Kind: Kind2SFCA, Catchment: 30}, cost, d, s)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(res[0].Accessibility-95.238095) > 5e-6 {
		t.Errorf("per people at risk: A_A = %v, want 95.238095", res[0].Accessibility)
	}
	res, err = Compute(context.Background(), Method{Kind: Kind2SFCA, Catchment: 30, Population: true}, cost, d, s)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(res[0].Accessibility-9.523810) > 5e-6 {
		t.Errorf("per inhabitant: A_A = %v, want 9.523810", res[0].Accessibility)
	}
}

func TestWeights(t *testing.T) {
	// Computed in the reference notes for d₀ = 30.
	for _, tt := range []struct{ c, want float64 }{{0, 1}, {5, 0.965}, {15, 0.701}, {25, 0.254}, {30, 0}, {31, 0}} {
		if got := Gaussian(tt.c, 30); math.Abs(got-tt.want) > 5e-4 {
			t.Errorf("Gaussian(%v, 30) = %v, want %v", tt.c, got, tt.want)
		}
	}
	w, d0, err := Method{Kind: KindE2SFCA, Catchment: 30}.weight()
	if err != nil {
		t.Fatal(err)
	}
	if d0 != 30 {
		t.Errorf("catchment %v, want 30", d0)
	}
	for _, tt := range []struct{ c, want float64 }{{0, 1}, {10, 1}, {10.01, 0.68}, {20, 0.68}, {20.5, 0.22}, {30, 0.22}, {30.1, 0}} {
		if got := w(tt.c); got != tt.want {
			t.Errorf("E2SFCA weight at %v = %v, want %v", tt.c, got, tt.want)
		}
	}
	w, _, err = Method{Kind: KindE2SFCA, Zones: []Zone{{5, 1}, {15, 0.5}}}.weight()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ c, want float64 }{{5, 1}, {6, 0.5}, {15, 0.5}, {16, 0}} {
		if got := w(tt.c); got != tt.want {
			t.Errorf("configured E2SFCA weight at %v = %v, want %v", tt.c, got, tt.want)
		}
	}
}

func TestMethodErrors(t *testing.T) {
	for _, m := range []Method{
		{Kind: "3sfca", Catchment: 30},
		{Kind: Kind2SFCA},
		{Kind: KindGaussian, Catchment: math.Inf(1)},
		{Kind: Kind2SFCA, Catchment: math.NaN()},
		{Kind: KindE2SFCA, Zones: []Zone{{10, 1}, {10, 0.5}}},
		{Kind: KindE2SFCA, Zones: []Zone{{10, -1}}},
		{Kind: KindE2SFCA, Catchment: 20, Zones: []Zone{{10, 1}, {30, 0.5}}},
	} {
		err := m.Validate()
		if !errors.Is(err, failure.ErrInvalid) {
			t.Errorf("%+v: %v, want an invalid-input failure", m, err)
		}
	}
	cost, d, s := vectorInstance()
	s[0].Weight = math.NaN()
	if _, err := Compute(context.Background(), Method{Kind: Kind2SFCA, Catchment: 30}, cost, d, s); !errors.Is(err, failure.ErrInvalid) {
		t.Errorf("NaN supply weight: %v", err)
	}
	cost, d, s = vectorInstance()
	d[1].AtRisk = -1
	if _, err := Compute(context.Background(), Method{Kind: Kind2SFCA, Catchment: 30}, cost, d, s); !errors.Is(err, failure.ErrInvalid) {
		t.Errorf("negative demand: %v", err)
	}
}

// randomInstance scatters communes and places over a region the size of a
// few départements, with a seeded generator.
func randomInstance(r *rand.Rand, nd, ns int) ([]Demand, []Supply) {
	lat0, lon0 := 43+r.Float64()*5, -1+r.Float64()*6
	d := make([]Demand, nd)
	for i := range d {
		pop := float64(1 + r.IntN(5000))
		d[i] = Demand{Code: string(rune('a'+i%26)) + itoa(i), Lat: lat0 + r.Float64(), Lon: lon0 + r.Float64()*1.4,
			Population: pop, AtRisk: pop * r.Float64()}
	}
	s := make([]Supply, ns)
	for j := range s {
		s[j] = Supply{ID: "s" + itoa(j), Lat: lat0 + r.Float64(), Lon: lon0 + r.Float64()*1.4, Weight: float64(1 + r.IntN(40))}
	}
	return d, s
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

// The supply-conservation invariant: Σ P·A = 10 000·Σ S over the places
// that have demand within reach, for every method and cost, on seeded
// random instances.
func TestSupplyConservation(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 40; seed++ {
		r := rand.New(rand.NewPCG(seed, 9))
		d, s := randomInstance(r, 5+r.IntN(200), 1+r.IntN(60))
		// A third of the places lie in a commune, near or far from its
		// centre: a pair of cost 0 whatever the distance.
		for j := range s {
			if j%3 == 0 {
				s[j].Commune = d[r.IntN(len(d))].Code
			}
		}
		costs := []struct {
			cost Cost
			max  float64
		}{{CrowFly(), 5 + r.Float64()*30}, {Detour(1.3, 50), 10 + r.Float64()*30}}
		for _, c := range costs {
			for _, m := range []Method{
				{Kind: Kind2SFCA, Catchment: c.max},
				{Kind: KindE2SFCA, Catchment: c.max},
				{Kind: KindGaussian, Catchment: c.max},
			} {
				res, err := Compute(ctx, m, c.cost, d, s)
				if err != nil {
					t.Fatal(err)
				}
				// The oracle: which places have demand within reach, by
				// brute force over every pair.
				w, _, err := m.weight()
				if err != nil {
					t.Fatal(err)
				}
				var supply float64
				for _, x := range s {
					reached := false
					for _, y := range d {
						if cst := bruteCost(c.cost, y, x); cst <= c.max && w(cst)*y.AtRisk > 0 {
							reached = true
						}
					}
					if reached {
						supply += x.Weight
					}
				}
				var got float64
				for i, x := range res {
					got += d[i].AtRisk * x.Accessibility / PerPeople
				}
				if math.Abs(got-supply) > 1e-9*math.Max(1, supply) {
					t.Errorf("seed %d, %s %s ≤ %v: Σ P·A = %v, want Σ S = %v", seed, m.Kind, c.cost.Name(), c.max, got, supply)
				}
			}
		}
	}
}

// bruteCost is the cost of a pair computed from territory's haversine.
func bruteCost(c Cost, d Demand, s Supply) float64 {
	if s.Commune != "" && s.Commune == d.Code {
		return 0
	}
	km := haversine(d.Lat, d.Lon, s.Lat, s.Lon)
	if t, ok := c.(detour); ok {
		return km * t.factor / t.kmh * 60
	}
	return km
}

// opaque hides that a cost is offline, so that Compute takes the path of
// routing costs: one enumeration, pairs kept, one goroutine.
type opaque struct{ Cost }

// On an instance large enough to be split between the cores, the offline
// path (two walks, in parallel) gives what the one-enumeration path gives.
func TestComputeParallelMatchesSerial(t *testing.T) {
	d, s := franceLike(3, 6000, 9000)
	for j := range s {
		if j%5 == 0 {
			s[j].Commune = d[(j*7919)%len(d)].Code // anywhere in France
		}
	}
	for _, m := range []Method{{Kind: KindE2SFCA, Catchment: 25}, {Kind: KindGaussian, Catchment: 25}} {
		got, err := Compute(context.Background(), m, CrowFly(), d, s)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Compute(context.Background(), m, opaque{CrowFly()}, d, s)
		if err != nil {
			t.Fatal(err)
		}
		for i := range got {
			g, w := got[i], want[i]
			if math.Abs(g.Accessibility-w.Accessibility) > 1e-9*math.Max(1, w.Accessibility) || g.Served != w.Served ||
				(w.Served && (g.NearestID != w.NearestID || g.NearestCost != w.NearestCost)) {
				t.Fatalf("%s %s: %+v, want %+v", m.Kind, d[i].Code, g, w)
			}
		}
	}
}

// A place serves the commune it lies in, however far the commune's
// centre (the centroid of its area) is: their cost is 0 in both steps,
// for the nearest place and the flags, offline or routed (review 9,
// adversary, M4: Saint-Laurent-du-Maroni's places 43 km from its centre).
func TestOwnCommuneServes(t *testing.T) {
	d := []Demand{
		{Code: "97311", Lat: 5.0, Lon: -54.0, Population: 45000, AtRisk: 30000}, // its places 43 km away
		{Code: "97312", Lat: 5.6, Lon: -54.0, Population: 1000, AtRisk: 600},    // 23 km from them: no place of its own
	}
	s := []Supply{
		{ID: "fs", Lat: 5.39, Lon: -54.0, Weight: 1, Commune: "97311"},
		{ID: "epn", Lat: 5.39, Lon: -54.01, Weight: 1, Commune: "97311"},
	}
	for _, c := range []Cost{CrowFly(), opaque{CrowFly()}} {
		for _, kind := range []string{Kind2SFCA, KindE2SFCA, KindGaussian} {
			res, err := Compute(context.Background(), Method{Kind: kind, Catchment: 10}, c, d, s)
			if err != nil {
				t.Fatal(err)
			}
			own, other := res[0], res[1]
			if !own.Served || own.NearestCost != 0 || own.NearestID != "fs" {
				t.Errorf("%s %T: the commune of its places: %+v, want served at 0 by fs", kind, c, own)
			}
			// Its 30 000 people at risk share the 2 places: 2 / 30 000.
			if want := 2.0 / 30000 * PerPeople; math.Abs(own.Accessibility-want) > 1e-9 {
				t.Errorf("%s %T: accessibility %v, want %v", kind, c, own.Accessibility, want)
			}
			if other.Served || other.Accessibility != 0 {
				t.Errorf("%s %T: the commune without a place, 23 km away: %+v", kind, c, other)
			}
		}
	}
	near, err := Nearest(context.Background(), CrowFly(), d, s, math.Inf(1))
	if err != nil {
		t.Fatal(err)
	}
	if near[0].Cost != 0 || near[0].ID != "fs" || !(near[1].Cost > 20) {
		t.Errorf("nearest: %+v", near)
	}
}
