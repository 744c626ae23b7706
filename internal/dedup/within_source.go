package dedup

import "math"

// Two records of one source under different ids are two places by that
// source's own word (a source does not list a place twice on purpose): the
// bands of cross-source pairs do not apply to them. The national pipeline
// asks more of them too (83 across sources, 90 within one). Here, within one
// source, a pair goes to review only from Config.ReviewWithin (by default
// the cross-source Same: what would merge across sources is only worth a
// look within one) and merges automatically only from Config.SameWithin.

// DefaultSameWithin is the default total from which two records of one
// source merge automatically: above the cross-source Same (7), so that a
// source's two records need more than what merges two sources' records. On
// the labelled benchmark (BENCHMARKS.md) it keeps precision at 1.000 and
// costs 0.6 point of recall; 9 would cost 2.3 points, "never" (+Inf) 7.6,
// since a source does list some places twice.
const DefaultSameWithin = 8

// withinSource reports whether a pair is two records of one source under
// different ids.
func withinSource(a, b *prepared) bool {
	return a.rec.Source == b.rec.Source && a.rec.Lieu.ID != b.rec.Lieu.ID
}

// withinThresholds returns the thresholds of pairs within one source; an
// unset one (zero) is strict: never merged automatically, reviewed from
// the cross-source Same.
func (c Config) withinThresholds() (same, review float64) {
	same, review = c.SameWithin, c.ReviewWithin
	if same == 0 {
		same = math.Inf(1)
	}
	if review == 0 {
		review = c.Same
	}
	return same, review
}

// withinReason explains why a pair within one source is in a lower band
// than the cross-source thresholds give it ("" when it is not).
func withinReason(total float64, band Band, c Config) string {
	switch {
	case band == Review && total >= c.Same:
		return "deux enregistrements d’une même source sous des identifiants différents : la source les dit distincts, une personne vérifie"
	case band == Distinct && total >= c.Review:
		return "deux enregistrements d’une même source sous des identifiants différents : la ressemblance ne suffit pas à les rapprocher"
	}
	return ""
}
