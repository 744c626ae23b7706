package diagnostic

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"maillage/internal/access"
	"maillage/internal/french"
)

// people writes a number of people rounded to the unit: « 12 400 ».
func people(v float64) string { return french.Number(int64(math.Round(v))) }

// countFR writes a count and its noun: « 1 lieu », « 12 lieux ».
func countFR(n int, one, many string) string { return french.Count(n, one, many) }

// plural picks the form for n.
func plural(n int, one, many string) string { return french.Plural(n, one, many) }

// decimal writes v with at most prec decimals and a decimal comma:
// « 1,3 », « 60 ».
func decimal(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return strings.Replace(s, ".", ",", 1)
}

// percent writes a fraction as a percentage with one decimal: « 12,6 % ».
func percent(part, whole float64) string {
	if whole <= 0 {
		return "0 %"
	}
	return decimal(100*part/whole, 1) + "\u00a0%"
}

// Words are the forms of a noun (and its verb, when it has one) for a
// number of people, rounded to the unit: None for nobody (« aucune
// personne à risque », « aucune personne à risque ne vit »), One for one,
// Many from two. Every sentence of the diagnostic that counts people
// writes them with Of: never « 0 personnes ».
type Words struct{ None, One, Many string }

// The nouns of the diagnostic's sentences.
var (
	PersonsAtRisk     = Words{"aucune personne à risque", "personne à risque", "personnes à risque"}
	PersonsAtRiskLive = Words{"aucune personne à risque ne vit", "personne à risque vit", "personnes à risque vivent"}
	Inhabitants       = Words{"aucun habitant", "habitant", "habitants"}
	InhabitantsLive   = Words{"aucun habitant ne vit", "habitant vit", "habitants vivent"}
	UnservedAtRisk    = Words{"aucune personne à risque non desservie", "personne à risque non desservie", "personnes à risque non desservies"}
	CoveredAtRisk     = Words{"aucune personne à risque couverte", "personne à risque couverte", "personnes à risque couvertes"}
	Communes          = Words{"aucune commune", "commune", "communes"}
)

// Of writes v people with the words: « aucune personne à risque »,
// « 1 personne à risque », « 12 400 personnes à risque ».
func (w Words) Of(v float64) string {
	n := int64(math.Round(v))
	switch {
	case n == 0 || math.IsNaN(v):
		return w.None
	case n == 1:
		return "1 " + w.One
	}
	return french.Number(n) + " " + w.Many
}

// Sentence begins s with a capital letter: « Aucune personne… ».
func Sentence(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// seuilWords writes the catchment: « 10 km », « 20 minutes ».
func seuilWords(o Options) string {
	if o.Unit() == access.UnitMin {
		return decimal(o.Catchment(), 1) + " minutes"
	}
	return decimal(o.Catchment(), 1) + " km"
}

// GapWords writes the unserved people at risk of a gap: « 800 personnes à
// risque non desservies dans 2 communes », « aucune personne à risque non
// desservie ».
func GapWords(g access.Gap) string {
	s := UnservedAtRisk.Of(g.AtRisk)
	if g.Communes > 0 {
		s += " dans " + countFR(g.Communes, "commune", "communes")
	}
	return s
}

// MaxNearestKm bounds the distance to the nearest place the diagnostic
// reports: beyond it, there is « aucun lieu à moins de 200 km »
// (Row.DistanceKm is +Inf), not a figure across an ocean (a commune of
// Mayotte or Saint-Pierre-et-Miquelon to a place thousands of km away).
const MaxNearestKm = 200

// DistanceDigits is how many decimals write a row's distance so that it
// agrees with its flag: prec, or more when rounding would put a commune
// beyond the catchment at it (10.04 km at 10 km, « non desservie », is
// written 10.04, not 10.0). Only for a catchment in km: in minutes the
// flag does not follow the km.
func DistanceDigits(row Row, o Options, prec int) int {
	if o.Unit() != access.UnitKm || math.IsInf(row.DistanceKm, 0) || math.IsNaN(row.DistanceKm) {
		return prec
	}
	c := o.Catchment()
	for d := prec; d < 6; d++ {
		p := math.Pow10(d)
		if (math.Round(row.DistanceKm*p)/p <= c) == row.Served {
			return d
		}
	}
	return 6
}
