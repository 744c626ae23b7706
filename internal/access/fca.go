package access

import (
	"cmp"
	"context"
	"errors"
	"math"
	"runtime"
	"slices"
	"sync"

	"maillage/internal/failure"
)

// Compute measures the accessibility of every demand point with a
// floating-catchment method, in two steps (Luo & Wang 2003):
//
//	R_j = S_j / Σ_{k : d_kj ≤ d₀} W(d_kj)·P_k     (supply per person reaching j)
//	A_i = Σ_{j : d_ij ≤ d₀} W(d_ij)·R_j           (× 10 000: places per 10 000)
//
// with W = 1 (2SFCA), the steps of Method.Zones (E2SFCA, Luo & Qi 2009) or
// the Gaussian kernel W(d) = (e^{−½(d/d₀)²} − e^{−½}) / (1 − e^{−½})
// (Dai 2010). P is the people at risk (the population with
// Method.Population). Since both steps use the same W, Σ P_i·A_i equals
// 10 000·Σ S_j whenever every place has someone within reach: a place
// with nobody in reach keeps its supply to itself.
//
// A place and the demand point of its own commune (Supply.Commune ==
// Demand.Code) are a pair at cost 0 (W = 1), whatever their distance:
// a place serves its commune, and is its nearest.
//
// Results follow d's order. For the offline costs the nearest place is
// found at any distance; for OSRM only within the catchment.
func Compute(ctx context.Context, m Method, cost Cost, d []Demand, s []Supply) ([]Result, error) {
	w, max, err := m.weight()
	if err != nil {
		return nil, err
	}
	p, err := demandOf(d, m.Population)
	if err != nil {
		return nil, err
	}
	for _, x := range s {
		if !(x.Weight >= 0) || math.IsInf(x.Weight, 0) {
			return nil, failure.Errorf(failure.Invalid, "lieu %s : poids %v invalide (un nombre fini positif ou nul)", x.ID, x.Weight)
		}
	}
	own := newOwnPairs(d, s)
	res := make([]Result, len(d))
	near := make([]int32, len(d))
	for i := range res {
		res[i] = Result{Code: d[i].Code, NearestCost: math.Inf(1)}
		near[i] = -1
	}
	found := func(i, j int, c float64) {
		if c < res[i].NearestCost || c == res[i].NearestCost && int32(j) < near[i] {
			res[i].NearestCost, near[i] = c, int32(j)
		}
	}
	den := make([]float64, len(s))
	acc := make([]float64, len(d))
	ratio := func() {
		for j := range den {
			if den[j] > 0 {
				den[j] = s[j].Weight / den[j]
			} else {
				den[j] = 0
			}
		}
	}
	if off, ok := cost.(offline); ok {
		// Walking the index again costs less than keeping tens of millions
		// of pairs; the demand points are split between the cores.
		if err := off.check(); err != nil {
			return nil, err
		}
		if err := checkMax(max, off.Unit()); err != nil {
			return nil, err
		}
		if err := checkPoints(d, s); err != nil {
			return nil, err
		}
		km := off.toKm(max)
		q := newStrips(s, rowHeight(km)).query(km)
		parts := split(len(d))
		dens := make([][]float64, len(parts))
		err := parallel(parts, func(k, lo, hi int) error {
			part := den
			if k > 0 {
				part = make([]float64, len(s))
				dens[k] = part
			}
			add := func(i, j int, c float64) {
				part[j] += w(c) * p[i]
				found(i, j, c)
			}
			if err := walk(ctx, off, d, lo, hi, q, max, own.skip(d, s, add)); err != nil {
				return err
			}
			own.each(lo, hi, add)
			return nil
		})
		if err != nil {
			return nil, err
		}
		for _, part := range dens[1:] {
			for j, v := range part {
				den[j] += v
			}
		}
		ratio()
		err = parallel(parts, func(k, lo, hi int) error {
			add := func(i, j int, c float64) { acc[i] += w(c) * den[j] }
			if err := walk(ctx, off, d, lo, hi, q, max, own.skip(d, s, add)); err != nil {
				return err
			}
			own.each(lo, hi, add)
			return nil
		})
		if err != nil {
			return nil, err
		}
	} else {
		// A cost that is slow to ask (a routing server) is asked once.
		var ps pairs
		add := func(i, j int, c float64) {
			ps.add(i, j, c)
			den[j] += w(c) * p[i]
			found(i, j, c)
		}
		if err := cost.Within(ctx, d, s, max, own.skip(d, s, add)); err != nil {
			return nil, err
		}
		own.each(0, len(d), add)
		ratio()
		ps.each(func(i, j int, c float64) { acc[i] += w(c) * den[j] })
	}
	for i := range res {
		res[i].Accessibility = acc[i] * PerPeople
		res[i].Served = near[i] >= 0
		if near[i] >= 0 {
			res[i].NearestID = s[near[i]].ID
		}
	}
	if off, ok := cost.(offline); ok {
		var far []int
		for i := range res {
			if !res[i].Served {
				far = append(far, i)
			}
		}
		if err := nearestBeyond(ctx, off, d, s, far, res); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// ownPairs are the pairs of a demand point and a place of its own
// commune (Supply.Commune == Demand.Code), by demand point then place.
type ownPairs []pair

func newOwnPairs(d []Demand, s []Supply) ownPairs {
	var byCode map[string][]int32
	for j, x := range s {
		if x.Commune != "" {
			if byCode == nil {
				byCode = map[string][]int32{}
			}
			byCode[x.Commune] = append(byCode[x.Commune], int32(j))
		}
	}
	var out ownPairs
	for i, x := range d {
		for _, j := range byCode[x.Code] {
			out = append(out, pair{i: int32(i), j: j})
		}
	}
	return out
}

// skip wraps fn for an enumeration of pairs within the catchment: the
// own pairs are left to each, at cost 0.
func (o ownPairs) skip(d []Demand, s []Supply, fn func(i, j int, c float64)) func(i, j int, c float64) {
	if len(o) == 0 {
		return fn
	}
	return func(i, j int, c float64) {
		if s[j].Commune != "" && s[j].Commune == d[i].Code {
			return
		}
		fn(i, j, c)
	}
}

// each calls fn(i, j, 0) for the own pairs of the demand points lo to
// hi − 1.
func (o ownPairs) each(lo, hi int, fn func(i, j int, c float64)) {
	k, _ := slices.BinarySearchFunc(o, lo, func(p pair, lo int) int { return cmp.Compare(int(p.i), lo) })
	for ; k < len(o) && int(o[k].i) < hi; k++ {
		fn(int(o[k].i), int(o[k].j), 0)
	}
}

// split cuts n demand points into one range per core, none for few points.
func split(n int) [][2]int {
	k := min(runtime.GOMAXPROCS(0), 8)
	if n < 4096 {
		k = 1
	}
	out := make([][2]int, 0, k)
	for c := range k {
		out = append(out, [2]int{n * c / k, n * (c + 1) / k})
	}
	return out
}

// parallel runs fn over the ranges at once and returns the first error.
func parallel(parts [][2]int, fn func(k, lo, hi int) error) error {
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for k, r := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[k] = fn(k, r[0], r[1])
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// demandOf returns the people at demand of each point.
func demandOf(d []Demand, population bool) ([]float64, error) {
	p := make([]float64, len(d))
	for i, x := range d {
		v, what := x.AtRisk, "personnes à risque"
		if population {
			v, what = x.Population, "population"
		}
		if !(v >= 0) || math.IsInf(v, 0) {
			return nil, failure.Errorf(failure.Invalid, "commune %s : %s %v invalide (un nombre fini positif ou nul)", x.Code, what, v)
		}
		p[i] = v
	}
	return p, nil
}

// pairs keeps (i, j, cost) triples in chunks, without the copies of a
// growing slice.
type pairs struct{ chunks [][]pair }

type pair struct {
	i, j int32
	c    float64
}

const pairChunk = 1 << 16

func (ps *pairs) add(i, j int, c float64) {
	n := len(ps.chunks)
	if n == 0 || len(ps.chunks[n-1]) == pairChunk {
		ps.chunks = append(ps.chunks, make([]pair, 0, pairChunk))
		n++
	}
	ps.chunks[n-1] = append(ps.chunks[n-1], pair{int32(i), int32(j), c})
}

func (ps *pairs) each(fn func(i, j int, c float64)) {
	for _, ch := range ps.chunks {
		for _, p := range ch {
			fn(int(p.i), int(p.j), p.c)
		}
	}
}
