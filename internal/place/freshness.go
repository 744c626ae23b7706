package place

import "time"

// Freshness says whether a place's information is recent enough to be
// trusted, by its date_maj: the date of its last update or confirmation
// (a structure or a coordinator confirming the record sets it to the day).
type Freshness int

const (
	// Fresh: updated or confirmed within CheckAfterMonths.
	Fresh Freshness = iota
	// ToCheck (« à vérifier »): not confirmed for CheckAfterMonths.
	ToCheck
	// ToUpdate (« à actualiser »): not confirmed for UpdateAfterMonths,
	// or of unknown date.
	ToUpdate
)

// The ages, in months, at which a place is flagged.
const (
	CheckAfterMonths  = 12
	UpdateAfterMonths = 18
)

// Freshness is the place's on today (a date, midnight UTC, as date_maj).
func (l *Lieu) Freshness(today time.Time) Freshness {
	switch m := MonthsSince(l.DateMaj, today); {
	case m < 0 || m >= UpdateAfterMonths:
		return ToUpdate
	case m >= CheckAfterMonths:
		return ToCheck
	}
	return Fresh
}

// MonthsSince counts the whole months from date to today (0 for a date
// in the future, -1 for no date): 23 November 2025 is 12 months before
// 23 November 2026, and 11 before the 22nd.
func MonthsSince(date, today time.Time) int {
	if date.IsZero() {
		return -1
	}
	if !date.Before(today) {
		return 0
	}
	m := (today.Year()-date.Year())*12 + int(today.Month()-date.Month())
	if today.Day() < date.Day() {
		m--
	}
	return m
}

// Code is the freshness as the API writes it.
func (f Freshness) Code() string {
	return [...]string{"a_jour", "a_verifier", "a_actualiser"}[f]
}

// Label is the freshness in French.
func (f Freshness) Label() string {
	return [...]string{"à jour", "à vérifier", "à actualiser"}[f]
}
