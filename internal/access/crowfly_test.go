package access

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"maillage/internal/failure"
	"maillage/internal/territory"
)

// haversine is the oracle of distances: territory's great-circle distance.
func haversine(lat1, lon1, lat2, lon2 float64) float64 {
	return territory.DistanceKm(lat1, lon1, lat2, lon2)
}

// scatter draws points around a few centres, some of them hard for an
// index: near a pole, astride the antimeridian, on the equator.
func scatter(r *rand.Rand, n int, spread float64) ([]Demand, []Supply) {
	centres := [][2]float64{{46.5, 2.5}, {-21.1, 55.5}, {89.8, 0}, {-89.9, 120}, {-13.3, 179.9}, {-13.3, -179.95}, {0, 0}, {16.2, -61.5}}
	pt := func() (float64, float64) {
		c := centres[r.IntN(len(centres))]
		lat := math.Max(-90, math.Min(90, c[0]+(r.Float64()-0.5)*spread))
		lon := c[1] + (r.Float64()-0.5)*spread
		if lon > 180 {
			lon -= 360
		}
		if lon < -180 {
			lon += 360
		}
		return lat, lon
	}
	d := make([]Demand, n)
	for i := range d {
		lat, lon := pt()
		d[i] = Demand{Code: "d" + itoa(i), Lat: lat, Lon: lon, Population: 1, AtRisk: 1}
	}
	s := make([]Supply, n)
	for j := range s {
		lat, lon := pt()
		s[j] = Supply{ID: "s" + itoa(j), Lat: lat, Lon: lon, Weight: 1}
	}
	return d, s
}

func TestCrowFlyWithinMatchesBruteForce(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 30; seed++ {
		r := rand.New(rand.NewPCG(seed, 1))
		d, s := scatter(r, 150, []float64{0.2, 1, 4}[seed%3])
		max := []float64{0.5, 3, 10, 30, 120, 25000}[seed%6]
		got := map[[2]int]float64{}
		err := CrowFly().Within(ctx, d, s, max, func(i, j int, c float64) {
			if _, dup := got[[2]int{i, j}]; dup {
				t.Errorf("pair (%d, %d) given twice", i, j)
			}
			got[[2]int{i, j}] = c
		})
		if err != nil {
			t.Fatal(err)
		}
		for i := range d {
			for j := range s {
				want := haversine(d[i].Lat, d[i].Lon, s[j].Lat, s[j].Lon)
				c, ok := got[[2]int{i, j}]
				switch {
				case ok && math.Abs(c-want) > 1e-9*math.Max(1, want):
					t.Errorf("seed %d: distance (%d, %d) = %v, want %v", seed, i, j, c, want)
				case ok && c > max:
					t.Errorf("seed %d: pair (%d, %d) at %v beyond %v", seed, i, j, c, max)
				case !ok && want <= max*(1-1e-12):
					t.Errorf("seed %d, max %v: pair (%d, %d) at %v km missing (%v,%v → %v,%v)", seed, max, i, j, want, d[i].Lat, d[i].Lon, s[j].Lat, s[j].Lon)
				}
			}
		}
	}
}

func TestDetour(t *testing.T) {
	ctx := context.Background()
	d := []Demand{{Code: "69123", Lat: 45.7578, Lon: 4.8320}}
	s := []Supply{{ID: "near", Lat: 45.7640, Lon: 4.8357}, {ID: "far", Lat: 45.1885, Lon: 5.7245}}
	km := haversine(d[0].Lat, d[0].Lon, s[1].Lat, s[1].Lon)
	want := km * 1.3 / 60 * 60 // minutes at 60 km/h
	var got []float64
	err := Detour(1.3, 60).Within(ctx, d, s, 200, func(i, j int, c float64) { got = append(got, c) })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%d pairs, want 2", len(got))
	}
	found := false
	for _, c := range got {
		found = found || math.Abs(c-want) < 1e-9
	}
	if !found {
		t.Errorf("costs %v, want one of %v min", got, want)
	}
	// A threshold in minutes selects by time: the far place is some 130 min away.
	n := 0
	if err := Detour(1.3, 60).Within(ctx, d, s, 60, func(i, j int, c float64) { n++ }); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("%d pairs within 60 min, want 1", n)
	}
	for _, c := range []Cost{Detour(0.9, 50), Detour(1.3, 0), Detour(math.NaN(), 50), Detour(1.3, math.Inf(1))} {
		err := c.Within(ctx, d, s, 30, func(i, j int, c float64) {})
		if !errors.Is(err, failure.ErrInvalid) {
			t.Errorf("%+v: %v, want an invalid-input failure", c, err)
		}
	}
	if CrowFly().Unit() != UnitKm || Detour(1.3, 50).Unit() != UnitMin || CrowFly().Name() != NameCrowFly || Detour(1, 1).Name() != NameDetour {
		t.Error("names or units")
	}
}

