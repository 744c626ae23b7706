// Package choropleth draws a map of territorial units as an accessible SVG:
// equal-count classes (quantiles) drawn with hatching of growing density and
// a class number on each unit, so that the map reads in black and white and
// without colour; a title, a description and a legend with the classes'
// values inside the SVG. Units without contours are drawn as squares at
// their centres (proportional symbols), and the map says so.
package choropleth

import (
	"math"
	"sort"
)

// MaxClasses is the most classes a map has: beyond five, hatching
// densities are no longer told apart on paper.
const MaxClasses = 5

// Class is one class of a map: the units whose value lies in [Min, Max].
type Class struct {
	N        int     // 1 (lowest values) to the number of classes
	Min, Max float64 // the smallest and largest value of its units
	Count    int     // how many units it holds
}

// Quantiles splits values (NaN and infinities ignored: no data) into at most n classes of equal
// counts (quantiles) and returns their upper bounds, in increasing order: a
// value v is in the first class whose bound is ≥ v. Equal values are always
// in the same class; when ties fill a class beyond its share, the values
// left are split again among the classes left. So there may be fewer
// classes than asked: one when every value is the same, none without
// values.
func Quantiles(values []float64, n int) []float64 {
	var v []float64
	for _, x := range values {
		if known(x) {
			v = append(v, x)
		}
	}
	if len(v) == 0 || n < 1 {
		return nil
	}
	sort.Float64s(v)
	var bounds []float64
	for start, left := 0, n; start < len(v); left-- {
		end := len(v) - 1
		if left > 1 {
			end = start + (len(v)-start+left-1)/left - 1 // ⌈remaining / classes left⌉ values
		}
		for end+1 < len(v) && v[end+1] == v[end] {
			end++
		}
		bounds = append(bounds, v[end])
		start = end + 1
	}
	return bounds
}

// known reports whether a value is data: NaN is unknown, and an infinity
// (a sum that overflowed, a rate of nobody) is not a value either; put in
// a class it would be drawn as the most (or least) of all.
func known(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// classOf is the class (1…) of v against the bounds; 0 (no data) for NaN
// or an infinity.
func classOf(v float64, bounds []float64) int {
	if !known(v) || len(bounds) == 0 {
		return 0
	}
	return sort.SearchFloat64s(bounds, v) + 1
}
