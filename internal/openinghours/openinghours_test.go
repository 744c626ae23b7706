package openinghours

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, Paris)
	if err != nil {
		panic(err)
	}
	return t
}

func TestEaster(t *testing.T) {
	for y, want := range map[int]string{
		2000: "2000-04-23", 2019: "2019-04-21", 2024: "2024-03-31", 2025: "2025-04-20",
		2026: "2026-04-05", 2027: "2027-03-28", 2038: "2038-04-25", 2285: "2285-03-22",
	} {
		if got := Easter(y).Format("2006-01-02"); got != want {
			t.Errorf("Easter(%d) = %s, want %s", y, got, want)
		}
	}
}

func TestHolidays(t *testing.T) {
	names := func(hs []Holiday) string {
		var b []string
		for _, h := range hs {
			b = append(b, h.Date.Format("01-02"))
		}
		return strings.Join(b, " ")
	}
	if got, want := names(Holidays(2026, "31")), "01-01 04-06 05-01 05-08 05-14 05-25 07-14 08-15 11-01 11-11 12-25"; got != want {
		t.Errorf("2026 national: %s, want %s", got, want)
	}
	if got, want := names(Holidays(2026, "67")), "01-01 04-03 04-06 05-01 05-08 05-14 05-25 07-14 08-15 11-01 11-11 12-25 12-26"; got != want {
		t.Errorf("2026 Alsace: %s, want %s", got, want)
	}
	if got := HolidayOn(2026, time.April, 3, "57"); got != "Vendredi saint" {
		t.Errorf("Good Friday in Moselle: %q", got)
	}
	if got := HolidayOn(2026, time.April, 3, "54"); got != "" {
		t.Errorf("Good Friday in Meurthe-et-Moselle is a working day, got %q", got)
	}
	if got := HolidayOn(2026, time.December, 20, "974"); got == "" {
		t.Errorf("20 December in La Réunion is a holiday")
	}
}

func TestParseErrors(t *testing.T) {
	for _, s := range []string{
		"",
		"lundi 9h-12h",
		"Mo-Fr 09:00-",
		"Mo-Fr 25:00-26:00",
		"Mo-Fr 09:00-12:00; ;",
		"Mo[6] 10:00-12:00",
		"Mo-Fr sunrise-sunset",
		"Mo-Fr 09:00-12:00 \"rdv",
		"Mo-Fr 09:61-12:00",
		"Jan 32",
		"Mo-Fr 09:00-12:00 | Sa 10:00-12:00",
		"09:00-12:00,14:00",
		"Mo-Fr 9:00-12:00 Tu",
	} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) succeeded, want an error", s)
		} else if !strings.Contains(err.Error(), "caractère") {
			t.Errorf("Parse(%q) error %q does not say where", s, err)
		}
	}
}

