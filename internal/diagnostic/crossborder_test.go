package diagnostic

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// An EPCI with communes in two départements is marked on each
// département's report (its figures are the whole EPCI's); one within
// the département is not.
func TestCrossBorderEPCI(t *testing.T) {
	ref := smallRef()
	ref.Communes[2].EPCI = "200000001" // Cense (02) joins the EPCI of Aval and Bourg (01)
	ref = ref.Index()
	for _, tc := range []struct {
		ref  bool
		dep  string
		want bool
	}{{false, "01", false}, {true, "01", true}, {true, "02", true}} {
		r := smallRef()
		if tc.ref {
			r = ref
		}
		rep, err := Compute(context.Background(), &fakeStore{lieux: smallPlaces()}, r, Territory{Kind: KindDepartement, Code: tc.dep}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, u := range rep.Sub {
			if u.Kind == KindEPCI && u.Code == "200000001" {
				found = true
				if u.CrossBorder != tc.want {
					t.Errorf("dép. %s (shared EPCI %v): CrossBorder %v, want %v", tc.dep, tc.ref, u.CrossBorder, tc.want)
				}
			}
		}
		if !found {
			t.Fatalf("dép. %s: EPCI 200000001 not among %+v", tc.dep, rep.Sub)
		}
		var buf bytes.Buffer
		if err := rep.JSON(&buf); err != nil {
			t.Fatal(err)
		}
		if w := `"epci_a_cheval": true`; strings.Contains(buf.String(), w) != tc.want {
			t.Errorf("dép. %s: JSON has %s: %v, want %v", tc.dep, w, !tc.want, tc.want)
		}
	}
}
