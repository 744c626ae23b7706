package web

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"maillage/internal/fragility"
	"maillage/internal/store/storetest"
	"maillage/internal/territory"
)

// circle is a polygon of n vertices around (lat, lon), r degrees wide.
func circle(lat, lon, r float64, n int) territory.Polygon {
	ring := make(territory.Ring, 0, n+1)
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		ring = append(ring, territory.Point{Lat: math.Round((lat+r*math.Sin(a))*1e7) / 1e7, Lon: math.Round((lon+r*math.Cos(a))*1e7) / 1e7})
	}
	return territory.Polygon{append(ring, ring[0])}
}

func squarePolygon(south, west, north, east float64) territory.Polygon {
	return territory.Polygon{{{Lat: south, Lon: west}, {Lat: south, Lon: east}, {Lat: north, Lon: east}, {Lat: north, Lon: west}, {Lat: south, Lon: west}}}
}

// layersServer serves storetest's referential with the communes' contours
// (Toulouse a circle of 400 vertices, Blagnac and Albi squares), the QPV of
// storetest.QPVLayer and a fragility index of five communes: 80 (Castres),
// 90 (Blagnac), 100 (Albi), 110 (Bourg-en-Bresse), 120 (Toulouse), one per
// quintile.
func layersServer(t *testing.T, extra ...territory.Zone) *testServer {
	t.Helper()
	ctx := context.Background()
	ts := newTestServer(t, fixture()...)
	contours := &territory.Layer{Kind: territory.LayerContours, Vintage: "2025", Source: "/srv/data/communes-50m.geojson.gz", Loaded: monday10h,
		Zones: append([]territory.Zone{
			{Code: "31069", Nom: "Blagnac", Polygons: []territory.Polygon{squarePolygon(43.66, 1.36, 43.70, 1.42)}},
			{Code: "31555", Nom: "Toulouse", Polygons: []territory.Polygon{circle(43.60, 1.44, 0.05, 400)}},
			{Code: "81004", Nom: "Albi", Polygons: []territory.Polygon{squarePolygon(43.90, 2.10, 43.95, 2.20)}},
		}, extra...)}
	if err := ts.store.ReplaceLayer(ctx, contours); err != nil {
		t.Fatal(err)
	}
	if err := ts.store.ReplaceLayer(ctx, storetest.QPVLayer(monday10h)); err != nil {
		t.Fatal(err)
	}
	idx := &fragility.Index{Level: fragility.LevelCommune, Vintage: "2023", Source: "ifn-2023.csv", Rows: map[string]fragility.IndexRow{}}
	for code, score := range map[string]float64{"81065": 80, "31069": 90, "81004": 100, "01053": 110, "31555": 120} {
		idx.Rows[code] = fragility.IndexRow{Code: code, Score: score, Population: math.NaN()}
	}
	if err := ts.store.ReplaceFragilityIndex(ctx, idx); err != nil {
		t.Fatal(err)
	}
	if err := ts.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	return ts
}

type layerAnswer struct {
	Type        string `json:"type"`
	Attribution string `json:"attribution"`
	Features    []struct {
		Type       string         `json:"type"`
		Properties map[string]any `json:"properties"`
		Geometry   struct {
			Type        string      `json:"type"`
			Coordinates layerCoords `json:"coordinates"`
		} `json:"geometry"`
	} `json:"features"`
	Legend []legendClass `json:"legende"`
}

// layerCoords are a MultiPolygon's coordinates, or a MultiLineString's
// as one polygon whose rings are its lines.
type layerCoords [][][][]float64

func (c *layerCoords) UnmarshalJSON(b []byte) error {
	var polygons [][][][]float64
	if err := json.Unmarshal(b, &polygons); err == nil {
		*c = polygons
		return nil
	}
	var lines [][][]float64
	if err := json.Unmarshal(b, &lines); err != nil {
		return err
	}
	*c = layerCoords{lines}
	return nil
}

