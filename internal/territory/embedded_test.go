package territory

import (
	"math"
	"testing"
)

func TestSetDefaultCentres(t *testing.T) {
	r := loadFrance(t)
	if n := r.CountCentres(); n != 0 {
		t.Fatalf("%d centres before", n)
	}
	// A centre already known (from the internet) is kept.
	known := &Point{Lat: 1, Lon: 2}
	if c, ok := r.Commune("42218"); ok {
		c.Centre = known
	} else {
		t.Fatal("no Saint-Étienne in the fixture")
	}
	if n := r.SetDefaultCentres(); n != len(r.Communes)-1 {
		t.Errorf("SetDefaultCentres set %d centres for %d communes", n, len(r.Communes)-1)
	}
	for code, want := range map[string]Point{"69383": {45.7597, 4.8422}, "73065": {45.5646, 5.9178}, "2A004": {41.9267, 8.7369}} {
		c, ok := r.Commune(code)
		if !ok || c.Centre == nil || math.Abs(c.Centre.Lat-want.Lat) > 0.05 || math.Abs(c.Centre.Lon-want.Lon) > 0.05 {
			t.Errorf("%s: centre %+v, want near %+v", code, c.Centre, want)
		}
	}
	if c, ok := r.Commune("42218"); !ok || c.Centre != known {
		t.Errorf("a known centre was replaced: %+v", c.Centre)
	}
}

func TestEmbeddedData(t *testing.T) {
	centres, err := defaultCentres()
	if err != nil {
		t.Fatal(err)
	}
	// 34 969 communes and 45 arrondissements (COG 2026).
	if len(centres) != 35014 {
		t.Errorf("%d embedded centres", len(centres))
	}
	for code, p := range centres {
		overseas := code[:2] == "97" || code[:2] == "98"
		if len(code) != 5 || !overseas && (p.Lat < 41 || p.Lat > 51.2 || p.Lon < -5.2 || p.Lon > 9.6) {
			t.Errorf("embedded centre %s: %+v", code, p)
		}
	}
	fs := FormerCommunes()
	if len(fs) != 2576 {
		t.Errorf("%d former communes", len(fs))
	}
	for _, f := range fs {
		if len(f.Code) != 5 || len(f.ChefLieu) != 5 || f.Nom == "" {
			t.Errorf("former commune %+v", f)
		}
	}
}
