package access

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"maillage/internal/failure"
)

// coverSets is the oracle's view of an instance: which demand points each
// candidate covers, by brute force over every pair with territory's
// distance.
func coverSets(d, cand []Demand, km float64) [][]bool {
	sets := make([][]bool, len(cand))
	for j, c := range cand {
		sets[j] = make([]bool, len(d))
		for i, x := range d {
			sets[j][i] = haversine(x.Lat, x.Lon, c.Lat, c.Lon) <= km
		}
	}
	return sets
}

func coverage(d []Demand, sets [][]bool, chosen []int) float64 {
	var sum float64
	for i := range d {
		for _, j := range chosen {
			if sets[j][i] {
				sum += d[i].AtRisk
				break
			}
		}
	}
	return sum
}

// best is the optimum of maximum coverage, by trying every choice of k
// candidates.
func best(d []Demand, sets [][]bool, k int) float64 {
	var opt float64
	var rec func(from int, chosen []int)
	rec = func(from int, chosen []int) {
		if len(chosen) == k || from == len(sets) {
			opt = math.Max(opt, coverage(d, sets, chosen))
			return
		}
		for j := from; j < len(sets); j++ {
			rec(j+1, append(chosen, j))
		}
	}
	rec(0, nil)
	return opt
}

// plainGreedy recomputes every gain in every round.
func plainGreedy(d []Demand, sets [][]bool, k int) []int {
	covered := make([]bool, len(d))
	var picks []int
	for len(picks) < k {
		bj, bg := -1, 0.0
		for j := range sets {
			var g float64
			for i := range d {
				if sets[j][i] && !covered[i] {
					g += d[i].AtRisk
				}
			}
			if g > bg {
				bj, bg = j, g
			}
		}
		if bj < 0 {
			break
		}
		for i := range d {
			covered[i] = covered[i] || sets[bj][i]
		}
		picks = append(picks, bj)
	}
	return picks
}

func TestGreedyAgainstBruteForce(t *testing.T) {
	ctx := context.Background()
	worst := 1.0
	for seed := uint64(1); seed <= 150; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		nd, nc, k := 4+r.IntN(14), 2+r.IntN(9), 1+r.IntN(4)
		lat0, lon0 := 44+r.Float64()*4, r.Float64()*5
		d := make([]Demand, nd)
		for i := range d {
			d[i] = Demand{Code: "d" + itoa(i), Lat: lat0 + r.Float64()*0.5, Lon: lon0 + r.Float64()*0.7, AtRisk: float64(r.IntN(1000))}
		}
		cand := make([]Demand, nc)
		for j := range cand {
			cand[j] = Demand{Code: "c" + itoa(j), Lat: lat0 + r.Float64()*0.5, Lon: lon0 + r.Float64()*0.7}
		}
		km := 5 + r.Float64()*15
		picks, err := Greedy(ctx, CrowFly(), d, cand, k, km)
		if err != nil {
			t.Fatal(err)
		}
		sets := coverSets(d, cand, km)
		want := plainGreedy(d, sets, k)
		if len(picks) != len(want) {
			t.Fatalf("seed %d: %d picks, plain greedy makes %d", seed, len(picks), len(want))
		}
		var chosen []int
		var sum float64
		for n, p := range picks {
			if p.Rank != n+1 || p.Code != cand[want[n]].Code {
				t.Errorf("seed %d: pick %d is %+v, plain greedy takes %s", seed, n+1, p, cand[want[n]].Code)
			}
			before := coverage(d, sets, chosen)
			chosen = append(chosen, want[n])
			if gain := coverage(d, sets, chosen) - before; p.Covered != gain {
				t.Errorf("seed %d: pick %d covers %v, want %v", seed, n+1, p.Covered, gain)
			}
			sum += p.Covered
		}
		opt := best(d, sets, k)
		if sum > opt || sum < (1-1/math.E)*opt {
			t.Errorf("seed %d: greedy covers %v, optimum %v: outside [(1 − 1/e)·opt, opt]", seed, sum, opt)
		}
		if opt > 0 {
			worst = math.Min(worst, sum/opt)
		}
	}
	t.Logf("worst greedy/optimum ratio over the instances: %.3f", worst)
}

// Greedy is greedy: on the textbook instance where the middle site covers
// the most, it takes it first and misses the optimum of the two sides.
func TestGreedyTextbookInstance(t *testing.T) {
	d := []Demand{{Code: "1", AtRisk: 10}, {Code: "2", AtRisk: 10}, {Code: "3", AtRisk: 10}, {Code: "4", AtRisk: 10}, {Code: "5", AtRisk: 15}, {Code: "6", AtRisk: 15}}
	cand := []Demand{{Code: "west"}, {Code: "middle"}, {Code: "east"}}
	m := &matrix{cost: map[[2]string]float64{
		{"1", "middle"}: 1, {"2", "middle"}: 1, {"3", "middle"}: 1, {"4", "middle"}: 1,
		{"1", "west"}: 1, {"2", "west"}: 1, {"5", "west"}: 1,
		{"3", "east"}: 1, {"4", "east"}: 1, {"6", "east"}: 1,
	}}
	picks, err := Greedy(context.Background(), m, d, cand, 2, 5)
	if err != nil {
		t.Fatal(err)
	}
	// middle covers 40, west and east 35 each: greedy takes middle, then
	// west (+15), 55 in all, where west + east cover 70 (55/70 ≥ 1 − 1/e).
	want := []Pick{{Rank: 1, Code: "middle", Covered: 40, Communes: 4}, {Rank: 2, Code: "west", Covered: 15, Communes: 1}}
	if len(picks) != 2 || picks[0] != want[0] || picks[1] != want[1] {
		t.Errorf("picks %+v, want %+v (the optimum, west + east, covers 70)", picks, want)
	}
	// Nobody left to cover: it stops early.
	picks, err = Greedy(context.Background(), m, d, cand, 5, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(picks) != 3 || picks[2].Code != "east" || picks[2].Covered != 15 {
		t.Errorf("k = 5: %+v, want three picks, the last east covering 15", picks)
	}
}

func TestGreedyErrors(t *testing.T) {
	ctx := context.Background()
	d := []Demand{{Code: "a", Lat: 45, Lon: 5, AtRisk: 1}}
	for _, tt := range []struct {
		k  int
		km float64
	}{{-1, 10}, {1, 0}, {1, math.Inf(1)}, {1, math.NaN()}} {
		if _, err := Greedy(ctx, CrowFly(), d, d, tt.k, tt.km); !errors.Is(err, failure.ErrInvalid) {
			t.Errorf("k %d, catchment %v: %v", tt.k, tt.km, err)
		}
	}
	if p, err := Greedy(ctx, CrowFly(), d, nil, 3, 10); err != nil || p != nil {
		t.Errorf("no candidate: %v %v", p, err)
	}
}
