package main

import (
	"strings"

	"maillage/internal/place"
)

// decimalNumber reads a number of an option or a setting as people write
// it: digits with a decimal point or one decimal comma (0,3), never Go's
// own syntaxes (0x1p-2, 3_0, Inf, NaN: place.ParseDecimal).
func decimalNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	return place.ParseDecimal(s)
}
