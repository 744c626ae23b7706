package web

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"

	"maillage/internal/territory"
)

// A layer's answer stays light whatever is asked: beyond zoom
// maxLayerZoom the drawing is that of maxLayerZoom (the same answer, the
// same cache entry), a box wider than a screen at the zoom is refused, and
// so is an answer past maxLayerBytes; the answers kept are bounded in bytes.
func TestMapLayerBounds(t *testing.T) {
	ts := layersServer(t)
	box := "1.43,43.59,1.45,43.61" // 0.02°: a phone at zoom 16
	at16 := ts.get(t, "/carte/couches/fragilite.geojson?zoom=16&bbox="+box)
	at22 := ts.get(t, "/carte/couches/fragilite.geojson?zoom=22&bbox="+box)
	if at16.StatusCode != 200 || at22.StatusCode != 200 || at16.Body != at22.Body || at16.Header.Get("ETag") != at22.Header.Get("ETag") {
		t.Errorf("zoom 22 is not drawn as zoom %d: %d %d, %d and %d bytes", maxLayerZoom, at16.StatusCode, at22.StatusCode, len(at16.Body), len(at22.Body))
	}
	for _, tt := range []struct{ path, want string }{
		{"/carte/couches/qpv.geojson?zoom=22&bbox=-180,-85,180,85", "paramètre « bbox » invalide : zone de 360° × 170° trop grande pour le zoom 22 : 0,18° de côté au plus (un écran et ses marges) : réduisez la zone"},
		{"/carte/couches/qpv.geojson?zoom=9&bbox=-20,35,20,55", "zone de 40° × 20° trop grande pour le zoom 9 : 22,5° de côté au plus"},
		{"/carte/couches/epci.geojson?zoom=12&bbox=0,43,4,44", "zone de 4° × 1° trop grande pour le zoom 12 : 2,81° de côté au plus"},
	} {
		res := ts.get(t, tt.path)
		var p apiProblem
		if err := json.Unmarshal([]byte(res.Body), &p); err != nil {
			t.Fatalf("%s: not JSON: %v\n%s", tt.path, err, res.Body)
		}
		if res.StatusCode != 400 || !strings.Contains(p.Erreur, tt.want) {
			t.Errorf("%s: %d %q\nwant 400 %q", tt.path, res.StatusCode, p.Erreur, tt.want)
		}
	}
	// An answer past the bound is refused, not sent.
	defer func(n int) { maxLayerBytes = n }(maxLayerBytes)
	maxLayerBytes = 2000
	res := ts.get(t, "/carte/couches/fragilite.geojson?zoom=15&bbox="+toulouseBox)
	if res.StatusCode != 400 || !strings.Contains(res.Body, "plus de 2 Ko de contours dans cette zone à ce zoom (2 Ko au plus par réponse) : zoomez ou réduisez la zone") {
		t.Errorf("too large: %d %.300s", res.StatusCode, res.Body)
	}
	maxLayerBytes = 1 << 20

	// The answers kept: never more bytes than the bound.
	defer func(n int) { maxLayerCacheBytes = n }(maxLayerCacheBytes)
	maxLayerCacheBytes = 3000
	for _, b := range []string{toulouseBox, "1.3,43.5,1.61,43.75", "1.3,43.5,1.62,43.75", "1.3,43.5,1.63,43.75", box} {
		if res := ts.get(t, "/carte/couches/fragilite.geojson?zoom=12&bbox="+b); res.StatusCode != 200 {
			t.Fatalf("%s: %d %s", b, res.StatusCode, res.Body)
		}
		c := &ts.Server.layers
		c.mu.Lock()
		total := 0
		for _, body := range c.bodies {
			total += len(body)
		}
		kept, counted := len(c.bodies), c.bytes
		c.mu.Unlock()
		if total > maxLayerCacheBytes || total != counted {
			t.Errorf("after %s: %d answers kept, %d bytes (counted %d), bound %d", b, kept, total, counted, maxLayerCacheBytes)
		}
	}
}

// A QPV whose contour has 100 000 vertices scattered 100 m around a
// circle (a hostile or unsimplified file) is never sent past the bound
// (here 64 KB): simplified for the zoom, or refused with the rule.
func TestMapLayerHugeRing(t *testing.T) {
	defer func(n int) { maxLayerBytes = n }(maxLayerBytes)
	maxLayerBytes = 64 << 10
	ts := layersServer(t)
	rng := rand.New(rand.NewPCG(9, 9))
	ring := make(territory.Ring, 0, 100_001)
	for i := range 100_000 {
		a := 2 * math.Pi * float64(i) / 100_000
		r := 0.01 + (rng.Float64()-0.5)*0.002
		ring = append(ring, territory.Point{Lat: math.Round((43.62+r*math.Sin(a))*1e7) / 1e7, Lon: math.Round((1.40+r*math.Cos(a))*1e7) / 1e7})
	}
	ring = append(ring, ring[0])
	l := &territory.Layer{Kind: territory.LayerQPV, Vintage: "2024", Source: "qpv.geojson", Loaded: monday10h,
		Zones: []territory.Zone{{Code: "QN03199M", Nom: "Énorme", Communes: []string{"31555"}, Polygons: []territory.Polygon{{ring}}}}}
	if err := ts.store.ReplaceLayer(context.Background(), l); err != nil {
		t.Fatal(err)
	}
	if err := ts.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	refused := 0
	for _, zoom := range []string{"12", "16", "22"} {
		res := ts.get(t, "/carte/couches/qpv.geojson?zoom="+zoom+"&bbox=1.385,43.605,1.415,43.635")
		switch {
		case res.StatusCode == http.StatusOK && len(res.Body) <= maxLayerBytes:
		case res.StatusCode == http.StatusBadRequest && strings.Contains(res.Body, "de contours dans cette zone à ce zoom"):
			refused++
		default:
			t.Errorf("zoom %s: %d, %d bytes", zoom, res.StatusCode, len(res.Body))
		}
	}
	if refused == 0 {
		t.Error("no answer refused: the bound was not put to the test")
	}
}