func TestAt(t *testing.T) {
	// 2026-11-23 is a Monday; 2026-11-11 (Wednesday) is Armistice.
	tests := []struct {
		hours, when string
		dept        string
		open, unk   bool
	}{
		{"Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00", "2026-11-23 09:00", "", true, false},
		{"Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00", "2026-11-23 12:00", "", false, false},
		{"Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00", "2026-11-23 18:29", "", true, false},
		{"Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00", "2026-11-28 08:30", "", true, false},
		{"Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00", "2026-11-29 10:00", "", false, false},
		// PH off applies on 11 November; without it the Wednesday rule holds.
		{"Mo-Fr 09:00-17:00; PH off", "2026-11-11 10:00", "", false, false},
		{"Mo-Fr 09:00-17:00", "2026-11-11 10:00", "", true, false},
		// Good Friday closes only in Alsace-Moselle.
		{"Mo-Fr 09:00-17:00; PH off", "2026-04-03 10:00", "67", false, false},
		{"Mo-Fr 09:00-17:00; PH off", "2026-04-03 10:00", "75", true, false},
		// across midnight
		{"Fr 22:00-02:00", "2026-11-28 01:30", "", true, false},
		{"Fr 22:00-02:00", "2026-11-27 23:00", "", true, false},
		{"Fr 22:00-02:00", "2026-11-28 02:00", "", false, false},
		{"24/7", "2026-12-25 03:00", "", true, false},
		{"24/7; Dec 25 off", "2026-12-25 03:00", "", false, false},
		{"off", "2026-11-23 10:00", "", false, false},
		// later rules override earlier ones for their days
		{"Mo-Fr 08:00-18:00; We 14:00-18:00", "2026-11-25 09:00", "", false, false},
		{"Mo-Fr 08:00-18:00; We 14:00-18:00", "2026-11-24 09:00", "", true, false},
		// closed with times only closes those times
		{"Mo-Fr 08:00-18:00; We 12:00-14:00 off", "2026-11-25 13:00", "", false, false},
		{"Mo-Fr 08:00-18:00; We 12:00-14:00 off", "2026-11-25 15:00", "", true, false},
		// additional rule
		{"Mo 08:00-10:00, Tu 10:00-12:00", "2026-11-24 11:00", "", true, false},
		// comments
		{"Mo-Fr \"sur rendez-vous\"", "2026-11-24 11:00", "", false, true},
		{"Mo-Fr 09:00-12:00 \"sur rendez-vous\"", "2026-11-24 11:00", "", true, false},
		{"Mo-Fr 09:00-12:00 || \"sur rendez-vous\"", "2026-11-24 15:00", "", false, true},
		{"Mo-Fr 09:00-12:00 unknown", "2026-11-24 10:00", "", false, true},
		// months and dates
		{"Mo-Fr 09:00-17:00; Aug off", "2026-08-04 10:00", "", false, false},
		{"Mo-Fr 09:00-17:00; Aug off", "2026-09-01 10:00", "", true, false},
		{"Mo-Fr 09:00-17:00; Dec 24-Jan 02 off", "2026-12-31 10:00", "", false, false},
		{"Mo-Fr 09:00-17:00; Dec 24-Jan 02 off", "2027-01-04 10:00", "", true, false},
		{"Sep-Jun: Mo-Fr 09:00-17:00", "2026-07-15 10:00", "", false, false},
		{"Sep-Jun: Mo-Fr 09:00-17:00", "2026-06-15 10:00", "", true, false},
		{"2026 Dec 24 10:00-12:00", "2026-12-24 11:00", "", true, false},
		{"2026 Dec 24 10:00-12:00", "2027-12-24 11:00", "", false, false},
		// nth weekday of the month
		{"Sa[1] 10:00-12:00", "2026-12-05 11:00", "", true, false},
		{"Sa[1] 10:00-12:00", "2026-12-12 11:00", "", false, false},
		{"Sa[-1] 10:00-12:00", "2026-12-26 11:00", "", true, false},
		// week numbers and years
		{"week 01-53/2 Mo 10:00-12:00", "2026-11-23 11:00", "", false, false}, // ISO week 48
		{"week 01-53/2 Mo 10:00-12:00", "2026-11-30 11:00", "", true, false},  // ISO week 49
		{"2020-2025 Mo 10:00-12:00", "2026-11-23 11:00", "", false, false},
		{"2026+ Mo 10:00-12:00", "2026-11-23 11:00", "", true, false},
		// lenient forms
		{"mo-fr 9:00-12:00", "2026-11-23 09:30", "", true, false},
		{"Mo-Fr 9h-12h", "2026-11-23 09:30", "", true, false},
		{"Mo-Fr 09:00-12:00 14:00-17:00", "2026-11-23 15:00", "", true, false},
		{"Mo-Fr 09:00-12:00;", "2026-11-23 11:00", "", true, false},
		{"Su-Tu 10:00-12:00", "2026-11-23 11:00", "", true, false},
		{"Mo-Fr 18:00+", "2026-11-23 23:00", "", true, false},
		{"Mo-Fr 08:00-12:00; PH,Sa 10:00-11:00", "2026-11-11 10:30", "", true, false},
		{"Mo-Fr 08:00-12:00; PH,Sa 10:00-11:00", "2026-11-11 09:00", "", false, false},
	}
	for _, tt := range tests {
		h, err := Parse(tt.hours)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.hours, err)
			continue
		}
		got := h.At(at(tt.when), tt.dept)
		if got.Open != tt.open || got.Unknown != tt.unk {
			t.Errorf("%q at %s (dept %q): open=%v unknown=%v, want open=%v unknown=%v", tt.hours, tt.when, tt.dept, got.Open, got.Unknown, tt.open, tt.unk)
		}
	}
}

