package web

import (
	"regexp"
	"strconv"
)

// decimalNumber is how the API and the pages write a number: digits, an
// optional decimal point and exponent. NaN, Inf, hexadecimal or
// underscored numbers (which strconv.ParseFloat accepts) are refused: NaN
// passes every range check and silently dropped the filter.
var decimalNumber = regexp.MustCompile(`^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$`)

// parseNumber reads a finite decimal number.
func parseNumber(s string) (float64, bool) {
	if !decimalNumber.MatchString(s) {
		return 0, false
	}
	x, err := strconv.ParseFloat(s, 64)
	return x, err == nil
}
