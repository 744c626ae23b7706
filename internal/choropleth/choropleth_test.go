package choropleth

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"maillage/internal/territory"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestQuantiles(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name   string
		values []float64
		n      int
		want   []float64
	}{
		{"ten values in five", []float64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 5, []float64{2, 4, 6, 8, 10}},
		{"seven in three", []float64{70, 10, 20, 30, 40, 50, 60}, 3, []float64{30, 50, 70}},
		{"three in five", []float64{3, 1, 2}, 5, []float64{1, 2, 3}},
		{"ties kept together", []float64{1, 1, 1, 1, 2}, 5, []float64{1, 2}},
		{"all equal", []float64{5, 5, 5}, 5, []float64{5}},
		{"no value", nil, 5, nil},
		{"unknown values left out", []float64{nan, 3, nan}, 5, []float64{3}},
		{"only unknown", []float64{nan}, 5, nil},
		{"zeros and a few", []float64{0, 0, 0, 0, 0, 0, 12, 40}, 4, []float64{0, 12, 40}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Quantiles(tc.values, tc.n); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Quantiles(%v, %d) = %v, want %v", tc.values, tc.n, got, tc.want)
			}
		})
	}
}

func square(lat, lon, side float64) territory.Ring {
	return territory.Ring{{Lat: lat, Lon: lon}, {Lat: lat, Lon: lon + side}, {Lat: lat + side, Lon: lon + side}, {Lat: lat + side, Lon: lon}}
}

func pt(lat, lon float64) *territory.Point { return &territory.Point{Lat: lat, Lon: lon} }

// maps are the drawings checked against golden files.
func maps() map[string]Map {
	comma := func(v float64) string { return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1) }
	return map[string]Map{
		"contours": {
			ID: "c", Title: "Accessibilité par EPCI", Desc: "Lieux pour 10 000 habitants, par EPCI du département", Measure: "Lieux pour 10 000 habitants",
			Noun: [2]string{"EPCI", "EPCI"}, Format: comma,
			Units: []Unit{
				{Code: "A", Name: "CC du Nord & <Est>", Value: 1.5, Polygons: []territory.Polygon{{square(45, 4, 0.4), square(45.15, 4.05, 0.1)}}},                               // with a hole
				{Code: "B", Name: "CA du Sud", Value: 3, Polygons: []territory.Polygon{{square(44.5, 4, 0.4)}, {square(44.55, 4.5, 0.1)}}},                                       // two parts
				{Code: "C", Name: "CC de l'Ouest", Value: 3, Polygons: []territory.Polygon{{square(44.7, 3.5, 0.4)}}},                                                            // ties with B
				{Code: "D", Name: "Métropole", Value: 7.25, Polygons: []territory.Polygon{{{{Lat: 45, Lon: 4.5}, {Lat: 45, Lon: 5}, {Lat: 45.4, Lon: 5}, {Lat: 45, Lon: 4.5}}}}}, // a triangle
				{Code: "E", Name: "CC sans chiffre", Value: math.NaN(), Polygons: []territory.Polygon{{square(44.3, 3.6, 0.3)}}},
			},
		},
		"symboles": {
			ID: "s", Title: "Personnes à risque non desservies par région", Measure: "Personnes à risque non desservies",
			Noun: [2]string{"région", "régions"}, Format: comma,
			Units: []Unit{
				{Code: "84", Name: "Auvergne-Rhône-Alpes", Value: 12400, Centre: pt(45.5, 4.5), Weight: 8000000},
				{Code: "11", Name: "Île-de-France", Value: 300, Centre: pt(48.8, 2.4), Weight: 12000000},
				{Code: "76", Name: "Occitanie", Value: 25000, Centre: pt(43.7, 2.1), Weight: 6000000},
				{Code: "53", Name: "Bretagne", Value: 8000, Centre: pt(48.1, -2.9), Weight: 3300000},
				{Code: "94", Name: "Corse", Value: 5000, Centre: pt(42.1, 9.0), Weight: 340000},
				{Code: "04", Name: "La Réunion", Value: 9000, Centre: pt(-21.1, 55.5), Weight: 870000},
				{Code: "03", Name: "Guyane", Value: 21000, Centre: pt(4.9, -52.3), Weight: 290000},
				{Code: "98", Name: "Terres australes et antarctiques françaises", Value: 0, Centre: pt(-49.3, 69.2), Weight: 0},
				{Code: "99", Name: "Sans position", Value: 1},
			},
		},
		"egaux": {
			ID: "e", Title: "Une seule valeur",
			Units: []Unit{
				{Code: "1", Name: "Un", Value: 0, Polygons: []territory.Polygon{{square(45, 4, 0.4)}}},
				{Code: "2", Name: "Deux", Value: 0, Polygons: []territory.Polygon{{square(45, 4.4, 0.4)}}},
			},
		},
		"vide": {Title: "Rien"},
	}
}