func getLayer(t *testing.T, ts *testServer, path string) (layerAnswer, response) {
	t.Helper()
	res := ts.get(t, path)
	var a layerAnswer
	if res.StatusCode != http.StatusOK {
		return a, res
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/geo+json" {
		t.Errorf("%s: Content-Type %q", path, ct)
	}
	if err := json.Unmarshal([]byte(res.Body), &a); err != nil {
		t.Fatalf("%s: %v\n%s", path, err, res.Body)
	}
	if a.Type != "FeatureCollection" {
		t.Errorf("%s: type %q", path, a.Type)
	}
	for _, f := range a.Features {
		// The EPCI's borders are lines; the other layers' areas, polygons.
		lines := f.Geometry.Type == "MultiLineString"
		if f.Type != "Feature" || (f.Geometry.Type != "MultiPolygon" && !lines) || len(f.Geometry.Coordinates) == 0 {
			t.Fatalf("%s: feature %+v", path, f)
		}
		for _, p := range f.Geometry.Coordinates {
			for _, r := range p {
				if lines && len(r) < 2 {
					t.Fatalf("%s: line of %d points: %v", path, len(r), r)
				}
				if !lines && (len(r) < 4 || !slices.Equal(r[0], r[len(r)-1])) {
					t.Fatalf("%s: ring open or short: %v", path, r)
				}
				for _, v := range r {
					if len(v) != 2 || v[0] < -180 || v[0] > 180 || v[1] < -90 || v[1] > 90 {
						t.Fatalf("%s: position %v", path, v)
					}
				}
			}
		}
	}
	return a, res
}

func codes(a layerAnswer) []string {
	var out []string
	for _, f := range a.Features {
		out = append(out, f.Properties["code"].(string))
	}
	slices.Sort(out)
	return out
}

func vertices(a layerAnswer, code string) int {
	n := 0
	for _, f := range a.Features {
		if f.Properties["code"] == code {
			for _, p := range f.Geometry.Coordinates {
				for _, r := range p {
					n += len(r)
				}
			}
		}
	}
	return n
}

const toulouseBox = "1.3,43.5,1.6,43.75"

func TestMapLayerFragility(t *testing.T) {
	// A contour whose code the referential does not know (an old commune
	// merged since) is not drawn: no name, no figures (review 9A, minor 11).
	ts := layersServer(t, territory.Zone{Code: "31999", Nom: "Ancienne", Polygons: []territory.Polygon{squarePolygon(43.52, 1.31, 43.54, 1.33)}})
	a, res := getLayer(t, ts, "/carte/couches/fragilite.geojson?zoom=12&bbox="+toulouseBox)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%d %s", res.StatusCode, res.Body)
	}
	if got := codes(a); !slices.Equal(got, []string{"31069", "31555"}) {
		t.Errorf("communes in the box: %v", got)
	}
	for _, f := range a.Features {
		p := f.Properties
		switch p["code"] {
		case "31555":
			if p["nom"] != "Toulouse" || p["classe"] != 5.0 || p["fragilite"] != 120.0 || p["population"] != 511684.0 || p["personnes_a_risque"] != 511684.0 {
				t.Errorf("Toulouse: %v", p)
			}
		case "31069":
			if p["classe"] != 2.0 || p["fragilite"] != 90.0 {
				t.Errorf("Blagnac: %v", p)
			}
		}
	}
	wantLegend := []legendClass{
		{1, "Très faible : moins de 90"}, {2, "Faible : de 90 à moins de 100"}, {3, "Moyenne : de 100 à moins de 110"},
		{4, "Forte : de 110 à moins de 120"}, {5, "Très forte : 120 et plus"}, {0, "Inconnue : pas d'indice pour la commune"},
	}
	if !slices.Equal(a.Legend, wantLegend) {
		t.Errorf("legend %v", a.Legend)
	}
	for _, want := range []string{"Indice de fragilité numérique (millésime 2023)", "quintiles", "communes-50m.geojson.gz, millésime 2025"} {
		if !strings.Contains(a.Attribution, want) {
			t.Errorf("attribution %q lacks %q", a.Attribution, want)
		}
	}
	if strings.Contains(a.Attribution, "/srv/data") {
		t.Errorf("attribution shows the server's folders: %q", a.Attribution)
	}
}

func TestMapLayerSimplifiedByZoom(t *testing.T) {
	ts := layersServer(t)
	var last int
	for _, zoom := range []string{"9", "12", "15"} {
		a, res := getLayer(t, ts, "/carte/couches/fragilite.geojson?zoom="+zoom+"&bbox="+toulouseBox)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("zoom %s: %d %s", zoom, res.StatusCode, res.Body)
		}
		n := vertices(a, "31555")
		t.Logf("zoom %s: Toulouse drawn with %d vertices, %d bytes", zoom, n, len(res.Body))
		if n <= last || n > 401 {
			t.Errorf("zoom %s: %d vertices for Toulouse's 400 (%d at the zoom before)", zoom, n, last)
		}
		last = n
	}
}

