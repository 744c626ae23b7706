package web

import "time"

// frenchDateTime writes "1er décembre 2026 à 15:34:18", in Paris time.
func frenchDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return frenchDate(t) + " à " + t.In(parisTZ()).Format("15:04:05")
}

// frenchDateMinute writes "1er décembre 2026 à 15:34", in Paris time.
func frenchDateMinute(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return frenchDate(t) + " à " + t.In(parisTZ()).Format("15:04")
}
