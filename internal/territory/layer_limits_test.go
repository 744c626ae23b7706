package territory

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"

	"maillage/internal/failure"
)

// gzipped compresses data.
func gzipped(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// countReader counts what is read through it.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// squareFeature is a valid QPV feature (a square of side d at lon, lat).
func squareFeature(code string, lon, lat, d float64) string {
	return fmt.Sprintf(`{"type":"Feature","properties":{"code_qp":%q},"geometry":{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}}`,
		code, lon, lat, lon+d, lat, lon+d, lat+d, lon, lat+d, lon, lat)
}

// circleCoords is a closed ring of n points around (lon, lat).
func circleCoords(lon, lat, r float64, n int) string {
	var b strings.Builder
	b.WriteString("[")
	for i := 0; i <= n; i++ {
		a := 2 * math.Pi * float64(i%n) / float64(n)
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "[%.7f,%.7f]", lon+r*math.Cos(a), lat+r*math.Sin(a))
	}
	b.WriteString("]")
	return b.String()
}

func collection(features ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
}

func layerMessage(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	if !errors.Is(err, failure.ErrInvalid) {
		t.Errorf("not a failure.Invalid: %v", err)
	}
	return failure.MessageOf(err)
}

// A layer is read within bounds: a gzip bomb stops after the bound of
// its decompressed size (not after expanding all of it), a file is
// bounded before decompression too, and one feature, the positions of a
// feature or of the layer, and the rings of a feature are bounded; each
// error names the file, the feature and the rule.
func TestReadLayerLimits(t *testing.T) {
	// 64 MB of spaces inside the collection: 64 KB once gzipped.
	bomb := gzipped(t, []byte(`{"type":"FeatureCollection","features":[`+squareFeature("QN1", 4, 45, 0.01)+","+strings.Repeat(" ", 64<<20)+squareFeature("QN2", 4, 45, 0.01)+"]}"))
	src := &countReader{r: bytes.NewReader(bomb)}
	_, err := ReadLayerLimits("bombe.geojson.gz", LayerQPV, src, Limits{Decompressed: 1 << 20})
	if msg, want := layerMessage(t, err), "bombe.geojson.gz : plus de 1 Mo une fois décompressé (après 1 objet) : lecture arrêtée ; une couche en a 1 Mo au plus (--limite-couche)"; !strings.Contains(msg, want) {
		t.Errorf("bomb: %q\nwant %q", msg, want)
	}
	if src.n > 64<<10 {
		t.Errorf("the bomb was read to %d bytes of %d: decompression went on past the bound", src.n, len(bomb))
	}
	// Incompressible properties: 300 KB compressed, read up to 100 KB.
	noise := make([]byte, 150<<10)
	if _, err := rand.Read(noise); err != nil {
		t.Fatal(err)
	}
	big := gzipped(t, []byte(collection(`{"type":"Feature","properties":{"code_qp":"QN1","bruit":"`+hex.EncodeToString(noise)+`"},"geometry":{"type":"Polygon","coordinates":[[[4,45],[4.1,45],[4.1,45.1],[4,45]]]}}`)))
	_, err = ReadLayerLimits("gros.geojson.gz", LayerQPV, bytes.NewReader(big), Limits{File: 100 << 10, Decompressed: 10 << 20})
	if msg, want := layerMessage(t, err), "gros.geojson.gz : fichier de plus de 100 Ko : lecture arrêtée ; une couche en a 100 Ko au plus (--limite-couche)"; !strings.Contains(msg, want) {
		t.Errorf("compressed: %q\nwant %q", msg, want)
	}
	for _, tt := range []struct {
		name string
		in   string
		lim  Limits
		want string
	}{
		{"one feature too large", collection(squareFeature("QN1", 4, 45, 0.01), `{"type":"Feature","properties":{"code_qp":"QN2","x":"`+strings.Repeat("x", 3<<20)+`"},"geometry":null}`),
			Limits{Feature: 1 << 20}, "f.geojson : objet 2 : plus de 1 Mo pour un seul objet : lecture arrêtée ; un objet en a 1 Mo au plus"},
		{"points of a feature", collection(`{"type":"Feature","properties":{"code_qp":"QN1"},"geometry":{"type":"Polygon","coordinates":[` + circleCoords(4, 45, 0.01, 2000) + `]}}`),
			Limits{FeaturePoints: 1000}, "f.geojson : objet 1 (QN1) : champ geometry.coordinates[0] : plus de 1 000 positions : un objet en a 1 000 au plus"},
		{"points of the layer", collection(squareFeature("QN1", 4, 45, 0.01), squareFeature("QN2", 5, 45, 0.01), squareFeature("QN3", 6, 45, 0.01)),
			Limits{Points: 12}, "f.geojson : objet 3 (QN3) : champ geometry.coordinates[0] : plus de 12 positions dans la couche : une couche en a 12 au plus (--limite-points)"},
		{"rings of a feature", collection(`{"type":"Feature","properties":{"code_qp":"QN1"},"geometry":{"type":"MultiPolygon","coordinates":[` +
			strings.Repeat(`[[[4,45],[4.1,45],[4.1,45.1],[4,45]]],`, 5) + `[[[4,45],[4.1,45],[4.1,45.1],[4,45]]]]}}`),
			Limits{Rings: 4}, "f.geojson : objet 1 (QN1) : champ geometry.coordinates[4][0] : plus de 4 anneaux : un objet en a 4 au plus"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadLayerLimits("f.geojson", LayerQPV, strings.NewReader(tt.in), tt.lim)
			if msg := layerMessage(t, err); !strings.Contains(msg, tt.want) {
				t.Errorf("%q\nwant %q", msg, tt.want)
			}
		})
	}
	// Within the bounds, the same files are read.
	in := collection(squareFeature("QN1", 4, 45, 0.01), squareFeature("QN2", 5, 45, 0.01), squareFeature("QN3", 6, 45, 0.01))
	if l, err := ReadLayerLimits("f.geojson", LayerQPV, strings.NewReader(in), Limits{Points: 15, Rings: 1, FeaturePoints: 5}); err != nil || len(l.Zones) != 3 {
		t.Errorf("within bounds: %v", err)
	}
}