func TestNext(t *testing.T) {
	tests := []struct {
		hours, from, want string
		open              bool
	}{
		{"Mo-Fr 09:00-12:00,14:00-18:30", "2026-11-23 10:00", "2026-11-23 12:00", false},
		{"Mo-Fr 09:00-12:00,14:00-18:30", "2026-11-23 12:30", "2026-11-23 14:00", true},
		{"Mo-Fr 09:00-12:00,14:00-18:30", "2026-11-27 19:00", "2026-11-30 09:00", true},
		{"Mo-Fr 09:00-17:00; PH off", "2026-12-24 18:00", "2026-12-28 09:00", true},
		{"Fr 22:00-02:00", "2026-11-27 23:00", "2026-11-28 02:00", false},
		// a span that continues past midnight into the next day's span
		{"Mo-Su 00:00-02:00,20:00-24:00", "2026-11-23 21:00", "2026-11-24 02:00", false},
		// DST: 2027-03-28 02:00 does not exist in Paris
		{"Su 09:00-12:00", "2027-03-27 12:00", "2027-03-28 09:00", true},
	}
	for _, tt := range tests {
		h, err := Parse(tt.hours)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.hours, err)
		}
		when, st, ok := h.Next(at(tt.from), "")
		if !ok || !when.Equal(at(tt.want)) || st.Open != tt.open {
			t.Errorf("%q Next(%s) = %v %v %v, want %s open=%v", tt.hours, tt.from, when.In(Paris), st, ok, tt.want, tt.open)
		}
	}
	h, err := Parse("24/7")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, ok := h.Next(at("2026-11-23 10:00"), ""); ok {
		t.Errorf("24/7 never changes")
	}
}

func TestWeek(t *testing.T) {
	h, err := Parse("Mo-Fr 09:00-12:00,14:00-17:00; We 09:00-12:00; PH off")
	if err != nil {
		t.Fatal(err)
	}
	w := h.Week(at("2026-11-12 10:00"), "") // week of Armistice (Wednesday 11)
	if got := w[0].Date.Format("2006-01-02"); got != "2026-11-09" {
		t.Errorf("week starts %s", got)
	}
	if len(w[0].Spans) != 2 || w[0].Spans[1] != (Span{From: 14 * 60, To: 17 * 60}) {
		t.Errorf("Monday: %+v", w[0].Spans)
	}
	if w[2].Holiday != "Armistice 1918" || len(w[2].Spans) != 0 {
		t.Errorf("Wednesday 11 November: %+v", w[2])
	}
	if len(w[5].Spans) != 0 || len(w[6].Spans) != 0 {
		t.Errorf("week-end: %+v %+v", w[5], w[6])
	}
}

