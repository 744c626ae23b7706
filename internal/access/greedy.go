package access

import (
	"container/heap"
	"context"
	"math"
	"slices"

	"maillage/internal/failure"
)

// Pick is one new site chosen by Greedy.
type Pick struct {
	Rank int    // 1 for the first pick
	Code string // the candidate's Code
	// Covered is the people at risk the pick newly covers: those of the
	// demand points within the catchment of it and of no earlier pick.
	Covered float64
	// Communes and People are the demand points it newly covers and their
	// population.
	Communes int
	People   float64
}

// Greedy chooses up to k of the candidates that together cover the most
// people at risk of d, a candidate covering the points of d whose cost to
// it is at most catchment. Pass as d the demand points no place serves
// yet (Unserved): the picks then cover the most unserved people at risk.
//
// It is the greedy algorithm of maximum coverage: each round takes the
// candidate that newly covers the most people at risk (ties: the first
// candidate). Coverage is monotone and submodular, so the k greedy picks
// cover at least (1 − 1/e) ≈ 63 % of what the best k sites could
// (Nemhauser, Wolsey & Fisher 1978), and no polynomial algorithm does
// better in general unless P = NP (Feige 1998). Gains only shrink, so the
// rounds re-evaluate lazily (Minoux 1978): a candidate whose last gain is
// still the largest is taken without recomputing the others, which picks
// exactly what plain greedy picks. It stops early when no candidate adds
// anyone.
func Greedy(ctx context.Context, cost Cost, d []Demand, candidates []Demand, k int, catchment float64) ([]Pick, error) {
	sites := make([]Supply, len(candidates))
	for j, c := range candidates {
		sites[j] = Supply{ID: c.Code, Lat: c.Lat, Lon: c.Lon, Weight: 1}
	}
	return GreedySites(ctx, cost, d, sites, k, catchment)
}

// GreedySites is Greedy over candidate sites given as places: a site
// with a Commune covers the demand point of its own commune whatever
// their distance (as a place serves its own commune), and Pick.Code is
// the site's ID.
func GreedySites(ctx context.Context, cost Cost, d []Demand, sites []Supply, k int, catchment float64) ([]Pick, error) {
	if k < 0 {
		return nil, failure.Errorf(failure.Invalid, "nombre de lieux à implanter %d invalide : un entier positif", k)
	}
	if !(catchment > 0) || math.IsInf(catchment, 0) {
		return nil, failure.Errorf(failure.Invalid, "seuil %v invalide : un nombre fini strictement positif", catchment)
	}
	risk, err := demandOf(d, false)
	if err != nil {
		return nil, err
	}
	if k == 0 || len(sites) == 0 {
		return nil, nil
	}
	covers := make([][]int32, len(sites))
	add := func(i, j int, c float64) { covers[j] = append(covers[j], int32(i)) }
	own := newOwnPairs(d, sites)
	if err := cost.Within(ctx, d, sites, catchment, own.skip(d, sites, add)); err != nil {
		return nil, err
	}
	own.each(0, len(d), add)
	gain := func(j int, covered []bool) float64 {
		var g float64
		for _, i := range covers[j] {
			if !covered[i] {
				g += risk[i]
			}
		}
		return g
	}
	covered := make([]bool, len(d))
	h := make(bounds, 0, len(sites))
	for j := range covers {
		// The same sum whatever order the cost gave the pairs in.
		slices.Sort(covers[j])
		if g := gain(j, covered); g > 0 {
			h = append(h, bound{gain: g, j: int32(j), round: 1})
		}
	}
	heap.Init(&h)
	var picks []Pick
	for round := 1; len(picks) < k && h.Len() > 0; {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		top := h[0]
		if int(top.round) != round {
			// A stale bound: compute the true gain and put it back.
			h[0].gain, h[0].round = gain(int(top.j), covered), int32(round)
			if h[0].gain <= 0 {
				heap.Pop(&h)
			} else {
				heap.Fix(&h, 0)
			}
			continue
		}
		heap.Pop(&h)
		p := Pick{Rank: len(picks) + 1, Code: sites[top.j].ID}
		for _, i := range covers[top.j] {
			if !covered[i] {
				covered[i] = true
				p.Covered += risk[i]
				p.Communes++
				p.People += d[i].Population
			}
		}
		picks = append(picks, p)
		round++
	}
	return picks, nil
}

// bound is a candidate's gain as computed in a round (an upper bound of
// its gain in later rounds).
type bound struct {
	gain  float64
	j     int32
	round int32 // the round the gain was computed in
}

// bounds is a max-heap of gains, the first candidate first among equals.
type bounds []bound

func (h bounds) Len() int { return len(h) }
func (h bounds) Less(a, b int) bool {
	if h[a].gain != h[b].gain {
		return h[a].gain > h[b].gain
	}
	return h[a].j < h[b].j
}
func (h bounds) Swap(a, b int) { h[a], h[b] = h[b], h[a] }
func (h *bounds) Push(x any)   { *h = append(*h, x.(bound)) }
func (h *bounds) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