// Rings are checked: closed, four positions at least, three distinct
// vertices, finite WGS84 coordinates; the error names the feature by its
// code, the field, the value and the rule. (Crossing rings are kept:
// TestReadLayerCrossingRings.)
func TestReadLayerRings(t *testing.T) {
	geom := func(coords string) string {
		return collection(`{"type":"Feature","properties":{"code_qp":"QN06901M"},"geometry":{"type":"Polygon","coordinates":` + coords + `}}`)
	}
	for _, tt := range []struct {
		name, coords, want string
	}{
		{"not closed", `[[[4,45],[4.1,45],[4.1,45.1],[4,45.1]]]`,
			"objet 1 (QN06901M) : champ geometry.coordinates[0] : anneau non fermé : dernière position [4, 45.1], première [4, 45] : un anneau se termine par sa première position"},
		{"one point repeated", `[[[4,45],[4,45],[4,45],[4,45]]]`,
			"objet 1 (QN06901M) : champ geometry.coordinates : aucun polygone de surface non nulle : une zone a au moins un anneau de 3 sommets distincts"},
		{"overflowing coordinate", `[[[4,45],[1e400,45],[4.1,45.1],[4,45]]]`,
			"objet 1 (QN06901M) : champ geometry.coordinates[0][1][0] : valeur 1e400 : nombre hors des limites des nombres : une longitude finie de -180 à 180 est attendue"},
		{"huge latitude", `[[[4,45],[4.1,1e300],[4.1,45.1],[4,45]]]`,
			"objet 1 (QN06901M) : champ geometry.coordinates[0][1][1] : valeur 1e+300 : une latitude de -90 à 90 est attendue"},
		{"string coordinate", `[[[4,45],[4.1,"45"],[4.1,45.1],[4,45]]]`,
			`objet 1 (QN06901M) : champ geometry.coordinates[0][1][1] : valeur "45" : un nombre est attendu (une position est [longitude, latitude])`},
		{"one number", `[[[4,45],[4.1],[4.1,45.1],[4,45]]]`,
			"objet 1 (QN06901M) : champ geometry.coordinates[0][1] : valeur [4.1] : une position est [longitude, latitude]"},
		{"too deep", `[[[[4,45],[4.1,45],[4.1,45.1],[4,45]]]]`,
			"objet 1 (QN06901M) : champ geometry.coordinates[0][0][0] : valeur [4 : un nombre est attendu"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadLayer("f.geojson", LayerQPV, strings.NewReader(geom(tt.coords)))
			if msg := layerMessage(t, err); !strings.Contains(msg, tt.want) || !strings.HasPrefix(msg, "f.geojson : ") {
				t.Errorf("%q\nwant %q", msg, tt.want)
			}
		})
	}
	// Valid rings: a hole touching its outer ring at a vertex, a ring
	// touching itself at a point, a fine circle, a comb of long teeth.
	var comb strings.Builder
	comb.WriteString("[[4,45]")
	for i := 0; i < 500; i++ {
		x := 4 + float64(i)*0.0002
		fmt.Fprintf(&comb, ",[%.4f,46],[%.4f,46],[%.4f,45.0001]", x, x+0.0001, x+0.0001)
	}
	comb.WriteString(",[4.1,45.0001],[4.1,44.9],[4,44.9],[4,45]]")
	for _, coords := range []string{
		`[[[4,45],[4.1,45],[4.1,45.1],[4,45.1],[4,45]],[[4,45],[4.05,45.02],[4.02,45.05],[4,45]]]`,
		`[[[4,45],[4.1,45],[4.05,45.05],[4.1,45.1],[4,45.1],[4.05,45.05],[4,45]]]`,
		`[` + circleCoords(4, 45, 0.01, 20000) + `]`,
		`[` + comb.String() + `]`,
	} {
		if _, err := ReadLayer("f.geojson", LayerQPV, strings.NewReader(geom(coords))); err != nil {
			t.Errorf("valid ring %.80s…: %v", coords, err)
		}
	}
}

