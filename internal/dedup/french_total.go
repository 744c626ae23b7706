package dedup

import (
	"strconv"
	"strings"
)

// Total writes a pair's total for people, as the review page does: one
// decimal, a French decimal comma (« 4,5 »). Machine-readable outputs
// (CSV, JSON columns) keep the number.
func Total(v float64) string {
	s := strings.Replace(strconv.FormatFloat(v, 'f', 1, 64), ".", ",", 1)
	return strings.Replace(s, "-", "−", 1)
}
