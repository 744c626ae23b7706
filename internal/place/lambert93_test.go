package place

import (
	"math"
	"strings"
	"testing"
)

// TestLambertInverseIGN checks the inverse projection on the test values
// IGN publishes with its algorithm ALG0004 (« Transformation de
// coordonnées en projection conique conforme de Lambert en coordonnées
// géographiques », NT/G 71): a Lambert I (NTF) point.
func TestLambertInverseIGN(t *testing.T) {
	p := lcc{e: 0.0824832568, n: 0.760405966, c: 11603796.9767, lambdaC: 0.04079234433, xs: 600000, ys: 5657616.674}
	lambda, phi := p.inverse(1029705.083, 272723.849)
	if math.Abs(lambda-0.14551209925) > 1e-10 || math.Abs(phi-0.87266462567) > 1e-10 {
		t.Errorf("ALG0004: λ %.11f φ %.11f, IGN gives 0.14551209925 0.87266462567", lambda, phi)
	}
}

// TestLambert93Constants: the constants computed from Lambert-93's
// definition (GRS80, parallels 44° and 49°, origin 46°30' N 3° E at
// 700 000, 6 600 000) are those IGN publishes for it (n, C, Xs, Ys).
func TestLambert93Constants(t *testing.T) {
	p := lambert93
	for _, c := range []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"n", p.n, 0.7256077650532670, 1e-12},
		{"C", p.c, 11754255.426096, 1e-4},
		{"Xs", p.xs, 700000, 0},
		{"Ys", p.ys, 12655612.049876, 1e-4},
		{"e", p.e, 0.0818191910428158, 1e-13},
	} {
		if math.Abs(c.got-c.want) > c.tol {
			t.Errorf("%s = %.10f, IGN gives %.10f", c.name, c.got, c.want)
		}
	}
}

func TestLambert93ToWGS84(t *testing.T) {
	for _, c := range []struct {
		x, y, lat, lon float64
	}{
		// The origin of the projection: 46°30' N, 3° E.
		{700000, 6600000, 46.5, 3},
	} {
		lat, lon := Lambert93ToWGS84(c.x, c.y)
		if math.Abs(lat-c.lat) > 1e-9 || math.Abs(lon-c.lon) > 1e-9 {
			t.Errorf("(%g, %g): %.9f, %.9f, want %g, %g", c.x, c.y, lat, lon, c.lat, c.lon)
		}
	}
	// Round trips over metropolitan France, to the millimetre.
	for lat := 41.5; lat <= 51; lat += 0.5 {
		for lon := -4.5; lon <= 9.5; lon += 0.5 {
			x, y := lambert93.forward(lon*math.Pi/180, lat*math.Pi/180)
			la, lo := Lambert93ToWGS84(x, y)
			if math.Abs(la-lat) > 1e-8 || math.Abs(lo-lon) > 1e-8 {
				t.Fatalf("%g, %g → %f, %f → %.9f, %.9f", lat, lon, x, y, la, lo)
			}
		}
	}
}

func TestLooksLambert93(t *testing.T) {
	for _, c := range []struct {
		a, b    float64
		x, y    float64
		matches bool
	}{
		{6280000, 574000, 574000, 6280000, true}, // latitude holds y
		{574000, 6280000, 574000, 6280000, true}, // latitude holds x
		{43.6, 1.44, 0, 0, false},
		{6280000, 6280000, 0, 0, false},
		{95000, 6280000, 0, 0, false},
		{574000, 7300000, 0, 0, false},
	} {
		x, y, ok := looksLambert93(c.a, c.b)
		if ok != c.matches || ok && (x != c.x || y != c.y) {
			t.Errorf("looksLambert93(%g, %g) = %g, %g, %v", c.a, c.b, x, y, ok)
		}
	}
}

// TestParseLambert93: Lambert-93 metres given as latitude and longitude
// (in either order) are converted, with a normalisation naming the field,
// the values and the rule; the source's values stay in the provenance.
func TestParseLambert93(t *testing.T) {
	// The projection's origin, so that the expected point is its definition.
	for _, c := range []struct{ lat, lon string }{{"6600000", "700000"}, {"700000", "6600000"}, {"6600000,0", "700000,0"}} {
		l, ps, ok := hoursParser.Parse(valid(map[string]string{"latitude": c.lat, "longitude": c.lon}))
		if !ok {
			t.Fatalf("%v: rejected: %+v", c, ps)
		}
		p := problem(ps, "latitude", RuleLambert93)
		if p == nil || p.Severity != Info || !strings.Contains(p.Value, "700000") || !strings.Contains(p.Message, "Lambert-93") {
			t.Fatalf("%v: problems %+v", c, ps)
		}
		if l.Coordinates == nil || math.Abs(l.Coordinates.Lat-46.5) > 1e-9 || math.Abs(l.Coordinates.Lon-3) > 1e-9 {
			t.Errorf("%v: coordinates %+v", c, l.Coordinates)
		}
		if l.Provenance.Original["latitude"] != c.lat || l.Provenance.Original["longitude"] != c.lon {
			t.Errorf("%v: provenance %+v", c, l.Provenance.Original)
		}
	}
	// Out of both ranges: still an error.
	if _, ps, ok := hoursParser.Parse(valid(map[string]string{"latitude": "95000", "longitude": "6600000"})); ok || problem(ps, "latitude", RuleCoordinates) == nil {
		t.Errorf("not Lambert-93: %v %+v", ok, ps)
	}
}
