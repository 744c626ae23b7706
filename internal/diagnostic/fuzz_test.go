package diagnostic

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"maillage/internal/failure"
)

// FuzzParseTerritory: any text is a territory of the referential or a
// typed French error; a territory read back reads the same.
func FuzzParseTerritory(f *testing.F) {
	ref := smallRef()
	for _, s := range []string{"france", "departement:01", "Département:02", "epci:200000001", "commune:02002", "region:84", "", ":", "canton:1", "commune:", "france:x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTerritory(s, ref)
		if err != nil {
			var fe *failure.Error
			if !errors.As(err, &fe) || fe.Message == "" || fe.Code == failure.Internal {
				t.Fatalf("%q: untyped error %v", s, err)
			}
			return
		}
		again, err := ParseTerritory(got.String(), ref)
		if err != nil || again != got {
			t.Fatalf("%q → %+v → %q → %+v, %v", s, got, got.String(), again, err)
		}
		if got.Name == "" {
			t.Fatalf("%q: no name", s)
		}
	})
}

// FuzzOptions: any method, cost, service and weighting are normalised or
// refused with a typed French error whose first word names the option.
func FuzzOptions(f *testing.F) {
	f.Add("e2sfca", "vol-d-oiseau", "Aide aux démarches administratives", "lieu", 10.0, 0.0)
	f.Add("2SFCA", "detour", "", "horaires", 0.0, 25.0)
	f.Add("x", "osrm", "cuisine", "personnel", -1.0, 1e308)
	f.Fuzz(func(t *testing.T, method, cost, service, weighting string, km, min float64) {
		o, err := Options{Method: method, Cost: cost, Service: service, Weighting: weighting, SeuilKm: km, SeuilMin: min}.Normalise()
		if err != nil {
			msg := failure.MessageOf(err)
			if !errors.Is(err, failure.ErrInvalid) || OptionOfMessage(msg) == "" || !utf8.ValidString(msg) && utf8.ValidString(method+cost+service+weighting) {
				t.Fatalf("%q %q %q %q %v %v: %v", method, cost, service, weighting, km, min, err)
			}
			return
		}
		if !(o.Catchment() > 0) || strings.TrimSpace(o.Method) == "" {
			t.Fatalf("normalised %+v", o)
		}
		if again, err := o.Normalise(); err != nil || again != o {
			t.Fatalf("%+v normalised again: %+v, %v", o, again, err)
		}
	})
}
