package diagnostic

import (
	"math"
	"strconv"
	"strings"

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

// peopleCount writes a number of people and its noun: « 1 habitant »,
// « 12 400 habitants » (French takes the singular below 2).
func peopleCount(v float64, one, many string) string {
	n := int64(math.Round(v))
	return french.Number(n) + " " + french.Plural(n, one, many)
}

// peopleVerb writes a number of people with a noun and its verb, the
// singular for one only: « 1 personne vit », « 0 personnes vivent ».
func peopleVerb(v float64, one, many string) string {
	n := int64(math.Round(v))
	if n == 1 {
		return "1 " + one
	}
	return french.Number(n) + " " + many
}