func TestMapLayerBBox(t *testing.T) {
	ts := layersServer(t)
	tests := []struct {
		layer, bbox string
		want        []string
	}{
		{"fragilite", "2.0,43.8,2.3,44.0", []string{"81004"}},
		{"fragilite", "1.3,43.67,1.37,43.69", []string{"31069"}},
		{"fragilite", "5.0,46.0,5.5,46.5", nil},
		{"epci", toulouseBox, []string{"243100518"}},
		{"epci", "2.0,43.8,2.3,44.0", []string{"248100737"}},
		{"qpv", toulouseBox, []string{"QN03101M", "QN03102M"}},
		{"qpv", "1.39,43.59,1.43,43.63", []string{"QN03101M"}},
		{"qpv", "2.0,43.8,2.3,44.0", nil},
	}
	for _, tt := range tests {
		a, res := getLayer(t, ts, "/carte/couches/"+tt.layer+".geojson?zoom=12&bbox="+tt.bbox)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s %s: %d %s", tt.layer, tt.bbox, res.StatusCode, res.Body)
		}
		if got := codes(a); !slices.Equal(got, tt.want) {
			t.Errorf("%s in %s: %v, want %v", tt.layer, tt.bbox, got, tt.want)
		}
	}
	// Toulouse Métropole: its two communes, apart, are two closed lines, named.
	a, _ := getLayer(t, ts, "/carte/couches/epci.geojson?zoom=12&bbox="+toulouseBox)
	if len(a.Features) != 1 || a.Features[0].Geometry.Type != "MultiLineString" || len(a.Features[0].Geometry.Coordinates[0]) != 2 ||
		a.Features[0].Properties["nom"] != "Toulouse Métropole" {
		t.Errorf("EPCI: %+v", a.Features)
	}
	if !strings.Contains(a.Attribution, "Composition des EPCI") || !strings.Contains(a.Attribution, "millésime 2025") {
		t.Errorf("EPCI attribution %q", a.Attribution)
	}
	a, _ = getLayer(t, ts, "/carte/couches/qpv.geojson?zoom=12&bbox="+toulouseBox)
	if !strings.Contains(a.Attribution, "ANCT (qpv2024.geojson.gz, millésime 2024)") {
		t.Errorf("QPV attribution %q", a.Attribution)
	}
}

func TestMapLayerErrors(t *testing.T) {
	ts := layersServer(t)
	tests := []struct {
		path   string
		status int
		want   string
	}{
		{"/carte/couches/fragilite.geojson?zoom=12&bbox=1,2,3", 400, "paramètre « bbox » invalide : attendu ouest,sud,est,nord"},
		{"/carte/couches/fragilite.geojson?zoom=12&bbox=3,43,1,44", 400, "paramètre « bbox » invalide"},
		{"/carte/couches/fragilite.geojson?bbox=" + toulouseBox, 400, "paramètre « zoom » invalide"},
		{"/carte/couches/fragilite.geojson?zoom=douze&bbox=" + toulouseBox, 400, "paramètre « zoom » invalide"},
		{"/carte/couches/fragilite.geojson?zoom=6&bbox=" + toulouseBox, 400, "se dessine à partir du zoom 9 : zoomez"},
		{"/carte/couches/routes.geojson?zoom=12&bbox=" + toulouseBox, 404, "couche inconnue"},
		{"/carte/couches/qpv.json?zoom=12&bbox=" + toulouseBox, 404, "couche inconnue"},
	}
	for _, tt := range tests {
		res := ts.get(t, tt.path)
		var p apiProblem
		if err := json.Unmarshal([]byte(res.Body), &p); err != nil {
			t.Fatalf("%s: not JSON: %v\n%s", tt.path, err, res.Body)
		}
		if res.StatusCode != tt.status || !strings.Contains(p.Erreur, tt.want) {
			t.Errorf("%s: %d %q, want %d %q", tt.path, res.StatusCode, p.Erreur, tt.status, tt.want)
		}
	}
	// A view holding more contours than an answer may carry.
	defer func(n int) { maxLayerFeatures = n }(maxLayerFeatures)
	maxLayerFeatures = 1
	res := ts.get(t, "/carte/couches/fragilite.geojson?zoom=12&bbox="+toulouseBox)
	if res.StatusCode != 400 || !strings.Contains(res.Body, "2 contours dans cette zone à ce zoom, 1 au plus : zoomez") {
		t.Errorf("too many: %d %s", res.StatusCode, res.Body)
	}

	// Without contours nor index, only what is loaded is offered.
	bare := newTestServer(t, fixture()...)
	res = bare.get(t, "/carte/couches/epci.geojson?zoom=12&bbox="+toulouseBox)
	if res.StatusCode != 404 || !strings.Contains(res.Body, "couche epci non chargée : chargez les contours des communes") {
		t.Errorf("no contours: %d %s", res.StatusCode, res.Body)
	}
}

