package territory

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
)

// contourReferential is the fixture of contours.geojson: four square
// communes 0.1° wide in two EPCI (the south pair, the north pair), an
// enclave (01005) in a hole of 01001 that belongs to the north EPCI, an
// island of 01003, one commune drawn clockwise, one code given as a number.
//
//	45.3  island of 01003 (4.00–4.02 × 45.30–45.32)
//	45.2  +---------+---------+
//	      |  01003  |  01004  |   EPCI 200000002
//	45.1  +---------+---------+
//	      |  01001  |  01002  |   EPCI 200000001
//	45.0  +---------+---------+   (01005: 4.03–4.06 × 45.03–45.06, in 01001's hole)
//	     4.0       4.1       4.2
func contourReferential(t testing.TB) *Referential {
	t.Helper()
	ref := (&Referential{
		Communes: []Commune{
			{Code: "01001", Nom: "Sud-Ouest", Departement: "01", Region: "84", EPCI: "200000001"},
			{Code: "01002", Nom: "Sud-Est", Departement: "01", Region: "84", EPCI: "200000001"},
			{Code: "01003", Nom: "Nord-Ouest", Departement: "01", Region: "84", EPCI: "200000002"},
			{Code: "01004", Nom: "Nord-Est", Departement: "01", Region: "84", EPCI: "200000002"},
			{Code: "01005", Nom: "Enclave", Departement: "01", Region: "84", EPCI: "200000002"},
		},
		EPCIs:        []EPCI{{Code: "200000001", Nom: "CC du Sud"}, {Code: "200000002", Nom: "CC du Nord"}},
		Departements: []Departement{{Code: "01", Nom: "Ain", Region: "84"}},
		Regions:      []Region{{Code: "84", Nom: "Auvergne-Rhône-Alpes"}},
	}).Index()
	ref.SetLayer(readTestLayer(t, LayerContours, "contours.geojson"))
	return ref
}

// shape describes polygons without their order: per polygon, each ring's
// vertices sorted ("lat lon", without the closing repeat), the outer ring first.
func shape(ps []Polygon) [][][]string {
	var out [][][]string
	for _, p := range ps {
		var rings [][]string
		for _, r := range p {
			var vs []string
			for _, v := range r[:len(r)-1] {
				vs = append(vs, fmt.Sprintf("%g %g", v.Lat, v.Lon))
			}
			slices.Sort(vs)
			rings = append(rings, vs)
		}
		slices.SortFunc(rings[1:], func(a, b []string) int { return slices.Compare(a, b) })
		out = append(out, rings)
	}
	slices.SortFunc(out, func(a, b [][]string) int { return slices.Compare(a[0], b[0]) })
	return out
}

func square(south, west, north, east float64) []string {
	vs := []string{
		fmt.Sprintf("%g %g", south, west), fmt.Sprintf("%g %g", south, east),
		fmt.Sprintf("%g %g", north, east), fmt.Sprintf("%g %g", north, west),
	}
	slices.Sort(vs)
	return vs
}

func sorted(vs ...string) []string {
	slices.Sort(vs)
	return vs
}

func TestContourDerived(t *testing.T) {
	ref := contourReferential(t)
	island := [][]string{square(45.3, 4.0, 45.32, 4.02)}
	enclave := [][]string{square(45.03, 4.03, 45.06, 4.06)}
	whole := [][]string{sorted("45 4", "45 4.1", "45 4.2", "45.1 4.2", "45.2 4.2", "45.2 4.1", "45.2 4", "45.1 4")}
	tests := []struct {
		kind, code string
		want       [][][]string
	}{
		{KindCommune, "01004", [][][]string{{square(45.1, 4.1, 45.2, 4.2)}}},
		// The south EPCI: its two communes' shared edge (two segments) is
		// gone, the enclave of the other EPCI is a hole.
		{KindEPCI, "200000001", [][][]string{{sorted("45 4", "45 4.1", "45 4.2", "45.1 4.2", "45.1 4.1", "45.1 4"), square(45.03, 4.03, 45.06, 4.06)}}},
		// The north EPCI: the north pair (one clockwise), the island, the enclave.
		{KindEPCI, "200000002", shape([]Polygon{})},
		{KindDepartement, "01", nil},
		{KindRegion, "84", nil},
	}
	north := [][]string{sorted("45.1 4", "45.1 4.1", "45.1 4.2", "45.2 4.2", "45.2 4.1", "45.2 4")}
	tests[2].want = sortShape([][][]string{north, island, enclave})
	// The département and the région: the enclave fills the hole.
	tests[3].want = sortShape([][][]string{whole, island})
	tests[4].want = tests[3].want
	for _, tt := range tests {
		t.Run(tt.kind+" "+tt.code, func(t *testing.T) {
			ps, ok := ref.Contour(tt.kind, tt.code, 0)
			if !ok {
				t.Fatalf("Contour(%s, %s): none", tt.kind, tt.code)
			}
			if got := shape(ps); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Contour(%s, %s) =\n%v\nwant\n%v", tt.kind, tt.code, got, tt.want)
			}
			for _, p := range ps {
				for i, r := range p {
					if r[0] != r[len(r)-1] {
						t.Errorf("ring %d not closed: %v", i, r)
					}
					// RFC 7946: outer rings counter-clockwise, holes clockwise.
					if ccw := signedArea(ringVertices(r)) > 0; ccw != (i == 0) {
						t.Errorf("ring %d counter-clockwise = %v: %v", i, ccw, r)
					}
				}
			}
		})
	}
}

