package fragility

import "math"

// Counts reports whether the spec counts anyone.
func (sp AtRiskSpec) Counts() bool { return sp.Age != "" }

// Count returns the people at risk of one unit (65+ plus the estimated
// low-diploma people under 65) and the population that count is drawn
// from (the base of the age indicator). ok is false when the unit lacks a
// figure the count needs.
//
// The estimate assumes the share of low-diploma people is the same at
// every age: low-diploma × (base − 65+) / base, base being the
// non-scolarised people of 15 or more (or the 15+, whatever the diploma
// indicator's base is).
//
// The count is at most the population: figures from files of different
// bases may give more (ReadStats.Capped counts those units).
func (sp AtRiskSpec) Count(u Unit) (atRisk, population float64, ok bool) {
	atRisk, population, ok = sp.count(u)
	return math.Min(atRisk, population), population, ok
}

// count is Count before the cap.
func (sp AtRiskSpec) count(u Unit) (atRisk, population float64, ok bool) {
	if !sp.Counts() {
		return 0, 0, false
	}
	age, ok := u.Values[sp.Age]
	if !ok || !(age.Den > 0) {
		return 0, 0, false
	}
	atRisk = age.Num
	if sp.Diploma != "" {
		d, ok := u.Values[sp.Diploma]
		if !ok || !(d.Den > 0) {
			return 0, 0, false
		}
		atRisk += d.Num * math.Max(0, d.Den-age.Num) / d.Den
	}
	return atRisk, age.Den, true
}
