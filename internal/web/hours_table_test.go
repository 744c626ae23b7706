package web

import (
	"strings"
	"testing"

	"maillage/internal/place"
)

// A comment shared by every span of a day is said once; a comment of one
// span stays with it.
func TestWeekTableComments(t *testing.T) {
	for _, tc := range []struct {
		hours, want string
	}{
		{`Mo 08:30-12:00,14:00-17:00 "sur rendez-vous"`, nb("8 h 30 – 12 h, 14 h – 17 h — sur rendez-vous")},
		{`Mo 08:30-12:00 "sur rendez-vous", 14:00-17:00`, nb("8 h 30 – 12 h — sur rendez-vous, 14 h – 17 h")},
		{`Mo 09:00-12:00 "accès libre"`, nb("9 h – 12 h — accès libre")},
		{`Mo 09:00-12:00,14:00-17:00`, nb("9 h – 12 h, 14 h – 17 h")},
	} {
		l := &place.Lieu{Horaires: tc.hours, CodePostal: "31000"}
		rows := weekTable(l, monday10h)
		if len(rows) != 7 {
			t.Fatalf("%s: %d rows", tc.hours, len(rows))
		}
		if got := strings.Join(rows[0].Spans, ", "); got != tc.want {
			t.Errorf("%s: Monday reads %q, want %q", tc.hours, got, tc.want)
		}
	}
}