func sortShape(s [][][]string) [][][]string {
	slices.SortFunc(s, func(a, b [][]string) int { return slices.Compare(a[0], b[0]) })
	return s
}

func TestContourMissing(t *testing.T) {
	ref := contourReferential(t)
	for _, tt := range []struct{ kind, code string }{
		{KindCommune, "01999"}, {KindEPCI, "200000009"}, {KindDepartement, "69"}, {"canton", "01"},
	} {
		if ps, ok := ref.Contour(tt.kind, tt.code, 0); ok {
			t.Errorf("Contour(%s, %s) = %v, want none", tt.kind, tt.code, ps)
		}
	}
	bare := (&Referential{Communes: ref.Communes}).Index()
	if _, ok := bare.Contour(KindCommune, "01001", 0); ok || bare.HasContours() {
		t.Error("a contour without the contours layer")
	}
}

func TestContourSimplified(t *testing.T) {
	ref := contourReferential(t)
	// 01001's outer ring has a vertex in the middle of its east edge, on
	// the line: any tolerance drops it.
	full, ok := ref.Contour(KindCommune, "01001", 0)
	if !ok || len(full[0][0]) != 6 {
		t.Fatalf("01001 as stored: %v", full)
	}
	simple, ok := ref.Contour(KindCommune, "01001", 0.001)
	if !ok || len(simple[0][0]) != 5 {
		t.Fatalf("01001 simplified: %v", simple)
	}
	// Simplified beyond its size, the island is gone, the rest stays.
	ps, ok := ref.Contour(KindEPCI, "200000002", 0.05)
	if !ok || len(ps) != 1 {
		t.Errorf("EPCI 200000002 at 0.05°: %v", ps)
	}
}

func TestContoursIn(t *testing.T) {
	ref := contourReferential(t)
	tests := []struct {
		kind string
		box  BBox
		want []string
	}{
		{KindCommune, BBox{45.01, 4.01, 45.02, 4.02}, []string{"01001"}},
		{KindCommune, BBox{45.15, 4.15, 46, 5}, []string{"01004"}},
		{KindCommune, BBox{46, 4, 47, 5}, nil},
		// Boxes are whole: the north EPCI's box reaches down to its enclave.
		{KindEPCI, BBox{45.01, 4.15, 45.02, 4.16}, []string{"200000001"}},
		{KindEPCI, BBox{45.01, 4.15, 45.04, 4.16}, []string{"200000001", "200000002"}},
		// The island's box is the north EPCI's.
		{KindEPCI, BBox{45.25, 4.0, 45.35, 4.01}, []string{"200000002"}},
		{KindDepartement, BBox{44, 3, 46, 5}, []string{"01"}},
	}
	for _, tt := range tests {
		if got := ref.ContoursIn(tt.kind, tt.box); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ContoursIn(%s, %v) = %v, want %v", tt.kind, tt.box, got, tt.want)
		}
	}
}

func TestReadContoursKeys(t *testing.T) {
	l := readTestLayer(t, LayerContours, "contours.geojson")
	if l.CodeKey != "code" || len(l.Zones) != 5 || l.Zones[0].Code != "01001" || l.Zones[0].Nom != "Sud-Ouest" {
		t.Fatalf("read %q, %d zones, first %+v", l.CodeKey, len(l.Zones), l.Zones[0].Code)
	}
}
