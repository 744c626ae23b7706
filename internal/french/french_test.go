package french

import (
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		t              time.Time
		date, dayMonth string
	}{
		{time.Date(2026, 12, 1, 10, 0, 0, 0, paris), "1er décembre 2026", "1er décembre"},
		{time.Date(2026, 2, 2, 0, 0, 0, 0, paris), "2 février 2026", "2 février"},
		{time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), "1er janvier 2027", "1er janvier"},
		{time.Date(2026, 8, 31, 23, 59, 0, 0, paris), "31 août 2026", "31 août"},
		{time.Date(2026, 11, 11, 0, 0, 0, 0, paris), "11 novembre 2026", "11 novembre"},
		{time.Date(2026, 10, 21, 0, 0, 0, 0, paris), "21 octobre 2026", "21 octobre"},
	} {
		if got := Date(tc.t); got != tc.date {
			t.Errorf("Date(%v) = %q, want %q", tc.t, got, tc.date)
		}
		if got := DayMonth(tc.t); got != tc.dayMonth {
			t.Errorf("DayMonth(%v) = %q, want %q", tc.t, got, tc.dayMonth)
		}
	}
	if got := Date(time.Time{}); got != "" {
		t.Errorf("Date(zero) = %q, want \"\"", got)
	}
}

func TestWeekdayAndMonth(t *testing.T) {
	for _, tc := range []struct {
		d    time.Weekday
		want string
	}{{time.Monday, "lundi"}, {time.Sunday, "dimanche"}, {time.Saturday, "samedi"}} {
		if got := Weekday(tc.d); got != tc.want {
			t.Errorf("Weekday(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
	if got := Month(time.August); got != "août" {
		t.Errorf("Month(August) = %q", got)
	}
}

func TestCount(t *testing.T) {
	for _, tc := range []struct {
		n         int
		one, many string
		want      string
	}{
		{0, "compte", "comptes", "0 compte"},
		{1, "compte", "comptes", "1 compte"},
		{2, "compte", "comptes", "2 comptes"},
		{1, "lieu trouvé", "lieux trouvés", "1 lieu trouvé"},
		{687, "lieu", "lieux", "687 lieux"},
		{1000, "lieu", "lieux", "1000 lieux"},
		{12345, "lieu", "lieux", "12\u202f345 lieux"},
		{100000, "lieu", "lieux", "100\u202f000 lieux"},
		{1234567, "entrée", "entrées", "1\u202f234\u202f567 entrées"},
		{-3, "degré", "degrés", "-3 degrés"},
		{-12345, "degré", "degrés", "-12\u202f345 degrés"},
	} {
		if got := Count(tc.n, tc.one, tc.many); got != tc.want {
			t.Errorf("Count(%d, %q, %q) = %q, want %q", tc.n, tc.one, tc.many, got, tc.want)
		}
	}
}

func TestPlural(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{{0, "élément"}, {1, "élément"}, {2, "éléments"}, {-1, "élément"}, {-2, "éléments"}} {
		if got := Plural(tc.n, "élément", "éléments"); got != tc.want {
			t.Errorf("Plural(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

// Grouped groups four digits too: « 6 000 premières communes sur 34 917 »
// (review 9A, minor 12: « 6000 »).
func TestGrouped(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{
		{0, "0"}, {999, "999"}, {1000, "1\u202f000"}, {6000, "6\u202f000"}, {34917, "34\u202f917"}, {-1234, "-1\u202f234"}, {1234567, "1\u202f234\u202f567"},
	} {
		if got := Grouped(tc.n); got != tc.want {
			t.Errorf("Grouped(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
	if got := Number(6000); got != "6000" {
		t.Errorf("Number(6000) = %q: Number keeps four digits whole", got)
	}
}
