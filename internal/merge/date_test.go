package merge

import (
	"testing"
	"time"

	"maillage/internal/place"
)

// TestDateMajOfRecordsOrPerson: date_maj is the newest of the records',
// unless a person set a later one (a confirmation, or an edit that moved
// it): a later date the place holds without a person behind it (a record
// that left the place) goes.
func TestDateMajOfRecordsOrPerson(t *testing.T) {
	current := &place.Lieu{ID: "pub", Nom: "Nom a", Commune: "Albi", CodePostal: "81000", Adresse: "1 rue a", DateMaj: day(20)}
	records := []Record{rec("a", "1", 0, 5, nil), rec("b", "2", 3, 4, nil)}
	tests := []struct {
		name string
		hand map[string]Hand
		want time.Time
		from Origin
	}{
		{"no person: the records' newest", nil, day(5), Origin{Source: "a", SourceID: "1", Origin: OriginSource, At: day(5)}},
		{"an edit made long before the date is no confirmation of it",
			map[string]Hand{"nom": {Origin: "structure", Actor: "compte:2", At: day(8)}}, day(5),
			Origin{Source: "a", SourceID: "1", Origin: OriginSource, At: day(5)}},
		{"a confirmation", map[string]Hand{"date_maj": {Origin: "structure", Actor: "compte:2", At: day(20).Add(9 * time.Hour)}}, day(20),
			Origin{Origin: "structure", Actor: "compte:2", At: day(20)}},
		{"an edit that moved the date (before confirmations were kept)",
			map[string]Hand{"nom": {Origin: "coordination", Actor: "compte:3", At: day(19).Add(23 * time.Hour)}}, day(20),
			Origin{Origin: "coordination", Actor: "compte:3", At: day(20)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, o := Compute(records, current, tt.hand)
			if !l.DateMaj.Equal(tt.want) || o["date_maj"] != tt.from {
				t.Errorf("date_maj %s from %+v, want %s from %+v", l.DateMaj.Format(time.DateOnly), o["date_maj"], tt.want.Format(time.DateOnly), tt.from)
			}
		})
	}
	// A record newer than the confirmation gives the date.
	newer := []Record{rec("a", "1", 0, 25, nil)}
	l, o := Compute(newer, current, map[string]Hand{"date_maj": {Origin: "structure", At: day(20)}})
	if !l.DateMaj.Equal(day(25)) || !o["date_maj"].FromSource() {
		t.Errorf("a record newer than the confirmation: date_maj %s from %+v", l.DateMaj.Format(time.DateOnly), o["date_maj"])
	}
}
