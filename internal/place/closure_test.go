package place

import (
	"testing"
	"time"
)

func d(s string) time.Time {
	v, ok := ParseClosureDay(s)
	if !ok {
		panic(s)
	}
	return v
}

func TestClosuresOnDays(t *testing.T) {
	cs := []Closure{
		{ID: 1, From: d("2026-12-24"), To: d("2026-12-27"), Reason: ClosureHolidays},
		{ID: 2, From: d("2026-12-28"), To: d("2027-01-02"), Reason: ClosureWorks}, // follows the first
		{ID: 3, From: d("2027-02-10"), To: d("2027-02-10"), Reason: ClosureOther, Text: "inventaire"},
	}
	for _, tc := range []struct {
		day             string
		closedBy        int64 // 0: open
		reopens, nextID string
	}{
		{"2026-12-23", 0, "2026-12-23", "1"},
		{"2026-12-24", 1, "2027-01-03", "1"},
		{"2026-12-27", 1, "2027-01-03", "1"},
		{"2026-12-28", 2, "2027-01-03", "2"},
		{"2027-01-02", 2, "2027-01-03", "2"},
		{"2027-01-03", 0, "2027-01-03", "3"},
		{"2027-02-10", 3, "2027-02-11", "3"},
		{"2027-02-11", 0, "2027-02-11", ""},
	} {
		c, closed := ClosedOn(cs, d(tc.day))
		if closed != (tc.closedBy != 0) || closed && c.ID != tc.closedBy {
			t.Errorf("%s: closed %v by %d, want %d", tc.day, closed, c.ID, tc.closedBy)
		}
		if got := FormatClosureDay(ReopensOn(cs, d(tc.day))); got != tc.reopens {
			t.Errorf("%s: reopens %s, want %s", tc.day, got, tc.reopens)
		}
		next, ok := CurrentOrNext(cs, d(tc.day))
		if got := ""; ok {
			got = string(rune('0' + next.ID))
			if got != tc.nextID {
				t.Errorf("%s: current or next %s, want %s", tc.day, got, tc.nextID)
			}
		} else if tc.nextID != "" {
			t.Errorf("%s: no current or next, want %s", tc.day, tc.nextID)
		}
	}
	if up := Upcoming(cs, d("2027-01-01")); len(up) != 2 || up[0].ID != 2 || up[1].ID != 3 {
		t.Errorf("upcoming on 1 January: %+v", up)
	}
}

func TestClosureCheck(t *testing.T) {
	today := d("2026-12-02")
	for _, tc := range []struct {
		c     Closure
		field string
	}{
		{Closure{From: d("2026-12-02"), To: d("2026-12-02"), Reason: ClosureWorks}, ""},
		{Closure{From: d("2026-11-30"), To: d("2026-12-02"), Reason: ClosureWorks}, ""}, // under way
		{Closure{From: d("2026-11-30"), To: d("2026-12-01"), Reason: ClosureWorks}, "au"},
		{Closure{From: d("2026-12-10"), To: d("2026-12-09"), Reason: ClosureWorks}, "au"},
		{Closure{From: d("2026-12-10"), To: d("2026-12-12"), Reason: ""}, "motif"},
		{Closure{To: d("2026-12-12"), Reason: ClosureWorks}, "du"},
		{Closure{From: d("2028-12-10"), To: d("2028-12-12"), Reason: ClosureWorks}, "du"},
		{Closure{From: d("2027-01-01"), To: d("2027-12-31"), Reason: ClosureWorks}, ""},
		{Closure{From: d("2027-01-01"), To: d("2028-01-01"), Reason: ClosureWorks}, ""}, // 366 days
		{Closure{From: d("2027-01-01"), To: d("2028-01-02"), Reason: ClosureWorks}, "au"},
		{Closure{From: d("2026-12-10"), To: d("2026-12-12"), Reason: ClosureOther, Text: " "}, "precision"},
		{Closure{From: d("2026-12-10"), To: d("2026-12-12"), Reason: ClosureOther, Text: "déménagement"}, ""},
		{Closure{From: d("2026-12-10"), To: d("2026-12-12"), Reason: ClosureHolidays, Text: "a\u202eb"}, "precision"},
	} {
		if field, msg := tc.c.Check(today); field != tc.field || (field == "") != (msg == "") {
			t.Errorf("%+v: field %q (%s), want %q", tc.c, field, msg, tc.field)
		}
	}
}

// A closure as an OSM opening_hours rule: several days, one day, across
// the new year.
func TestClosureOSMRule(t *testing.T) {
	for _, tc := range []struct{ from, to, want string }{
		{"2026-12-01", "2026-12-06", "2026 Dec 01-2026 Dec 06 off"},
		{"2027-02-10", "2027-02-10", "2027 Feb 10 off"},
		{"2026-12-24", "2027-01-02", "2026 Dec 24-2027 Jan 02 off"},
	} {
		if got := (Closure{From: d(tc.from), To: d(tc.to)}).OSMRule(); got != tc.want {
			t.Errorf("%s – %s: %q, want %q", tc.from, tc.to, got, tc.want)
		}
	}
}
