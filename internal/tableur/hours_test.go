package tableur

import (
	"testing"

	"maillage/internal/openinghours"
)

func TestReadDay(t *testing.T) {
	tests := []struct {
		in   string
		want string // the day as composeOSM writes it on a Monday; "-" unreadable
		note bool
	}{
		{"", "", false},
		{"09:00 - 12:00 / 13:30 - 17:00", "Mo 09:00-12:00,13:30-17:00", false},
		{"09:00 - 12:00", "Mo 09:00-12:00", false},
		{"9h-12h", "Mo 09:00-12:00", false},
		{"9h - 12h et 14h - 17h", "Mo 09:00-12:00,14:00-17:00", false},
		{"14h00 à 17h00", "Mo 14:00-17:00", false},
		{"de 9h à 12h30", "Mo 09:00-12:30", false},
		{"De 9 h 30 à 12 h", "Mo 09:30-12:00", false},
		{"9h30-12h, 14h-18h", "Mo 09:30-12:00,14:00-18:00", false},
		{"09h00-12h00 ; 13h30-17h00", "Mo 09:00-12:00,13:30-17:00", false},
		{"8:30-12:00 13:30-17:00", "Mo 08:30-12:00,13:30-17:00", false},
		{"9h–12h", "Mo 09:00-12:00", false},
		{"matin : 9h-12h / après-midi : 14h-17h", "Mo 09:00-12:00,14:00-17:00", false},
		{"9h-midi", "Mo 09:00-12:00", false},
		{"13:30 - 17:00 / 09:00 - 12:00", "Mo 09:00-12:00,13:30-17:00", false},
		{"20h-24h", "Mo 20:00-24:00", false},
		{"fermé", "", false},
		{"Fermée", "", false},
		{"FERME", "", false},
		{"fermé toute la journée", "", false},
		{"-", "", false},
		{"08:30 - 12:00 / 08:30 - 17:00", "Mo 08:30-17:00", true},
		{"09:00 - 12:00 / 09:00 - 12:00", "Mo 09:00-12:00", true},
		{"00:00 - 00:00", "", true},
		{"00:00 - 00:00 / 09:00 - 12:00", "Mo 09:00-12:00", true},
		{"09:00 - 12:00 / 12:00 - 14:00", "Mo 09:00-12:00,12:00-14:00", false},
		{"sur rendez-vous", "-", false},
		{"9h-12h sur RDV", "-", false},
		{"12h-9h", "-", false},
		{"25:00 - 26:00", "-", false},
		{"09:70 - 10:00", "-", false},
		{"9h", "-", false},
		{"lundi", "-", false},
	}
	for _, tt := range tests {
		spans, note, ok := readDay(tt.in)
		got := "-"
		if ok {
			got = composeOSM([7][]span{spans}, false)
		}
		if got != tt.want || (note != "") != tt.note {
			t.Errorf("readDay(%q) = %q (note %q), want %q (note %v)", tt.in, got, note, tt.want, tt.note)
		}
	}
}

func TestComposeOSM(t *testing.T) {
	am := []span{{9 * 60, 12 * 60}}
	day := []span{{9 * 60, 12 * 60}, {14 * 60, 17 * 60}}
	tests := []struct {
		week     [7][]span
		holidays bool
		want     string
	}{
		{[7][]span{}, false, ""},
		{[7][]span{}, true, ""},
		{[7][]span{day, day, day, day, day}, false, "Mo-Fr 09:00-12:00,14:00-17:00"},
		{[7][]span{day, day, am, day, day, am}, true, "Mo-Tu 09:00-12:00,14:00-17:00; We 09:00-12:00; Th-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off"},
		{[7][]span{nil, am, nil, nil, nil, nil, am}, false, "Tu 09:00-12:00; Su 09:00-12:00"},
	}
	for _, tt := range tests {
		got := composeOSM(tt.week, tt.holidays)
		if got != tt.want {
			t.Errorf("composeOSM = %q, want %q", got, tt.want)
		}
		if got != "" {
			if _, err := openinghours.Parse(got); err != nil {
				t.Errorf("%q does not parse: %v", got, err)
			}
		}
	}
}

// FuzzReadDay checks that whatever a day's cell holds, what is read
// makes a value the OSM parser reads.
func FuzzReadDay(f *testing.F) {
	for _, s := range []string{"09:00 - 12:00 / 13:30 - 17:00", "9h-12h", "14h00 à 17h00", "fermé", "00:00 - 00:00 / 9h-midi", "de 9 h 30 à 12 h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		spans, _, ok := readDay(s)
		if !ok {
			return
		}
		for i, sp := range spans {
			if sp.from < 0 || sp.to > 24*60 || sp.from >= sp.to || i > 0 && sp.from < spans[i-1].to {
				t.Fatalf("readDay(%q) = %v", s, spans)
			}
		}
		week := [7][]span{spans, nil, spans}
		if osm := composeOSM(week, true); osm != "" {
			if _, err := openinghours.Parse(osm); err != nil {
				t.Fatalf("readDay(%q) composes %q, which does not parse: %v", s, osm, err)
			}
		}
	})
}
