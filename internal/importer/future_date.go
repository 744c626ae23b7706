package importer

import (
	"time"
	_ "time/tzdata" // Europe/Paris must be known even without the system's tzdata

	"maillage/internal/place"
	"maillage/internal/standard"
)

// A date_maj in the future (beyond tomorrow in Europe/Paris, the import's
// clock) is not trusted: a source that dates its records 2099 would win
// every merge and stay « à jour » forever. The record is dated by the
// import's day instead, with a warning that keeps the source's value
// (rule date-maj-future, stored with the record's diagnostics).

var paris = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic("importer: " + err.Error()) // time/tzdata is embedded
	}
	return loc
}()

// importDay is the day of now in Paris, as date_maj values are (midnight UTC).
func importDay(now time.Time) time.Time {
	y, m, d := now.In(paris).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// untrustedDate, when e's date_maj is after tomorrow (Paris) at now,
// dates the record by the import's day and adds the warning to its
// diagnostics; it reports whether it did.
func untrustedDate(file string, e *standard.Entry, now time.Time) bool {
	if !e.OK || e.Lieu.DateMaj.IsZero() {
		return false
	}
	day := importDay(now)
	if !e.Lieu.DateMaj.After(day.AddDate(0, 0, 1)) {
		return false
	}
	value := e.Lieu.DateMaj.Format("2006-01-02")
	e.Diagnostics = append(e.Diagnostics, standard.Diagnostic{File: file, Line: e.Line, Index: e.Index, RecordID: e.Lieu.ID, Problem: place.Problem{
		Severity: place.Warning, Field: "date_maj", Value: value, Rule: "date-maj-future",
		Message: "date de mise à jour dans le futur (" + value + ") : non retenue, le lieu est daté du jour de l'import (" + day.Format("2006-01-02") + ")"}})
	e.Lieu.DateMaj = day
	return true
}
