package standard

import (
	"math"
	"strings"
	"testing"

	"maillage/internal/place"
)

// TestColumnsXY: a file whose coordinates are in columns x and y (as GIS
// exports write them) is read with x as the longitude and y as the
// latitude, said once for the file; Lambert-93 values are converted.
func TestColumnsXY(t *testing.T) {
	for _, header := range []string{"id,nom,commune,code_postal,adresse,date_maj,x,y", "id,nom,commune,code_postal,adresse,date_maj,X,Y"} {
		in := header + "\nl1,EPN,Toulouse,31000,1 rue,2026-01-02,700000,6600000\n"
		sc, err := NewScanner(strings.NewReader(in), "sig.csv")
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, d := range sc.FileDiagnostics {
			if d.Rule == place.RuleLambert93 && strings.Contains(d.Message, "x") && d.File == "sig.csv" {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: file diagnostics %+v", header, sc.FileDiagnostics)
		}
		if !sc.Scan() {
			t.Fatalf("%s: no record: %v", header, sc.Err())
		}
		e := sc.Entry()
		if c := e.Lieu.Coordinates; !e.OK || c == nil || math.Abs(c.Lat-46.5) > 1e-6 || math.Abs(c.Lon-3) > 1e-6 {
			t.Errorf("%s: %+v %+v", header, c, e.Diagnostics)
		}
		var lambert *Diagnostic
		for i := range e.Diagnostics {
			if e.Diagnostics[i].Rule == place.RuleLambert93 {
				lambert = &e.Diagnostics[i]
			}
		}
		if lambert == nil || lambert.Line != 2 || lambert.Field != "latitude" || lambert.Value != "6600000, 700000" {
			t.Errorf("%s: diagnostics %+v", header, e.Diagnostics)
		}
		sc.Close()
	}
}
