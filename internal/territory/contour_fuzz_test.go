package territory

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"maillage/internal/failure"
)

// FuzzReadContours reads communes' contours and derives the outlines of
// their groups: bad input is a failure.Invalid, good input gives closed
// rings, outer counter-clockwise and holes clockwise, at every step.
func FuzzReadContours(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "contours.geojson"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ReadLayer("f", LayerContours, bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, failure.ErrInvalid) {
				t.Fatalf("not a failure.Invalid: %v", err)
			}
			return
		}
		// Every commune in one of two EPCI, all in one département.
		ref := &Referential{}
		for i, z := range l.Zones {
			epci := "200000001"
			if i%2 == 1 {
				epci = "200000002"
			}
			ref.Communes = append(ref.Communes, Commune{Code: z.Code, Departement: "01", Region: "84", EPCI: epci})
		}
		ref.Index().SetLayer(l)
		check := func(what string, ps []Polygon) {
			for _, p := range ps {
				for i, r := range p {
					if len(r) < 4 || r[0] != r[len(r)-1] {
						t.Fatalf("%s: ring %d open or short: %v", what, i, r)
					}
				}
			}
		}
		for _, z := range l.Zones {
			if len(z.Polygons) == 0 || !inseeCode.MatchString(z.Code) {
				t.Fatalf("contour without geometry or with a bad code: %+v", z)
			}
			ps, _ := ref.Contour(KindCommune, z.Code, 0.001)
			check(z.Code, ps)
		}
		for _, k := range []struct{ kind, code string }{{KindEPCI, "200000001"}, {KindEPCI, "200000002"}, {KindDepartement, "01"}, {KindRegion, "84"}} {
			ps, _ := ref.Contour(k.kind, k.code, 0)
			check(k.code, ps)
			for _, p := range ps {
				for i, r := range p {
					if vs := ringVertices(r); len(vs) >= 3 && (signedArea(vs) > 0) != (i == 0) {
						t.Fatalf("%s: ring %d turns the wrong way: %v", k.code, i, r)
					}
				}
			}
		}
	})
}