func TestWithinRefusesBadInput(t *testing.T) {
	ctx := context.Background()
	good := []Demand{{Code: "01001", Lat: 46, Lon: 5}}
	sup := []Supply{{ID: "x", Lat: 46, Lon: 5}}
	for _, tt := range []struct {
		d   []Demand
		s   []Supply
		max float64
	}{
		{[]Demand{{Code: "01001", Lat: 91, Lon: 5}}, sup, 10},
		{good, []Supply{{ID: "x", Lat: math.NaN(), Lon: 5}}, 10},
		{good, []Supply{{ID: "x", Lat: 46, Lon: 200}}, 10},
		{good, sup, -1},
		{good, sup, math.NaN()},
	} {
		err := CrowFly().Within(ctx, tt.d, tt.s, tt.max, func(i, j int, c float64) {})
		if !errors.Is(err, failure.ErrInvalid) {
			t.Errorf("%+v %+v %v: %v, want an invalid-input failure", tt.d, tt.s, tt.max, err)
		}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := CrowFly().Within(cancelled, good, sup, 10, func(i, j int, c float64) {}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestNearestMatchesBruteForce(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 20; seed++ {
		r := rand.New(rand.NewPCG(seed, 2))
		d, s := scatter(r, 120, 6)
		s = s[:1+r.IntN(40)]
		for _, max := range []float64{math.Inf(1), 50} {
			got, err := Nearest(ctx, CrowFly(), d, s, max)
			if err != nil {
				t.Fatal(err)
			}
			for i := range d {
				best, bestKm := -1, math.Inf(1)
				for j := range s {
					if km := haversine(d[i].Lat, d[i].Lon, s[j].Lat, s[j].Lon); km < bestKm && km <= max {
						best, bestKm = j, km
					}
				}
				// Points at the same distance (up to rounding) are equally near.
				tie := func(j int) bool {
					km := haversine(d[i].Lat, d[i].Lon, s[j].Lat, s[j].Lon)
					return math.Abs(km-bestKm) <= 1e-9*math.Max(1, bestKm)
				}
				if (got[i].Index < 0) != (best < 0) || (best >= 0 && (!tie(got[i].Index) || got[i].ID != s[got[i].Index].ID || math.Abs(got[i].Cost-bestKm) > 1e-9*math.Max(1, bestKm))) {
					t.Errorf("seed %d, max %v, %s: nearest %+v, want %d at %v", seed, max, d[i].Code, got[i], best, bestKm)
				}
				if best < 0 && !math.IsInf(got[i].Cost, 1) {
					t.Errorf("seed %d: no place within %v, cost %v", seed, max, got[i].Cost)
				}
			}
		}
	}
	if _, err := Nearest(ctx, &matrix{}, nil, nil, math.Inf(1)); !errors.Is(err, failure.ErrInvalid) {
		t.Errorf("a routing cost without a bound: %v", err)
	}
	got, err := Nearest(ctx, CrowFly(), []Demand{{Code: "x"}}, nil, math.Inf(1))
	if err != nil || got[0].Index != -1 || !math.IsInf(got[0].Cost, 1) {
		t.Errorf("no place at all: %+v %v", got, err)
	}
}

// Compute finds the nearest place of a commune outside every catchment
// with the offline costs, at its true distance.
func TestComputeNearestBeyondCatchment(t *testing.T) {
	d := []Demand{{Code: "in", Lat: 45, Lon: 5, AtRisk: 10}, {Code: "out", Lat: 47, Lon: 5, AtRisk: 10}}
	s := []Supply{{ID: "p", Lat: 45.01, Lon: 5, Weight: 1}}
	for _, c := range []Cost{CrowFly(), Detour(1.2, 60)} {
		res, err := Compute(context.Background(), Method{Kind: Kind2SFCA, Catchment: 30}, c, d, s)
		if err != nil {
			t.Fatal(err)
		}
		want := bruteCost(c, d[1], s[0])
		if res[1].Served || res[1].NearestID != "p" || math.Abs(res[1].NearestCost-want) > 1e-9 || res[1].Accessibility != 0 {
			t.Errorf("%s: unserved commune %+v, want nearest p at %v", c.Name(), res[1], want)
		}
		if !res[0].Served || res[0].Accessibility != 1000 {
			t.Errorf("%s: served commune %+v, want 1 place for 10 people = 1000 per 10 000", c.Name(), res[0])
		}
	}
}

func TestChordKm(t *testing.T) {
	// The series and math.Asin agree where they meet, and with haversine.
	for _, km := range []float64{0, 1e-6, 0.5, 30, 300, 636, 637.2, 640, 5000, 20015} {
		θ := km / EarthKm
		c := 2 * math.Sin(θ/2)
		if got := chordKm(c * c); math.Abs(got-km) > 1e-9*math.Max(1, km) {
			t.Errorf("chordKm for %v km = %v", km, got)
		}
	}
}