// Answers are cached by the revision of the referential and the demand:
// the same answer is "not modified", a new layer changes it.
func TestMapLayerRevision(t *testing.T) {
	ts := layersServer(t)
	path := "/carte/couches/qpv.geojson?zoom=12&bbox=" + toulouseBox
	first := ts.get(t, path)
	etag := first.Header.Get("ETag")
	if first.StatusCode != 200 || etag == "" {
		t.Fatalf("%d, ETag %q", first.StatusCode, etag)
	}
	// The same validator for the gzip and plain bodies: a weak one (review 9A, minor 10).
	greq := httptest.NewRequest("GET", path, nil)
	greq.Header.Set("Accept-Encoding", "gzip")
	grec := httptest.NewRecorder()
	ts.h.ServeHTTP(grec, greq)
	gz := grec.Result()
	if !strings.HasPrefix(etag, `W/"`) || gz.Header.Get("Content-Encoding") != "gzip" || gz.Header.Get("ETag") != etag {
		t.Errorf("ETag %q plain, %q with %q: a strong validator shared by two encodings", etag, gz.Header.Get("ETag"), gz.Header.Get("Content-Encoding"))
	}
	if res := ts.get(t, path, "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
		t.Errorf("same revision: %d", res.StatusCode)
	}
	// A cache that adds a weak marker or asks for several versions at once
	// (RFC 9110 13.1.2: If-None-Match compares weakly, a list).
	for _, inm := range []string{strings.TrimPrefix(etag, "W/"), `"autre", ` + etag, "*"} {
		if res := ts.get(t, path, "If-None-Match", inm); res.StatusCode != http.StatusNotModified {
			t.Errorf("If-None-Match %s: %d", inm, res.StatusCode)
		}
	}
	if again := ts.get(t, path); again.Body != first.Body || again.Header.Get("ETag") != etag {
		t.Errorf("same revision, another answer")
	}
	layer := storetest.QPVLayer(monday10h)
	layer.Zones = layer.Zones[:1]
	if err := ts.store.ReplaceLayer(context.Background(), layer); err != nil {
		t.Fatal(err)
	}
	if err := ts.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	res := ts.get(t, path, "If-None-Match", etag)
	a, _ := getLayer(t, ts, path)
	if res.StatusCode != 200 || res.Header.Get("ETag") == etag || !slices.Equal(codes(a), []string{"QN03101M"}) {
		t.Errorf("new revision: %d, ETag %q, %v", res.StatusCode, res.Header.Get("ETag"), codes(a))
	}
}

// The results page offers the loaded layers as toggles inside the map's
// section (shown by the script only): the list is the same.
func TestMapLayerToggles(t *testing.T) {
	ts := layersServer(t)
	body := ts.get(t, "/recherche?ou=Toulouse").Body
	for _, want := range []string{
		`<fieldset class="carte-couches">`,
		`<input type="checkbox" id="couche-fragilite" data-couche="fragilite" data-zoom-min="9" aria-describedby="couche-fragilite-source"><label for="couche-fragilite">Fragilité numérique des communes</label>`,
		`id="couche-epci" data-couche="epci" data-zoom-min="7"`,
		`id="couche-qpv" data-couche="qpv" data-zoom-min="9"`,
		`Contours des quartiers prioritaires : ANCT (qpv2024.geojson.gz, millésime 2024).`,
		`Indice de fragilité numérique (ifn-2023.csv, millésime 2023), classes par quintiles des communes de France. Contours des communes : communes-50m.geojson.gz, millésime 2025.`,
		`EPN du Capitole`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/recherche lacks %q", want)
		}
	}
	i, j := strings.Index(body, `<section class="carte"`), strings.Index(body, `class="carte-couches"`)
	if i < 0 || j < i || strings.Contains(body[i:j], "</section>") {
		t.Errorf("the toggles are not inside the map's section")
	}
	if body := newTestServer(t, fixture()...).get(t, "/recherche?ou=Toulouse").Body; strings.Contains(body, "carte-couches") {
		t.Errorf("toggles without any layer loaded")
	}
	// The open data page says the contours' vintage.
	if body := ts.get(t, "/donnees").Body; !strings.Contains(body, "Contours des communes (et, réunies, des EPCI, départements et régions) : millésime 2025, 3 communes (communes-50m.geojson.gz)") {
		t.Errorf("/donnees lacks the contours' vintage")
	}
}

