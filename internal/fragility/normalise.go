package fragility

import (
	"math"
	"slices"
)

// Ratio is the 2020 IFN's coefficient: 100 × value / reference for a
// term where more means more fragile (direction +1), and the inverse,
// 100 × reference / value, for a term where more means less fragile
// (direction −1: the median income, which the published 2020 index did
// not invert, so that a richer commune scored more fragile). 100 is the
// reference's level. NaN when it cannot be computed.
func Ratio(value, reference float64, direction int) float64 {
	if math.IsNaN(value) || !(reference > 0) || math.IsInf(reference, 0) {
		return math.NaN()
	}
	if direction < 0 {
		if !(value > 0) {
			return math.NaN()
		}
		return 100 * reference / value
	}
	return 100 * value / reference
}

// DecileCuts returns the 9 cuts of values (NaN left out) between the
// tenths: the k-th is the value at rank ⌈k·n/10⌉ of the sorted values.
// Nil when there is no value.
func DecileCuts(values []float64) []float64 {
	var v []float64
	for _, x := range values {
		if !math.IsNaN(x) {
			v = append(v, x)
		}
	}
	if len(v) == 0 {
		return nil
	}
	slices.Sort(v)
	n := len(v)
	cuts := make([]float64, 9)
	for k := 1; k <= 9; k++ {
		r := (k*n + 9) / 10 // ⌈k·n/10⌉, 1-based
		cuts[k-1] = v[max(r, 1)-1]
	}
	return cuts
}

// Decile places value among cuts: 1 + the number of cuts it exceeds, so 1
// to 10; with direction −1 the scale is reversed (11 − decile). NaN when
// value is NaN or there are no cuts.
func Decile(value float64, cuts []float64, direction int) float64 {
	if math.IsNaN(value) || len(cuts) == 0 {
		return math.NaN()
	}
	d := 1
	for _, c := range cuts {
		if value > c {
			d++
		}
	}
	if direction < 0 {
		d = 11 - d
	}
	return float64(d)
}

// MeanSD returns the mean and the (population) standard deviation of
// values, NaN left out.
func MeanSD(values []float64) (mean, sd float64) {
	n := 0.0
	for _, x := range values {
		if !math.IsNaN(x) {
			mean += x
			n++
		}
	}
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	mean /= n
	for _, x := range values {
		if !math.IsNaN(x) {
			sd += (x - mean) * (x - mean)
		}
	}
	return mean, math.Sqrt(sd / n)
}

// ZScore is (value − mean) / sd, negated for direction −1; NaN when sd is
// not positive.
func ZScore(value, mean, sd float64, direction int) float64 {
	if math.IsNaN(value) || !(sd > 0) {
		return math.NaN()
	}
	z := (value - mean) / sd
	if direction < 0 {
		z = -z
	}
	return z
}

// Scorer computes the composite of a table: each term normalised, then
// the weighted mean of the terms a unit has (weights of the missing terms
// left out; NaN when it has none).
type Scorer struct {
	c Composite
	// refs are the sums of every reference territory, by indicator (in
	// the composite's order); "" is France (every unit of the table).
	refs map[string][]Sums
	// cuts, mean and sd are the scale of the deciles and z-scores: the
	// values of the table's units.
	cuts     [][]float64
	mean, sd []float64
}

// NewScorer prepares the scores of the units of a table. refOf gives the
// code of the reference territory of a unit ("" when it has none: France
// is used); it is only called for the ratio normalisation.
func NewScorer(c Composite, units map[string]Unit, refOf func(code string) string) *Scorer {
	n := len(c.Indicators)
	s := &Scorer{c: c, refs: map[string][]Sums{"": make([]Sums, n)},
		cuts: make([][]float64, n), mean: make([]float64, n), sd: make([]float64, n)}
	switch c.Normalisation {
	case NormRatio:
		for code, u := range units {
			ref := ""
			if c.Reference != RefFrance && refOf != nil {
				ref = refOf(code)
			}
			sums := s.refs[ref]
			if sums == nil {
				sums = make([]Sums, n)
				s.refs[ref] = sums
			}
			for i, ind := range c.Indicators {
				v, ok := u.Values[ind.Key]
				if !ok {
					continue
				}
				s.refs[""][i] = s.refs[""][i].Add(v)
				if ref != "" {
					sums[i] = sums[i].Add(v)
				}
			}
		}
	case NormDeciles, NormZScore:
		for i, ind := range c.Indicators {
			var values []float64
			for _, u := range units {
				if v, ok := u.Values[ind.Key]; ok {
					values = append(values, v.Value())
				}
			}
			s.cuts[i] = DecileCuts(values)
			s.mean[i], s.sd[i] = MeanSD(values)
		}
	}
	return s
}

// Reference returns the value of an indicator over a reference territory
// ("" for France): the ratio of its sums.
func (s *Scorer) Reference(ref, key string) float64 {
	for i, ind := range s.c.Indicators {
		if ind.Key == key && s.refs[ref] != nil {
			return s.refs[ref][i].Value()
		}
	}
	return math.NaN()
}

// Score is the composite of the sums of u (a unit of the table, or the
// sums of several: an aggregate) against the reference territory ref ("":
// France) in the ratio normalisation, or on the scale of the table's
// units in the others.
func (s *Scorer) Score(u Unit, ref string) float64 {
	v := make([]Sums, len(s.c.Indicators))
	has := make([]bool, len(v))
	for i, ind := range s.c.Indicators {
		v[i], has[i] = u.Values[ind.Key]
	}
	return s.scoreVec(v, has, ref)
}

// scoreVec is Score of sums in the composite's order.
func (s *Scorer) scoreVec(v []Sums, has []bool, ref string) float64 {
	refs := s.refs[ref]
	if refs == nil {
		refs = s.refs[""]
	}
	var sum, weights float64
	for i, ind := range s.c.Indicators {
		if !has[i] {
			continue
		}
		var t float64
		switch s.c.Normalisation {
		case NormRatio:
			t = Ratio(v[i].Value(), refs[i].Value(), ind.Direction)
		case NormDeciles:
			t = Decile(v[i].Value(), s.cuts[i], ind.Direction)
		case NormZScore:
			t = ZScore(v[i].Value(), s.mean[i], s.sd[i], ind.Direction)
		default:
			t = math.NaN()
		}
		if math.IsNaN(t) || math.IsInf(t, 0) {
			continue
		}
		sum += ind.Weight * t
		weights += ind.Weight
	}
	if weights == 0 {
		return math.NaN()
	}
	return sum / weights
}

// Aggregate adds the sums of units into groups: groupsOf gives the codes
// of the groups a unit belongs to (an IRIS: its commune; a commune: its
// EPCI), none to leave it out. Scores of the groups are then computed from
// these sums (Scorer.Score), never averaged from their members' scores.
func Aggregate(units map[string]Unit, groupsOf func(code string) []string) map[string]Unit {
	out := map[string]Unit{}
	for code, u := range units {
		for _, g := range groupsOf(code) {
			a, ok := out[g]
			if !ok {
				a = Unit{Code: g, Values: map[string]Sums{}}
				out[g] = a
			}
			for k, v := range u.Values {
				a.Values[k] = a.Values[k].Add(v)
			}
		}
	}
	return out
}
