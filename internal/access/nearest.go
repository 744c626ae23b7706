package access

import (
	"context"
	"math"

	"maillage/internal/failure"
)

// Near is the nearest place of a demand point.
type Near struct {
	Index int     // in the supply slice; -1 when none is known
	ID    string  // "" when none
	Cost  float64 // +Inf when none
}

// Nearest finds, for every demand point, the nearest place of s within
// max (pass the places offering a service to ask for the nearest of
// them). The offline costs accept max = +Inf: the nearest place at any
// distance; OSRM needs a finite max. Ties go to the first place of s.
// A place of a point's own commune (Supply.Commune) is at cost 0.
func Nearest(ctx context.Context, cost Cost, d []Demand, s []Supply, max float64) ([]Near, error) {
	out := make([]Near, len(d))
	for i := range out {
		out[i] = Near{Index: -1, Cost: math.Inf(1)}
	}
	if off, ok := cost.(offline); ok && math.IsInf(max, 1) {
		if err := off.check(); err != nil {
			return nil, err
		}
		if err := checkPoints(d, s); err != nil {
			return nil, err
		}
		all := make([]int, len(d))
		for i := range all {
			all[i] = i
		}
		if err := nearestAnywhere(ctx, off, d, s, all, out); err != nil {
			return nil, err
		}
		return ownNearest(out, d, s), nil
	}
	if math.IsInf(max, 1) {
		return nil, failure.Errorf(failure.Invalid, "coût %s : la recherche du lieu le plus proche demande un seuil fini", cost.Name())
	}
	err := cost.Within(ctx, d, s, max, func(i, j int, c float64) {
		if c < out[i].Cost || c == out[i].Cost && j < out[i].Index {
			out[i].Cost, out[i].Index = c, j
		}
	})
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Index >= 0 {
			out[i].ID = s[out[i].Index].ID
		}
	}
	return ownNearest(out, d, s), nil
}

// ownNearest makes a place of a point's own commune its nearest, at cost
// 0 (the first such place of s).
func ownNearest(out []Near, d []Demand, s []Supply) []Near {
	for _, p := range newOwnPairs(d, s) {
		i, j := int(p.i), int(p.j)
		if out[i].Cost > 0 || out[i].Index < 0 || out[i].Cost == 0 && j < out[i].Index {
			out[i] = Near{Index: j, ID: s[j].ID, Cost: 0}
		}
	}
	return out
}

// nearestBeyond fills the nearest place of the results at indices far,
// whatever its distance.
func nearestBeyond(ctx context.Context, c offline, d []Demand, s []Supply, far []int, res []Result) error {
	if len(far) == 0 || len(s) == 0 {
		return nil
	}
	out := make([]Near, len(d))
	if err := nearestAnywhere(ctx, c, d, s, far, out); err != nil {
		return err
	}
	for _, i := range far {
		if out[i].Index >= 0 {
			res[i].NearestCost, res[i].NearestID = out[i].Cost, out[i].ID
		}
	}
	return nil
}

// startKm is the first radius of the search of a nearest place; it
// doubles until a place is found.
const startKm = 8

// nearestAnywhere fills out[i] for i in which with the nearest place at
// any distance, by radius searches that double until one finds a place.
func nearestAnywhere(ctx context.Context, c offline, d []Demand, s []Supply, which []int, out []Near) error {
	if len(s) == 0 {
		return nil
	}
	ix := newStrips(s, rowHeight(startKm))
	for n, i := range which {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		best, bestKm := -1, math.Inf(1)
		for r := float64(startKm); best < 0; r *= 2 {
			ix.query(r).each(d[i].Lat, d[i].Lon, func(j int, km float64) {
				if km < bestKm || km == bestKm && j < best {
					best, bestKm = j, km
				}
			})
			if r > math.Pi*EarthKm {
				break
			}
		}
		if best >= 0 {
			out[i] = Near{Index: best, ID: s[best].ID, Cost: c.fromKm(bestKm)}
		}
	}
	return nil
}

// Share is the part of the people whose nearest place costs more than a
// threshold.
type Share struct {
	Threshold      float64
	People, AtRisk float64 // beyond the threshold
	// PeopleShare and AtRiskShare are fractions (0–1) of all the people
	// and of all the people at risk; 0 when there are none.
	PeopleShare, AtRiskShare float64
}

// Beyond counts, for each threshold (20 and 30 minutes for instance), the
// people whose nearest place costs more than it; res are the results of
// Compute for d (same order). A point with no known nearest place counts
// as beyond every threshold.
func Beyond(d []Demand, res []Result, thresholds ...float64) []Share {
	sameLength(d, res)
	var people, risk float64
	for _, x := range d {
		people += x.Population
		risk += x.AtRisk
	}
	out := make([]Share, len(thresholds))
	for k, t := range thresholds {
		sh := Share{Threshold: t}
		for i, r := range res {
			if r.NearestCost > t {
				sh.People += d[i].Population
				sh.AtRisk += d[i].AtRisk
			}
		}
		if people > 0 {
			sh.PeopleShare = sh.People / people
		}
		if risk > 0 {
			sh.AtRiskShare = sh.AtRisk / risk
		}
		out[k] = sh
	}
	return out
}

// Gap sums the demand points no place serves.
type Gap struct {
	Communes       int
	People, AtRisk float64
}

// Unserved returns the demand points whose centre lies beyond the
// catchment of every place (Result.Served false) and their sum; res are
// the results of Compute for d (same order). The points it returns are
// what Greedy covers.
func Unserved(d []Demand, res []Result) ([]Demand, Gap) {
	sameLength(d, res)
	var out []Demand
	var g Gap
	for i, r := range res {
		if !r.Served {
			out = append(out, d[i])
			g.Communes++
			g.People += d[i].Population
			g.AtRisk += d[i].AtRisk
		}
	}
	return out, g
}

func sameLength(d []Demand, res []Result) {
	if len(d) != len(res) {
		panic("access: results of another demand slice")
	}
}
