package dedupeval

import (
	"testing"

	"maillage/internal/dedup"
	"maillage/internal/place"
)

// These tests check dedup's implementation of the national rule (the
// baseline of the benchmark) against values that do not come from it: the
// expected scores are those of fuzzball's documentation and of the national
// pipeline's own tests (mednum-cli find-duplicates.spec.ts).
func TestFuzzRatio(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"hello world", "hiyyo wyrld", 64},
		{"this is a test", "This is a test!", 100},
		{"Numerinaute", "numerinaute", 100},
		{"12 Rue Joseph Rey (chez Aconit)", "12 Rue Joseph Rey", 74},
		{"Numerinaute", "La Turbine.Coop", 38},
		{"12 Rue Joseph Rey (chez Aconit)", "5 esplanade Andry Farcy 38000 Grenoble", 33},
		{"8 Av du Mal de Lattre de Tassigny", "20 PL D AVRINSART", 36},
		{"LA POSTE", "LA POSTE", 100},
		{"", "x", 0},
		{"!!", "x", 0},
	}
	for _, tt := range tests {
		if got := dedup.FuzzRatio(tt.a, tt.b); got != tt.want {
			t.Errorf("FuzzRatio(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestDistanceScore(t *testing.T) {
	pt := func(lat, lon float64) *place.Point { return &place.Point{Lat: lat, Lon: lon} }
	tests := []struct {
		a, b *place.Point
		want int
	}{
		{pt(45.186115, 5.716962), pt(45.187654, 5.704953), 7},
		{pt(48.176748, 6.444835), pt(48.183401, 6.45588), 7},
		{pt(45.186115, 5.716962), pt(45.186117, 5.716961), 100},
		{pt(45.0, 5.0), pt(45.0003, 5.0), 100}, // < 0.0004°
		{pt(45.0, 5.0), pt(45.0005, 5.0), 66},  // 100/1.5
		{pt(45.0, 5.0), pt(45.001, 5.0), 50},   // 100/2
		{nil, pt(45.0, 5.0), 100},              // missing: distance 0
		{nil, nil, 100},
	}
	for _, tt := range tests {
		a := dedup.Record{Source: "a", Lieu: &place.Lieu{ID: "1", Nom: "x", Adresse: "x", CodeINSEE: "38185", Coordinates: tt.a}}
		b := dedup.Record{Source: "b", Lieu: &place.Lieu{ID: "2", Nom: "x", Adresse: "x", CodeINSEE: "38185", Coordinates: tt.b}}
		if got := dedup.National(a, b).Distance; got != tt.want {
			t.Errorf("distance score of %v, %v = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestNationalRule(t *testing.T) {
	rec := func(source, id, nom, adresse, insee, typo string, lat, lon float64) dedup.Record {
		l := &place.Lieu{ID: id, Nom: nom, Adresse: adresse, CodeINSEE: insee, Coordinates: &place.Point{Lat: lat, Lon: lon}}
		if typo != "" {
			l.Typologie = []string{typo}
		}
		return dedup.Record{Source: source, Lieu: l}
	}
	// Scores: nom 100, voie 74, distance 100 → trunc(274/3) = 91.
	a := rec("conseiller-numerique", "574", "Numerinaute", "12 Rue Joseph Rey (chez Aconit)", "38185", "", 45.186115, 5.716962)
	b := rec("hinaura", "2848", "numerinaute", "12 Rue Joseph Rey", "38185", "", 45.186117, 5.716961)
	// nom 100, voie 36, distance 7 → trunc(143/3) = 47.
	c := rec("hinaura", "1", "LA POSTE", "8 Av du Mal de Lattre de Tassigny", "88160", "", 48.176748, 6.444835)
	d := rec("francil-in", "2", "LA POSTE", "20 PL D AVRINSART", "88160", "", 48.183401, 6.45588)
	e := rec("hinaura", "e", "hello world", "12 Rue Joseph Rey", "38185", "", 45.1, 5.7)
	f := rec("coop", "f", "hiyyo wyrld", "12 rue joseph rey", "38185", "", 45.1001, 5.7)
	tests := []struct {
		name  string
		a, b  dedup.Record
		score int
		want  dedup.Band
	}{
		{"across sources above 83", a, b, 91, dedup.Same},
		{"within one source needs above 90", a, withSource(b, "conseiller-numerique"), 91, dedup.Same},
		{"low score", c, d, 47, dedup.Distinct},
		{"other commune", a, withINSEE(b, "38421"), -1, dedup.Distinct},
		{"no commune", withINSEE(a, ""), withINSEE(b, ""), -1, dedup.Distinct},
		{"RFS and PIMMS are compatible", withTypo(a, "RFS"), withTypo(b, "PIMMS"), 91, dedup.Same},
		{"one typology empty", withTypo(a, "RFS"), b, 91, dedup.Same},
		{"different typologies", withTypo(a, "RFS"), withTypo(b, "BIB"), -1, dedup.Distinct},
		{"same typologies", withTypo(a, "BIB"), withTypo(b, "BIB"), 91, dedup.Same},
		// nom 64, voie 100, distance 100 → 88: above 83, not above 90.
		{"88 across sources", e, f, 88, dedup.Same},
		{"88 within one source", e, withSource(f, "hinaura"), 88, dedup.Distinct},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := dedup.National(tt.a, tt.b)
			if tt.score >= 0 && (!s.Candidate || s.Score != tt.score) {
				t.Errorf("scores = %+v, want a candidate scoring %d", s, tt.score)
			}
			if tt.score < 0 && s.Candidate {
				t.Errorf("scores = %+v, want not a candidate", s)
			}
			if got := dedup.NationalMatch(tt.a, tt.b); got != tt.want {
				t.Errorf("band = %v, want %v (score %+v)", got, tt.want, s)
			}
		})
	}
}

func withSource(r dedup.Record, s string) dedup.Record { r.Source = s; return r }

func withINSEE(r dedup.Record, code string) dedup.Record {
	l := *r.Lieu
	l.CodeINSEE = code
	r.Lieu = &l
	return r
}

func withTypo(r dedup.Record, typo string) dedup.Record {
	l := *r.Lieu
	l.Typologie = []string{typo}
	r.Lieu = &l
	return r
}
