package main

import (
	"strings"
	"testing"
)

// TestGeocoderRate: the geocoder is paced by default (the public
// service's limit), not at all with 0 (a self-hosted addok), and an
// unreadable rate is refused in French.
func TestGeocoderRate(t *testing.T) {
	for _, tt := range []struct {
		rate  string
		paced bool
	}{{"", true}, {"40", true}, {"12,5", true}, {"0", false}} {
		g, err := geocodingOptions("http://geocodeur.test", "", tt.rate)
		if err != nil {
			t.Fatalf("%q: %v", tt.rate, err)
		}
		if (g.Batch.Pace != nil) != tt.paced {
			t.Errorf("rate %q: paced %v, want %v", tt.rate, g.Batch.Pace != nil, tt.paced)
		}
	}
	if _, err := geocodingOptions("http://geocodeur.test", "", "beaucoup"); err == nil || !strings.Contains(err.Error(), "« beaucoup » n'est pas un nombre de requêtes par seconde") {
		t.Errorf("unreadable rate: %v", err)
	}
	if r := runCmd(t, t.TempDir(), nil, "import", "--debit-geocodage", "-3", "x.csv"); r.code != 2 || !strings.Contains(r.stderr, "--debit-geocodage") {
		t.Errorf("import with a negative rate: %+v", r)
	}
}
