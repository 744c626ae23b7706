package dedup

import (
	"testing"

	"maillage/internal/place"
)

func TestFuzzRatio(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"hello world", "hiyyo wyrld", 64}, // fuzzball's README
		{"this is a test", "this is a test!", 100},
		{"Mairie", "MAIRIE", 100},
		{"abc", "", 0},
		{"ab", "ba", 50},
	}
	for _, tt := range tests {
		if got := FuzzRatio(tt.a, tt.b); got != tt.want {
			t.Errorf("FuzzRatio(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestNationalRule(t *testing.T) {
	a := rec("hub", "1", "Médiathèque Jean Moulin", "12 rue Pasteur", "01053", lat0, lon0)
	tests := []struct {
		name  string
		b     Record
		score int
		want  Band
	}{
		// 0.0003° apart: distance score 100.
		{"identical, close", rec("nat", "2", "Médiathèque Jean Moulin", "12 rue Pasteur", "01053", lat0+0.0003, lon0), 100, Same},
		// 0.001° apart: trunc(100/2) = 50; (100+100+50)/3 = 83, not above 83.
		{"identical, 110 m off", rec("nat", "2", "Médiathèque Jean Moulin", "12 rue Pasteur", "01053", lat0+0.001, lon0), 83, Distinct},
		// Missing coordinates count as distance 0.
		{"no coordinates", rec("nat", "2", "Médiathèque Jean Moulin", "12 rue Pasteur", "01053", 0, 0), 100, Same},
		{"other commune", rec("nat", "2", "Médiathèque Jean Moulin", "12 rue Pasteur", "01054", lat0, lon0), 100, Distinct},
		// 0.0006° apart: trunc(100/1.6) = 62; (100+100+62)/3 = 87.
		{"87 across sources", rec("nat", "2", "Médiathèque Jean Moulin", "12 rue Pasteur", "01053", lat0+0.0006, lon0), 87, Same},
		{"87 within one source", rec("hub", "2", "Médiathèque Jean Moulin", "12 rue Pasteur", "01053", lat0+0.0006, lon0), 87, Distinct},
		{"one typology empty", with(rec("nat", "2", "Médiathèque Jean Moulin", "12 rue Pasteur", "01053", lat0, lon0),
			func(l *place.Lieu) { l.Typologie = []string{"MUNI"} }), 100, Same},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.score > 0 {
				if got := National(a, tt.b).Score; got != tt.score {
					t.Errorf("score %d, want %d", got, tt.score)
				}
			}
			if got := NationalMatch(a, tt.b); got != tt.want {
				t.Errorf("band %v, want %v (%+v)", got, tt.want, National(a, tt.b))
			}
		})
	}
	// Typologies: the same, either empty, or RFS and PIMMS.
	x := with(a, func(l *place.Lieu) { l.Typologie = []string{"BIB"} })
	for _, tt := range []struct {
		typo []string
		want bool
	}{{[]string{"BIB"}, true}, {nil, true}, {[]string{"MUNI"}, false}} {
		y := with(a, func(l *place.Lieu) { l.ID = "z"; l.Typologie = tt.typo })
		if got := National(x, y).Candidate; got != tt.want {
			t.Errorf("typologies BIB / %q: candidate %v, want %v", tt.typo, got, tt.want)
		}
	}
	r := with(a, func(l *place.Lieu) { l.Typologie = []string{"RFS"} })
	p := with(a, func(l *place.Lieu) { l.ID = "z"; l.Typologie = []string{"PIMMS"} })
	if !National(r, p).Candidate {
		t.Error("RFS and PIMMS are compatible typologies")
	}
}
