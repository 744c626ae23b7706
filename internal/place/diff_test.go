package place

import (
	"fmt"
	"testing"
)

func TestSameValue(t *testing.T) {
	for _, tt := range []struct {
		field, a, b string
		want        bool
	}{
		{"services", "A|B", "B|A", true},
		{"services", "A|B", "A", false},
		{"services", "A|A", "A", false},
		{"publics_specifiquement_adresses", "", "", true},
		{"typologie", "EPN|BIB", "BIB|EPN", true},
		{"nom", "A|B", "B|A", false},
		{"horaires", "Mo 09:00-12:00", "Mo 09:00-12:00", true},
		{"inconnu", "x", "x", true},
		{"inconnu", "A|B", "B|A", false},
	} {
		if got := SameFieldValue(tt.field, tt.a, tt.b); got != tt.want {
			t.Errorf("%s %q %q: %v", tt.field, tt.a, tt.b, got)
		}
	}
}

func TestDiff(t *testing.T) {
	var a, b [NumFields]string
	a[FID], b[FID] = "x", "y"
	a[FDateMaj], b[FDateMaj] = "2026-01-01", "2026-02-01"
	a[FServices], b[FServices] = "A|B", "B|A"
	a[FNom], b[FNom] = "EPN", "EPN (2e étage)"
	a[FPublics], b[FPublics] = "Seniors", ""
	got := fmt.Sprint(Diff(a, b))
	if want := fmt.Sprint([]Change{{"nom", "EPN", "EPN (2e étage)"}, {"publics_specifiquement_adresses", "Seniors", ""}}); got != want {
		t.Errorf("diff: %s, want %s", got, want)
	}
}
