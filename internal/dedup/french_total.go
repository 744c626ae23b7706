package dedup

import "maillage/internal/french"

// Total writes a pair's total for people, as the review page does: one
// decimal, a French decimal comma (« 4,5 »). Machine-readable outputs
// (CSV, JSON columns) keep the number.
func Total(v float64) string {
	return french.Decimal(v, 1)
}