// A ring crossing or overlapping itself is kept, with a warning naming the
// feature, its code, the field and the sides: files rounded to a few
// decimals (the ANCT's 4-decimal QPV copy) have hundreds, and refusing them
// refused the whole file. The even-odd rule still places points.
func TestReadLayerCrossingRings(t *testing.T) {
	geom := func(code, coords string) string {
		return `{"type":"Feature","properties":{"code_qp":"` + code + `"},"geometry":{"type":"Polygon","coordinates":` + coords + `}}`
	}
	in := collection(
		geom("QN06901M", `[[[4,45],[4.1,45.1],[4.1,45],[4,45.1],[4,45]]]`),
		geom("QN06902M", `[[[4,45],[4.1,45],[4.1,45.1],[4,45.1],[4,45]],[[4.02,45.02],[4.05,45.02],[4.02,45.05],[4.05,45.05],[4.02,45.02]]]`),
		geom("QN06903M", `[[[4,45],[4.2,45],[4.1,45],[4.1,45.1],[4,45]]]`),
		geom("QN06904M", `[[[5,45],[5.1,45],[5.1,45.1],[5,45.1],[5,45]]]`),
		`{"type":"Feature","properties":{"code_qp":"QN06905M"},"geometry":{"type":"MultiPolygon","coordinates":[[[[6,45],[6.1,45],[6.1,45.1],[6,45.1],[6,45]],[[6.01,45.01],[6.02,45.02],[6.01,45.01],[6.01,45.01]]],[[[7,45],[7.0001,45],[7,45],[7,45]]]]}}`,
	)
	l, err := ReadLayer("f.geojson", LayerQPV, strings.NewReader(in))
	if err != nil {
		t.Fatalf("a layer with crossing rings is refused: %v", err)
	}
	if len(l.Zones) != 5 || l.Crossings != 5 || len(l.Warnings) != 5 {
		t.Fatalf("zones %d, crossings %d, warnings %q; want 5, 5, 5", len(l.Zones), l.Crossings, l.Warnings)
	}
	// A ring without surface (collapsed by rounding) is dropped: a hole, or
	// the polygon it is the outer ring of; the zone keeps the rest.
	if z := l.Zones[4]; len(z.Polygons) != 1 || len(z.Polygons[0]) != 1 {
		t.Errorf("QN06905M kept %d polygons (first with %d rings), want 1 polygon of 1 ring", len(z.Polygons), len(z.Polygons[0]))
	}
	for i, want := range []string{
		"objet 5 (QN06905M) : champ geometry.coordinates[0][1] : anneau de 2 sommets distincts, sans surface (un fichier arrondi en a) : ignoré",
		"objet 5 (QN06905M) : champ geometry.coordinates[1][0] : anneau de 2 sommets distincts, sans surface",
	} {
		if !strings.HasPrefix(l.Warnings[3+i], want) {
			t.Errorf("warning %d: %q\nwant prefix %q", 3+i, l.Warnings[3+i], want)
		}
	}
	for i, want := range []string{
		"objet 1 (QN06901M) : champ geometry.coordinates[0] : anneau qui se croise lui-même : ses côtés 1 ([4, 45] → [4.1, 45.1]) et 3 ([4.1, 45] → [4, 45.1]) se coupent",
		"objet 2 (QN06902M) : champ geometry.coordinates[1] : anneau qui se croise lui-même",
		"objet 3 (QN06903M) : champ geometry.coordinates[0] : anneau qui se croise lui-même : ses côtés 1 ([4, 45] → [4.2, 45]) et 2 ([4.2, 45] → [4.1, 45]) se recouvrent",
	} {
		if !strings.HasPrefix(l.Warnings[i], want) {
			t.Errorf("warning %d: %q\nwant prefix %q", i, l.Warnings[i], want)
		}
	}
	// The bow tie's lower triangle holds a point by the even-odd rule.
	if !l.Zones[0].Polygons[0].contains(45.05, 4.08) {
		t.Errorf("a point inside the bow tie's triangle is not in the zone")
	}
}
