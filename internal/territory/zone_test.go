package territory

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"errors"
	"maillage/internal/failure"
)

func readTestLayer(t testing.TB, kind, name string) *Layer {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, err := ReadLayer(name, kind, f)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// lonEast is the longitude km east of lon at lat (a parallel's degree
// shrinks with cos(lat)).
func lonEast(lat, lon, km float64) float64 {
	return lon + km/(111.195*math.Cos(lat*math.Pi/180))
}

func TestQPVAt(t *testing.T) {
	ref := &Referential{}
	ref.SetLayer(readTestLayer(t, LayerQPV, "qpv.geojson"))
	// The fixture: QN06901M is the square 4.80–4.82 × 45.70–45.72 with a
	// hole 4.805–4.815 × 45.705–45.715; QN06902M is two squares
	// 4.85–4.86 and 4.87–4.88 × 45.70–45.71 and a triangle
	// (4.90, 45.70) (4.91, 45.70) (4.905, 45.71), given as two features.
	tests := []struct {
		name     string
		lat, lon float64
		inside   string
		near     []string
	}{
		{"in the ring", 45.702, 4.802, "QN06901M", nil},
		{"in the hole, far from its edges", 45.71, 4.81, "", nil},
		{"in the hole, 155 m from its edge", 45.71, lonEast(45.71, 4.805, 0.155), "", []string{"QN06901M"}},
		{"250 m east of the square", 45.71, lonEast(45.71, 4.82, 0.25), "", []string{"QN06901M"}},
		{"350 m east of the square", 45.71, lonEast(45.71, 4.82, 0.35), "", nil},
		{"250 m north of the square", 45.72 + 0.25/111.195, 4.81, "", []string{"QN06901M"}},
		{"first polygon of a multipolygon", 45.705, 4.855, "QN06902M", nil},
		{"second polygon of a multipolygon", 45.705, 4.875, "QN06902M", nil},
		{"the feature of the other commune", 45.702, 4.905, "QN06902M", nil},
		{"between the squares, 78 m from one", 45.705, lonEast(45.705, 4.86, 0.078), "", []string{"QN06902M"}},
		{"between the squares, far from both", 45.705, 4.865, "", nil},
		{"near both, inside one", 45.702, 4.8195, "QN06901M", nil},
		{"far away", 48.85, 2.35, "", nil},
		{"out of range", 100, 400, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, near := ref.QPVAt(tt.lat, tt.lon)
			got := ""
			if in != nil {
				got = in.Code
			}
			var nearCodes []string
			for _, z := range near {
				nearCodes = append(nearCodes, z.Code)
			}
			if got != tt.inside || !slices.Equal(nearCodes, tt.near) {
				t.Errorf("QPVAt(%g, %g) = %q, %v; want %q, %v", tt.lat, tt.lon, got, nearCodes, tt.inside, tt.near)
			}
		})
	}
}

func TestZoneDistanceMatchesGreatCircle(t *testing.T) {
	l := readTestLayer(t, LayerQPV, "qpv.geojson")
	ref := &Referential{}
	ref.SetLayer(l)
	z, ok := l.Zone("QN06901M")
	if !ok {
		t.Fatal("QN06901M not read")
	}
	for _, km := range []float64{0.01, 0.1, 0.3, 1, 5} {
		lon := lonEast(45.71, 4.82, km)
		want := DistanceKm(45.71, 4.82, 45.71, lon) // the nearest point of the edge x = 4.82
		if got := z.DistanceKm(45.71, lon); math.Abs(got-want) > 0.001 {
			t.Errorf("%g km east: DistanceKm = %.4f, great circle %.4f", km, got, want)
		}
	}
}

func TestReadLayer(t *testing.T) {
	l := readTestLayer(t, LayerQPV, "qpv.geojson")
	if len(l.Zones) != 2 || l.Kind != LayerQPV {
		t.Fatalf("zones: %+v", l.Zones)
	}
	b := l.Zones[1]
	if b.Code != "QN06902M" || b.Nom != "Les Deux Îles" || len(b.Polygons) != 3 || !slices.Equal(b.Communes, []string{"69382", "69383"}) {
		t.Errorf("QPV over two communes, given as two features: %+v", b)
	}
	if a := l.Zones[0]; len(a.Polygons) != 1 || len(a.Polygons[0]) != 2 {
		t.Errorf("polygon with its hole: %+v", a.Polygons)
	}
	iris := readTestLayer(t, LayerIRIS, "iris.geojson")
	want := []Zone{{Code: "693810101", Nom: "Terreaux", Type: "H", Communes: []string{"69381"}},
		{Code: "693810102", Nom: "Martinière", Type: "A", Communes: []string{"69381"}}} // commune from the code
	for i, w := range want {
		z := iris.Zones[i]
		if z.Code != w.Code || z.Nom != w.Nom || z.Type != w.Type || !slices.Equal(z.Communes, w.Communes) {
			t.Errorf("IRIS %d = %+v, want %+v", i, z, w)
		}
	}
	ref := &Referential{}
	ref.SetLayer(iris)
	if z := ref.IRISAt(45.71, 4.815); z == nil || z.Code != "693810102" {
		t.Errorf("IRISAt: %+v", z)
	}
	if z := ref.IRISAt(45.71, 4.83); z != nil {
		t.Errorf("IRISAt outside: %+v", z)
	}
}

