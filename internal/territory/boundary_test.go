package territory

import (
	"fmt"
	"testing"
)

// A border shared by two EPCI is in the lines of one of them only, and
// every edge of their outlines is in the lines once.
func TestBoundaryLinesOnce(t *testing.T) {
	ref := contourReferential(t)
	codes := []string{"200000001", "200000002"}
	key := func(a, b Point) string {
		x, y := fmt.Sprintf("%g %g", a.Lat, a.Lon), fmt.Sprintf("%g %g", b.Lat, b.Lon)
		if x > y {
			x, y = y, x
		}
		return x + " – " + y
	}
	want := map[string]bool{}
	for _, c := range codes {
		ps, ok := ref.Contour(KindEPCI, c, 0)
		if !ok {
			t.Fatalf("no contour for %s", c)
		}
		for _, p := range ps {
			for _, r := range p {
				for i := 0; i+1 < len(r); i++ {
					want[key(r[i], r[i+1])] = true
				}
			}
		}
	}
	got := map[string]int{}
	lines := ref.BoundaryLines(KindEPCI, codes, 0)
	for _, c := range codes {
		for _, l := range lines[c] {
			if len(l) < 2 {
				t.Errorf("%s: a line of %d points", c, len(l))
			}
			for i := 0; i+1 < len(l); i++ {
				got[key(l[i], l[i+1])]++
			}
		}
	}
	for k, n := range got {
		if n != 1 {
			t.Errorf("edge %s drawn %d times", k, n)
		}
		if !want[k] {
			t.Errorf("edge %s is no EPCI's", k)
		}
	}
	for k := range want {
		if got[k] == 0 {
			t.Errorf("edge %s missing", k)
		}
	}
	// The border between the two (latitude 45.1) and the enclave's belong
	// to the first EPCI only.
	if n := len(lines["200000002"]); n == 0 {
		t.Error("the second EPCI has no line of its own (its outer border)")
	}
	// Simplified, the lines keep their ends: they still meet.
	for _, l := range ref.BoundaryLines(KindEPCI, codes, 0.05)["200000002"] {
		if len(l) < 2 {
			t.Errorf("simplified line of %d points", len(l))
		}
	}
}
