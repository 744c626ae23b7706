package place

import (
	"regexp"
	"strconv"
)

// decimal is how files and people write a number: digits with an optional
// decimal point and exponent. strconv.ParseFloat also reads Go's own
// syntaxes (0x1p-2, 4_3.9, Inf, NaN), which no file of the standard nor
// any person means: they are refused.
var decimal = regexp.MustCompile(`^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$`)

// ParseDecimal reads a finite decimal number written with a point; false
// for anything else (a comma, Go's syntaxes, a number beyond float64).
func ParseDecimal(s string) (float64, bool) {
	if !decimal.MatchString(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}