func TestFragilityClasses(t *testing.T) {
	demand := func(scores ...float64) map[string]fragility.CommuneDemand {
		d := map[string]fragility.CommuneDemand{}
		for i, s := range scores {
			code := strconv.Itoa(31000 + i)
			d[code] = fragility.CommuneDemand{Code: code, Fragility: s, HasIndex: true}
		}
		d["75101"] = fragility.CommuneDemand{Code: "75101", Fragility: 1000, HasIndex: true} // an arrondissement: not counted
		d["31999"] = fragility.CommuneDemand{Code: "31999", Fragility: math.NaN()}
		return d
	}
	ref := (&territory.Referential{}).Index()
	ref.SetLayer(&territory.Layer{Kind: territory.LayerContours, Vintage: "2025", Source: "c.geojson"})
	tests := []struct {
		scores []float64
		want   []string
	}{
		{[]float64{97.5, 110}, []string{"Faible : moins de 110", "Forte : 110 et plus"}},
		{[]float64{5, 5, 5}, []string{"Toutes : toutes les communes"}},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, []string{"Très faible : moins de 3", "Faible : de 3 à moins de 5", "Moyenne : de 5 à moins de 7", "Forte : de 7 à moins de 9", "Très forte : 9 et plus"}},
	}
	for _, tt := range tests {
		f := newFragilityData(demand(tt.scores...), fragility.Info{IndexVintage: "2023"}, ref)
		var got []string
		for _, c := range f.legend[:len(f.legend)-1] {
			got = append(got, c.Label)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%v: %q, want %q", tt.scores, got, tt.want)
		}
		if c, _ := f.class("31999"); c != 0 {
			t.Errorf("a commune without a score in class %d", c)
		}
		if c, _ := f.class("31000"); c != 1 {
			t.Errorf("the least fragile in class %d", c)
		}
	}
}

// The border of two adjacent EPCI is drawn once: by one of them, as a
// line (two polygons stroked both draw it twice, and simplified apart
// they do not even overlap).
func TestMapLayerEPCIBorderOnce(t *testing.T) {
	ctx := context.Background()
	ts := newTestServer(t, fixture()...)
	// Blagnac (Toulouse Métropole) and, for the test, Albi (C2A) just
	// north of it: they share the edge at latitude 43.70.
	contours := &territory.Layer{Kind: territory.LayerContours, Vintage: "2025", Source: "communes.geojson", Loaded: monday10h,
		Zones: []territory.Zone{
			{Code: "31069", Nom: "Blagnac", Polygons: []territory.Polygon{squarePolygon(43.66, 1.36, 43.70, 1.42)}},
			{Code: "81004", Nom: "Albi", Polygons: []territory.Polygon{squarePolygon(43.70, 1.36, 43.74, 1.42)}},
		}}
	if err := ts.store.ReplaceLayer(ctx, contours); err != nil {
		t.Fatal(err)
	}
	if err := ts.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	for _, zoom := range []string{"8", "12"} {
		a, res := getLayer(t, ts, "/carte/couches/epci.geojson?zoom="+zoom+"&bbox=1.3,43.6,1.5,43.8")
		if res.StatusCode != http.StatusOK || len(a.Features) != 2 {
			t.Fatalf("zoom %s: %d %s", zoom, res.StatusCode, res.Body)
		}
		drawn := map[string]int{}
		for _, f := range a.Features {
			for _, p := range f.Geometry.Coordinates {
				for _, r := range p {
					for i := 0; i+1 < len(r); i++ {
						x, y := fmt.Sprint(r[i]), fmt.Sprint(r[i+1])
						if x > y {
							x, y = y, x
						}
						drawn[x+" "+y]++
					}
				}
			}
		}
		for e, n := range drawn {
			if n > 1 {
				t.Errorf("zoom %s: edge %s drawn %d times", zoom, e, n)
			}
		}
		if drawn["[1.36 43.7] [1.42 43.7]"] != 1 {
			t.Errorf("zoom %s: the shared border is not drawn once: %v", zoom, drawn)
		}
	}
}

// The fragility layer's attribution says « Personnes à risque : » once:
// the method's sentence begins with it (review 9, new user, 9).
func TestFragilityAttributionSaysAtRiskOnce(t *testing.T) {
	ts := layersServer(t)
	ctx := context.Background()
	d, info, err := fragility.Demand(ctx, ts.store, ts.indexOf(ctx).Referential())
	if err != nil {
		t.Fatal(err)
	}
	for _, method := range []string{info.AtRiskMethod, "Personnes à risque : les 65 ans et plus (indicateur « p65 »), d'après les indicateurs (millésime 2019)."} {
		info.AtRiskMethod = method
		a := newFragilityData(d, info, ts.indexOf(ctx).Referential()).attribution
		if strings.Contains(a, "Personnes à risque : Personnes à risque") || !strings.Contains(a, method) {
			t.Errorf("attribution %q", a)
		}
	}
}