func TestReadLayerGzip(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "qpv.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	zipped, err := ReadLayer("qpv.geojson.gz", LayerQPV, &gz)
	if err != nil {
		t.Fatal(err)
	}
	plain := readTestLayer(t, LayerQPV, "qpv.geojson")
	if !reflect.DeepEqual(zipped.Zones, plain.Zones) {
		t.Errorf("gzip: %+v", zipped.Zones)
	}
}

func TestReadLayerErrors(t *testing.T) {
	square := `{"type":"Polygon","coordinates":[[[1,45],[2,45],[2,46],[1,45]]]}`
	feature := func(props, geom string) string {
		return `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code_qp":"QN1","lib_qp":"A"},"geometry":` + square + `},
			{"type":"Feature","properties":` + props + `,"geometry":` + geom + `}]}`
	}
	tests := []struct {
		name, in string
		want     []string // all in the message
	}{
		{"not JSON", `<html>`, []string{"f.geojson", "JSON illisible", "GeoJSON"}},
		{"not an object", `[1]`, []string{"f.geojson", "FeatureCollection"}},
		{"wrong type", `{"type":"Feature"}`, []string{"champ type", `"Feature"`, "FeatureCollection"}},
		{"Lambert 93 crs", `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2154"}},"features":[]}`,
			[]string{"crs.properties.name", "EPSG::2154", "WGS84"}},
		{"no feature", `{"type":"FeatureCollection","features":[]}`, []string{"aucun objet"}},
		{"no code", feature(`{"lib_qp":"X"}`, square), []string{"objet 2", "code_qp", "obligatoire"}},
		{"bad code", feature(`{"code_qp":"QN 1"}`, square), []string{"objet 2", "code_qp", `"QN 1"`}},
		{"bad commune", feature(`{"code_qp":"QN2","insee_com":"Lyon"}`, square), []string{"objet 2 (QN2)", "insee_com", `"LYON"`, "code INSEE"}},
		{"null geometry", feature(`{"code_qp":"QN2"}`, `null`), []string{"objet 2 (QN2)", "geometry", "null", "MultiPolygon"}},
		{"point", feature(`{"code_qp":"QN2"}`, `{"type":"Point","coordinates":[1,2]}`), []string{"objet 2 (QN2)", "geometry.type", `"Point"`, "Polygon ou MultiPolygon"}},
		{"Lambert 93 coordinates", feature(`{"code_qp":"QN2"}`, `{"type":"Polygon","coordinates":[[[842000,6519000],[843000,6519000],[843000,6520000],[842000,6519000]]]}`),
			[]string{"objet 2 (QN2)", "geometry.coordinates[0][0]", "[842000, 6.519e+06]", "WGS84", "Lambert 93"}},
		{"short ring", feature(`{"code_qp":"QN2"}`, `{"type":"MultiPolygon","coordinates":[[[[1,45],[2,45],[1,45]]]]}`),
			[]string{"objet 2 (QN2)", "geometry.coordinates[0][0]", "3 positions", "au moins 4"}},
		{"strings as coordinates", feature(`{"code_qp":"QN2"}`, `{"type":"Polygon","coordinates":[[["1","45"]]]}`),
			[]string{"objet 2 (QN2)", "geometry.coordinates[0][0][0]", `valeur "1"`, "un nombre est attendu", "[longitude, latitude]"}},
		{"truncated", `{"type":"FeatureCollection","features":[{"type":"Feature"`, []string{"f.geojson", "tronqué"}},
		{"bad IRIS code", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code_iris":"75101"},"geometry":` + square + `}]}`,
			[]string{"objet 1", "code_iris", `"75101"`, "9 chiffres"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind := LayerQPV
			if strings.Contains(tt.name, "IRIS") {
				kind = LayerIRIS
			}
			_, err := ReadLayer("f.geojson", kind, strings.NewReader(tt.in))
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, failure.ErrInvalid) {
				t.Errorf("not a failure.Invalid: %v", err)
			}
			msg := err.Error()
			var f *failure.Error
			if errors.As(err, &f) {
				msg = f.Message
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
		})
	}
}