// The drawings are the golden files (go test -update rewrites them; look at them).
func TestRenderGolden(t *testing.T) {
	for name, m := range maps() {
		t.Run(name, func(t *testing.T) {
			d := Render(m)
			file := filepath.Join("testdata", name+".svg")
			if *update {
				if err := os.WriteFile(file, []byte(d.SVG), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if d.SVG != string(want) {
				t.Errorf("%s differs from the drawing (go test -update, then look at it)", file)
			}
		})
	}
}

// What the drawings hold, whatever their layout: classes, the units'
// classes, the way they are drawn.
func TestRenderClasses(t *testing.T) {
	all := maps()
	d := Render(all["contours"])
	if want := map[string]int{"A": 1, "B": 2, "C": 2, "D": 3, "E": 0}; !reflect.DeepEqual(d.ClassOf, want) {
		t.Errorf("contours: classes %v, want %v", d.ClassOf, want)
	}
	if want := []Class{{1, 1.5, 1.5, 1}, {2, 3, 3, 2}, {3, 7.25, 7.25, 1}}; !reflect.DeepEqual(d.Classes, want) {
		t.Errorf("contours: %+v, want %+v", d.Classes, want)
	}
	if d.Symbols || d.Missing != 1 || len(d.Unplaced) != 0 {
		t.Errorf("contours: symbols %v, missing %d, unplaced %v", d.Symbols, d.Missing, d.Unplaced)
	}
	s := Render(all["symboles"])
	if !s.Symbols || !reflect.DeepEqual(s.Unplaced, []string{"99"}) {
		t.Errorf("symbols: symbols %v, unplaced %v", s.Symbols, s.Unplaced)
	}
	if !strings.Contains(s.SVG, "Carte schématique : les contours ne sont pas chargés") {
		t.Error("a map without contours does not say it is schematic")
	}
	// Long names are cut to fit under their inset.
	for _, far := range []string{">La Réunion</text>", ">Guyane</text>", ">Terres australes…</text>"} {
		if !strings.Contains(s.SVG, far) {
			t.Errorf("no inset named %s", far)
		}
	}
	if e := Render(all["egaux"]); len(e.Classes) != 1 || e.Classes[0].Count != 2 {
		t.Errorf("equal values: %+v", e.Classes)
	} else if strings.Contains(e.SVG, "1 classes") || !strings.Contains(e.SVG, "Une seule classe") {
		t.Errorf("one class is not said « Une seule classe »")
	}
	if v := Render(all["vide"]); len(v.Classes) != 0 || !strings.Contains(v.SVG, "Aucune valeur à représenter.") {
		t.Errorf("empty map: %+v", v.Classes)
	}
}

// On a dense map, class numbers never cover each other: the larger units
// keep theirs. Here a grid of large squares, and pairs of towns a few
// hundred metres apart.
func TestRenderLabelsDoNotOverlap(t *testing.T) {
	m := Map{Title: "Dense"}
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			lat, lon := 45+0.1*float64(i), 4+0.14*float64(j)
			m.Units = append(m.Units,
				Unit{Code: fmt.Sprintf("%d-%d", i, j), Name: "U", Value: float64(i*4 + j), Centre: pt(lat, lon), Weight: 1000},
				Unit{Code: fmt.Sprintf("%d-%d bis", i, j), Name: "V", Value: float64(i*4 + j), Centre: pt(lat+0.003, lon+0.004), Weight: 900})
		}
	}
	d := Render(m)
	disc := regexp.MustCompile(`<circle cx="([0-9.]+)" cy="([0-9.]+)" r="10" fill="#ffffff"`)
	var xs, ys []float64
	legend := strings.Index(d.SVG, "font-style=\"italic\"") // the note under the map
	for _, c := range disc.FindAllStringSubmatchIndex(d.SVG[:legend], -1) {
		x, _ := strconv.ParseFloat(d.SVG[c[2]:c[3]], 64)
		y, _ := strconv.ParseFloat(d.SVG[c[4]:c[5]], 64)
		xs, ys = append(xs, x), append(ys, y)
	}
	if len(xs) == 0 {
		t.Fatal("no class number on the map")
	}
	for i := range xs {
		for j := i + 1; j < len(xs); j++ {
			if math.Hypot(xs[i]-xs[j], ys[i]-ys[j]) < 20 {
				t.Fatalf("numbers at (%v, %v) and (%v, %v) cover each other", xs[i], ys[i], xs[j], ys[j])
			}
		}
	}
}