// TestUsualWeek: from Wednesday 23 December 2026, each weekday's next day
// that is neither a public holiday (Christmas and New Year's Day are
// Fridays; Saint-Étienne, 26 December, only in Alsace-Moselle) nor a
// closed day; a weekday closed on all its dates within UsualWeeks takes
// its next date that is not a holiday. The dates are written by hand from
// a calendar.
func TestUsualWeek(t *testing.T) {
	h, err := Parse("Mo-Fr 09:00-12:00; Sa 10:00-12:00; PH off")
	if err != nil {
		t.Fatal(err)
	}
	closedOn := func(days ...string) func(time.Time) bool {
		return func(d time.Time) bool {
			if d.Hour() != 0 || d.Location() != time.UTC {
				t.Errorf("closed given %v, not midnight UTC", d)
			}
			for _, c := range days {
				if d.Format("2006-01-02") == c {
					return true
				}
			}
			return false
		}
	}
	always := func(time.Time) bool { return true }
	for _, tt := range []struct {
		name   string
		t      time.Time
		dept   string
		closed func(time.Time) bool
		want   [7]string // Monday first: the date taken, and « * » when open
	}{
		{"holidays", at("2026-12-23 10:00"), "81", nil,
			[7]string{"2026-12-28*", "2026-12-29*", "2026-12-23*", "2026-12-24*", "2027-01-08*", "2026-12-26*", "2026-12-27"}},
		// 23:30 UTC on the 22nd is the 23rd in Paris.
		{"Paris day", time.Date(2026, 12, 22, 23, 30, 0, 0, time.UTC), "81", nil,
			[7]string{"2026-12-28*", "2026-12-29*", "2026-12-23*", "2026-12-24*", "2027-01-08*", "2026-12-26*", "2026-12-27"}},
		{"Alsace-Moselle", at("2026-12-23 10:00"), "67", nil,
			[7]string{"2026-12-28*", "2026-12-29*", "2026-12-23*", "2026-12-24*", "2027-01-08*", "2027-01-02*", "2026-12-27"}},
		{"closure", at("2026-12-23 10:00"), "81", closedOn("2026-12-28", "2026-12-29", "2027-01-04", "2026-12-24"),
			[7]string{"2027-01-11*", "2027-01-05*", "2026-12-23*", "2026-12-31*", "2027-01-08*", "2026-12-26*", "2026-12-27"}},
		// A closure over every date: the closed days count, never the
		// holidays (Fridays 25 December and 1 January; review 12A minor 12).
		{"closed for good", at("2026-12-23 10:00"), "81", always,
			[7]string{"2026-12-28*", "2026-12-29*", "2026-12-23*", "2026-12-24*", "2027-01-08*", "2026-12-26*", "2026-12-27"}},
	} {
		w := h.UsualWeek(tt.t, tt.dept, tt.closed)
		for i, d := range w {
			got := d.Date.Format("2006-01-02")
			if len(d.Spans) > 0 {
				got += "*"
			}
			if got != tt.want[i] {
				t.Errorf("%s: day %d is %s, want %s", tt.name, i, got, tt.want[i])
			}
		}
	}
}

