package dedup

import (
	"math"
	"testing"

	"maillage/internal/place"
)

// TestWithinSourceBands: two records of one source under different ids are
// two places by that source's own word; the bands of cross-source pairs do
// not apply to them. The same two records from two sources merge; from one
// source they wait for a person unless the evidence is very strong, and a
// pair that would only be "to review" across sources is distinct.
func TestWithinSourceBands(t *testing.T) {
	strong := func(src, id string) Record {
		return with(rec(src, id, "Médiathèque Jean Moulin", "12 rue Pasteur", "01053", lat0, lon0), func(l *place.Lieu) {
			l.Telephone = []string{"04 74 00 00 01"}
			l.Typologie = []string{"BIB"}
		})
	}
	// The same name, another street, 900 m off.
	near := func(src, id string) Record {
		return rec(src, id, "Médiathèque Jean Moulin", "12 rue Pasteur", "01053", lat0, lon0)
	}
	far := func(src, id string) Record {
		return rec(src, id, "Médiathèque Jean Moulin", "Place Carnot", "01053", lat0+0.008, lon0)
	}
	cfg := DefaultConfig()
	cfg.SameWithin = math.Inf(1) // never merged automatically within a source
	tests := []struct {
		name       string
		cfg        Config
		a, b       Record
		want       Band
		wantReason bool
	}{
		{"strong pair across sources merges", cfg, strong("hub", "1"), strong("national", "a"), Same, false},
		{"strong pair within one source waits for a person", cfg, strong("hub", "1"), strong("hub", "2"), Review, true},
		{"review pair across sources", cfg, near("hub", "1"), far("national", "a"), Review, false},
		{"review pair within one source is distinct", DefaultConfig(), near("hub", "1"), far("hub", "2"), Distinct, true},
		{"within one source, a configured threshold merges", Config{Same: 7, Review: 3, SameWithin: 9, ReviewWithin: 7},
			strong("hub", "1"), strong("hub", "2"), Same, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.cfg.Compare(tt.a, tt.b)
			if s.Band != tt.want {
				t.Errorf("band %v, want %v (total %v, reason %q)", s.Band, tt.want, s.Total, s.Reason)
			}
			if got := s.Reason != ""; got != tt.wantReason {
				t.Errorf("reason %q, want one: %v", s.Reason, tt.wantReason)
			}
			if r := tt.cfg.Compare(tt.b, tt.a); r.Band != s.Band {
				t.Errorf("reversed pair: %v", r.Band)
			}
		})
	}
	// The default is stricter within a source than across.
	d := DefaultConfig()
	if !(d.SameWithin > d.Same) || !(d.ReviewWithin > d.Review) {
		t.Errorf("default thresholds within a source %v/%v, across %v/%v: want stricter within", d.SameWithin, d.ReviewWithin, d.Same, d.Review)
	}
	// A zero configuration (thresholds within a source unset) is strict.
	if got := (Config{Same: 7, Review: 3}).Match(strong("hub", "1"), strong("hub", "2")); got == Same {
		t.Error("unset thresholds within a source merge automatically")
	}
}