// The SVG is well-formed XML, named by its title and description, and
// its classes differ by their hatching, not only by their tint: each
// pattern used has its own line spacing or directions, each unit a
// title, each legend row its class number.
func TestRenderAccessible(t *testing.T) {
	for name, m := range maps() {
		d := Render(m)
		dec := xml.NewDecoder(bytes.NewReader([]byte(d.SVG)))
		ids := map[string]string{}
		var root xml.StartElement
		hatching := map[string]string{} // pattern id → its lines
		var inPattern string
		shapesWithTitle, shapes := 0, 0
		var stack []string
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: not XML: %v", name, err)
			}
			switch e := tok.(type) {
			case xml.StartElement:
				if root.Name.Local == "" {
					root = e
				}
				attr := func(n string) string {
					for _, a := range e.Attr {
						if a.Name.Local == n {
							return a.Value
						}
					}
					return ""
				}
				if id := attr("id"); id != "" {
					ids[id] = e.Name.Local
				}
				switch e.Name.Local {
				case "pattern":
					inPattern = attr("id")
					hatching[inPattern] = "size " + attr("width")
				case "line":
					hatching[inPattern] += " line " + attr("x2") + "," + attr("y2") + " " + attr("stroke-width")
				case "circle":
					if inPattern != "" {
						hatching[inPattern] += " dots"
					}
				case "path":
					shapes++
				case "title":
					if len(stack) > 0 && (stack[len(stack)-1] == "path" || stack[len(stack)-1] == "rect") {
						shapesWithTitle++
					}
				}
				stack = append(stack, e.Name.Local)
			case xml.EndElement:
				if e.Name.Local == "pattern" {
					inPattern = ""
				}
				stack = stack[:len(stack)-1]
			}
		}
		get := func(n string) string {
			for _, a := range root.Attr {
				if a.Name.Local == n {
					return a.Value
				}
			}
			return ""
		}
		if get("role") != "img" {
			t.Errorf("%s: role %q, want img", name, get("role"))
		}
		labels := strings.Fields(get("aria-labelledby"))
		if len(labels) != 2 || ids[labels[0]] != "title" || ids[labels[1]] != "desc" {
			t.Errorf("%s: aria-labelledby %q does not name the title and the description (%v)", name, get("aria-labelledby"), ids)
		}
		seen := map[string]string{}
		for id, h := range hatching {
			if other, ok := seen[h]; ok {
				t.Errorf("%s: patterns %s and %s are drawn alike (%s)", name, id, other, h)
			}
			seen[h] = id
		}
		if shapesWithTitle < shapes {
			t.Errorf("%s: %d of %d shapes have a title", name, shapesWithTitle, shapes)
		}
		for _, c := range d.Classes {
			if !strings.Contains(d.SVG, ">"+classLine(c, orPlain(m.Format), nounOr(m.Noun, 0), nounOr(m.Noun, 1))+"<") {
				t.Errorf("%s: the legend lacks class %d", name, c.N)
			}
		}
	}
}

func orPlain(f func(float64) string) func(float64) string {
	if f != nil {
		return f
	}
	return func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
}

func nounOr(n [2]string, i int) string {
	if n[0] == "" {
		return [2]string{"unité", "unités"}[i]
	}
	return n[i]
}