func TestSimplify(t *testing.T) {
	// A square whose sides carry points 10 m off the straight line, and a
	// ring 10 m wide.
	z := Zone{Polygons: []Polygon{
		{
			{{45, 2}, {45, 2.005}, {45.00009, 2.0050}, {45, 2.005001}, {45, 2.01}, {45.01, 2.01}, {45.01, 2}, {45, 2}},
			{{45.004, 2.004}, {45.0041, 2.004}, {45.0041, 2.0041}, {45.004, 2}},
		},
		{{{46, 2}, {46.0001, 2}, {46.0001, 2.0001}, {46, 2}}},
	}}
	got := z.Simplify(0.001)
	want := []Polygon{{{{45, 2}, {45, 2.01}, {45.01, 2.01}, {45.01, 2}, {45, 2}}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Simplify(0.001) = %v, want %v", got, want)
	}
	if fine := z.Simplify(0.00001); len(fine) != 2 || len(fine[0][0]) != 8 {
		t.Errorf("Simplify(0.00001) should keep every point: %v", fine)
	}
}

func TestPolygonsCodec(t *testing.T) {
	l := readTestLayer(t, LayerQPV, "qpv.geojson")
	for _, z := range l.Zones {
		b := EncodePolygons(z.Polygons)
		got, err := DecodePolygons(b)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, z.Polygons) {
			t.Errorf("%s: round trip\n got %v\nwant %v", z.Code, got, z.Polygons)
		}
		for n := 0; n < len(b); n++ {
			if _, err := DecodePolygons(b[:n]); err == nil {
				t.Errorf("%s: %d of %d bytes decoded without error", z.Code, n, len(b))
			}
		}
	}
	if _, err := DecodePolygons([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}); err == nil {
		t.Error("a huge count decoded")
	}
}

func FuzzReadLayer(f *testing.F) {
	for _, n := range []string{"qpv.geojson", "iris.geojson", "qpv_gazetteer.json", "iris_gazetteer.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	feature := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code_qp":"QN1"},"geometry":{"type":"Polygon","coordinates":%s}}]}`
	for _, c := range []string{`[[[4,45],[4.1,45.1],[4.1,45],[4,45.1],[4,45]]]`, `[[[4,45],[1e400,45],[4.1,45.1],[4,45]]]`, `[[[4,45],[4.2,45],[4.1,45],[4.1,45.1],[4,45]]]`,
		`[[[4,45],[4.1,45],[4.1,45.1],[4,45.1]]]`, `[[[4,45,3],[4.1,45,2],[4.1,45.1],[4,45]]]`} {
		f.Add([]byte(fmt.Sprintf(feature, c)))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, kind := range []string{LayerQPV, LayerIRIS} {
			l, err := ReadLayer("f", kind, bytes.NewReader(data))
			if err != nil {
				if !errors.Is(err, failure.ErrInvalid) {
					t.Fatalf("not a failure.Invalid: %v", err)
				}
				continue
			}
			ref := &Referential{}
			ref.SetLayer(l)
			for _, z := range l.Zones {
				if z.Code == "" || len(z.Polygons) == 0 {
					t.Fatalf("zone without code or geometry: %+v", z)
				}
				got, err := DecodePolygons(EncodePolygons(z.Polygons))
				if err != nil || !reflect.DeepEqual(got, z.Polygons) {
					t.Fatalf("codec round trip: %v", err)
				}
				for _, p := range z.Polygons {
					for _, r := range p {
						if rule, _ := checkRing(r); rule != "" { // flatRing too: dropped rings are never kept
							t.Fatalf("kept a ring that does not check: %s", rule)
						}
						for _, v := range r {
							if !validPoint(v.Lat, v.Lon) {
								t.Fatalf("kept position %+v", v)
							}
						}
					}
				}
				v := z.Polygons[0][0][0]
				ref.QPVAt(v.Lat, v.Lon)
				ref.IRISAt(v.Lat, v.Lon)
				z.Simplify(0.001)
			}
		}
	})
}

func TestToleranceForZoom(t *testing.T) {
	// A tile of 256 pixels spans 360° at zoom 0, half as much at each level.
	for _, tt := range []struct {
		zoom int
		want float64
	}{{0, 1.40625}, {1, 0.703125}, {9, 0.00274658203125}, {13, 0.000171661376953125}} {
		if got := ToleranceForZoom(tt.zoom); got != tt.want {
			t.Errorf("ToleranceForZoom(%d) = %g, want %g", tt.zoom, got, tt.want)
		}
	}
}
