package territory

import (
	"strings"
	"testing"
)

// TestCheckKnown: a coordinator's territory is found in the referential,
// or refused naming its value (escaped when unprintable) and the vintage.
func TestCheckKnown(t *testing.T) {
	r := load(t)
	r.CommunesVintage.Vintage = "2026"
	for _, tc := range []struct{ kind, code, want string }{
		{"departement", "81", ""},
		{"epci", "248100737", ""},
		{"departement", "999", "departement:999 : aucun département de ce code dans le référentiel des territoires (millésime 2026)"},
		{"epci", "999999999", "epci:999999999 : aucun EPCI de ce numéro SIREN dans le référentiel des territoires (millésime 2026)"},
		{"epci", "81", "epci:81 : aucun EPCI"},
		{"departement", "9\x1b9", `departement:9\x1b9 :`},
	} {
		err := r.CheckKnown(tc.kind, tc.code)
		if (tc.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s:%q: %v, want %q", tc.kind, tc.code, err, tc.want)
		}
	}
}