// TestUsualWeekMostFrequent: a weekday's usual opening is its most
// frequent over the UsualWeeks weeks looked at (ties to the earliest
// date), so exceptions dated in the hours and the last days of a season
// do not pass for the usual week (review 12A major 11). From Sunday 20
// December 2026 the weeks run to Saturday 27 February 2027 (Fridays 25
// December and 1 January are holidays); from Friday 26 June 2026 to
// Thursday 3 September (Tuesday 14 July a holiday; Monday 29 June is ISO
// week 27). Each day is the date taken and its hours, written by hand
// from a calendar.
func TestUsualWeekMostFrequent(t *testing.T) {
	christmas, summer := at("2026-12-20 10:00"), at("2026-06-26 10:00")
	for _, tt := range []struct {
		name, hours string
		t           time.Time
		want        [7]string
	}{
		// Mondays 21 and 28 December off, then 8 Mondays open.
		{"Christmas break", "Mo-Fr 09:00-18:00; Dec 21-Jan 03 off", christmas, [7]string{
			"2027-01-04 09:00-18:00", "2027-01-05 09:00-18:00", "2027-01-06 09:00-18:00", "2027-01-07 09:00-18:00",
			"2027-01-08 09:00-18:00", "2026-12-26", "2026-12-20"}},
		{"Christmas Eve off", "Mo-Fr 09:00-18:00; Dec 24 off", christmas, [7]string{
			"2026-12-21 09:00-18:00", "2026-12-22 09:00-18:00", "2026-12-23 09:00-18:00", "2026-12-31 09:00-18:00",
			"2027-01-08 09:00-18:00", "2026-12-26", "2026-12-20"}},
		// Thursdays 24 and 31 December in the morning, 8 Thursdays all day.
		{"mornings of the eves", "Mo-Fr 09:00-18:00; Dec 24,Dec 31 09:00-12:00", christmas, [7]string{
			"2026-12-21 09:00-18:00", "2026-12-22 09:00-18:00", "2026-12-23 09:00-18:00", "2027-01-07 09:00-18:00",
			"2027-01-08 09:00-18:00", "2026-12-26", "2026-12-20"}},
		// Open one Thursday of ten: closed.
		{"only 24 December", "Dec 24 09:00-12:00", christmas, [7]string{
			"2026-12-21", "2026-12-22", "2026-12-23", "2026-12-31", "2027-01-08", "2026-12-26", "2026-12-20"}},
		// Mondays 4 January, 1 February and 1 March 2027 open of ten: closed.
		{"first Monday", "Mo[1] 09:00-12:00", at("2027-01-03 10:00"), [7]string{
			"2027-01-11", "2027-01-05", "2027-01-06", "2027-01-07", "2027-01-08", "2027-01-09", "2027-01-03"}},
		// Mondays 21, 28 December, 8, 15, 22 February in the morning,
		// 4 January to 1 February in the afternoon: a tie, the earliest.
		{"tie", "Mo 09:00-12:00; Jan 04-Feb 01 Mo 14:00-18:00", christmas, [7]string{
			"2026-12-21 09:00-12:00", "2026-12-22", "2026-12-23", "2026-12-24", "2027-01-08", "2026-12-26", "2026-12-20"}},
		// Monday 29 June, Tuesday 30 June, Friday 26 June are the last
		// days of the winter hours; 1 September, 2 and 3 the first.
		{"summer coming", "Jul-Aug Mo-Fr 09:00-12:00; Sep-Jun Mo-Fr 14:00-18:00", summer, [7]string{
			"2026-07-06 09:00-12:00", "2026-07-07 09:00-12:00", "2026-07-01 09:00-12:00", "2026-07-02 09:00-12:00",
			"2026-07-03 09:00-12:00", "2026-06-27", "2026-06-28"}},
		// From Friday 28 August to Thursday 5 November: Monday 31 August
		// and Friday 28 August are the last summer days.
		{"winter coming", "Jul-Aug Mo-Fr 09:00-12:00; Sep-Jun Mo-Fr 14:00-18:00", at("2026-08-28 10:00"), [7]string{
			"2026-09-07 14:00-18:00", "2026-09-01 14:00-18:00", "2026-09-02 14:00-18:00", "2026-09-03 14:00-18:00",
			"2026-09-04 14:00-18:00", "2026-08-29", "2026-08-30"}},
		{"weeks", "week 01-26 Mo-Fr 14:00-18:00; week 27-53 Mo-Fr 09:00-12:00", summer, [7]string{
			"2026-06-29 09:00-12:00", "2026-06-30 09:00-12:00", "2026-07-01 09:00-12:00", "2026-07-02 09:00-12:00",
			"2026-07-03 09:00-12:00", "2026-06-27", "2026-06-28"}},
	} {
		h, err := Parse(tt.hours)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		for i, d := range h.UsualWeek(tt.t, "31", nil) {
			got := d.Date.Format("2006-01-02")
			for j, s := range d.Spans {
				sep := ","
				if j == 0 {
					sep = " "
				}
				got += fmt.Sprintf("%s%02d:%02d-%02d:%02d", sep, s.From/60, s.From%60, s.To/60, s.To%60)
			}
			if got != tt.want[i] {
				t.Errorf("%s: day %d is %q, want %q", tt.name, i, got, tt.want[i])
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00", "24/7", "Mo-Fr 09:00-17:00; PH off",
		"Fr 22:00-02:00", "Dec 24-Jan 02 off", "Sa[1,3] 10:00-12:00", "week 01-53/2 Mo 10:00-12:00",
		"Mo-Fr 09:00-12:00 || \"sur rendez-vous\"", "2026 Dec 24 10:00-12:00", "Sep-Jun: Mo-Fr 9h-12h",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := Parse(s)
		if err != nil {
			return
		}
		now := time.Date(2026, 11, 23, 10, 0, 0, 0, Paris)
		h.At(now, "67")
		for _, d := range h.Week(now, "") {
			for _, sp := range d.Spans {
				if sp.From < 0 || sp.To > 24*60 || sp.From >= sp.To {
					t.Fatalf("%q: bad span %+v", s, sp)
				}
			}
		}
		if when, _, ok := h.Next(now, ""); ok && !when.After(now) {
			t.Fatalf("%q: next change %v not after %v", s, when, now)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Parse("Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00; PH off"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAt(b *testing.B) {
	h, err := Parse("Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00; PH off")
	if err != nil {
		b.Fatal(err)
	}
	t := at("2026-11-23 10:00")
	for i := 0; i < b.N; i++ {
		h.At(t, "31")
	}
}

func TestTooLong(t *testing.T) {
	long := strings.Repeat("Mo 09:00-10:00, ", 40)
	if _, err := Parse(long); err == nil || !strings.Contains(err.Error(), "trop longue") {
		t.Errorf("a %d-character value: %v", len(long), err)
	}
}
