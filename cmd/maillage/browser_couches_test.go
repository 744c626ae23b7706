package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The map's layers: toggles beside the map that draw the fragility of the
// communes (with its legend), the EPCI and the QPV over it; the list of
// places stays as it was, and the page stays axe-clean; a long source
// file name wraps instead of widening the page (it made /recherche 1 379 px
// wide at 1 280). Without
// JavaScript, no toggle shows and the list is whole.
func TestBrowserMapLayers(t *testing.T) {
	needLeaflet(t)
	axe := axeSource(t)
	base := browserSiteSetup(t, []string{"--contours-communes", abs(t, "testdata/contours-communes-2025.geojson"), "--qpv", abs(t, "testdata/QP2024_tarn.geojson")},
		func(dir, db string) {
			// A file name as long as the real ones, without a space to break at.
			indice := filepath.Join(dir, "dfg2020_indice_fragilite_numerique_communes_france_entiere_rp2017_version_definitive.csv")
			data, err := os.ReadFile(abs(t, "testdata/demande/indice.csv"))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(indice, data, 0o644); err != nil {
				t.Fatal(err)
			}
			if r := runCmd(t, dir, nil, "demande", "import", "--db", db, "--indice", indice, "--millesime", "2023"); r.code != 0 {
				t.Fatal(r)
			}
		})
	ctx := newBrowser(t, true)
	page := "/recherche?lat=43.62&lon=1.43&rayon_km=20"
	do(t, ctx, "map", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+page), chromedp.WaitVisible(".leaflet-container"),
		chromedp.ScrollIntoView("#carte"))
	waitMarkers(t, ctx, "markers", 0)
	places := eval[int](t, ctx, `document.querySelectorAll('.lieux h3').length`)
	if places == 0 {
		t.Fatal("no place listed")
	}
	drawn := 0
	for _, tt := range []struct{ layer, pane, status string }{
		{"fragilite", "couche-fragilite", "Couche « Fragilité numérique des communes » : 2 contours affichés."},
		{"epci", "couche-epci", "Couche « Limites des intercommunalités (EPCI) » : 1 contour affiché."},
	} {
		do(t, ctx, "toggle "+tt.layer, chromedp.Click("#couche-"+tt.layer))
		drawn = waitLayers(t, ctx, tt.layer, drawn)
		if n := eval[int](t, ctx, `document.querySelectorAll('.leaflet-`+tt.pane+`-pane path').length`); n == 0 {
			t.Errorf("%s: no contour drawn", tt.layer)
		}
		if got := text(t, ctx, "[data-couches-etat]"); got != tt.status {
			t.Errorf("%s: status %q", tt.layer, got)
		}
		axeCheck(t, ctx, axe, page+" with the layer "+tt.layer)
		if n := eval[int](t, ctx, `[...document.querySelectorAll('.lieux h3')].filter(h => h.offsetParent !== null).length`); n != places {
			t.Errorf("with the layer %s, %d places listed and visible, want %d", tt.layer, n, places)
		}
	}
	legend := text(t, ctx, "[data-legende]")
	for _, want := range []string{"Légende : fragilité numérique des communes", "Forte : 110 et plus", "Faible : moins de 110", "Inconnue : pas d'indice pour la commune"} {
		if !strings.Contains(legend, want) {
			t.Errorf("legend %q lacks %q", legend, want)
		}
	}
	// Off again: the contours go, the legend too.
	do(t, ctx, "toggle off", chromedp.Click("#couche-fragilite"))
	if n := eval[int](t, ctx, `document.querySelectorAll('.leaflet-couche-fragilite-pane path').length`); n != 0 {
		t.Errorf("%d contours left after the toggle is off", n)
	}
	if !eval[bool](t, ctx, `document.querySelector('[data-legende]').hidden`) {
		t.Error("the legend stays")
	}

	// The QPV layer, in Albi.
	do(t, ctx, "Albi", chromedp.Navigate(base+"/recherche?lat=43.93&lon=2.15&rayon_km=10"), chromedp.WaitVisible(".leaflet-container"))
	waitMarkers(t, ctx, "markers in Albi", 0)
	do(t, ctx, "toggle qpv", chromedp.Click("#couche-qpv"))
	waitLayers(t, ctx, "qpv", 0)
	if n := eval[int](t, ctx, `document.querySelectorAll('.leaflet-couche-qpv-pane path').length`); n == 0 {
		t.Error("no QPV drawn")
	}
	axeCheck(t, ctx, axe, "Albi with the QPV layer")

	for _, width := range []int64{1280, 390} {
		do(t, ctx, "layers at "+strconv.Itoa(int(width)), chromedp.EmulateViewport(width, 900), chromedp.Navigate(base+page), chromedp.WaitVisible("#couche-fragilite-source"))
		if !strings.Contains(text(t, ctx, "#couche-fragilite-source"), "version_definitive") {
			t.Fatalf("the layer's source does not name the file: %q", text(t, ctx, "#couche-fragilite-source"))
		}
		if over := overflow(t, ctx); over != "" {
			t.Errorf("%s at %d px with a long source name: wider than the screen: %s", page, width, over)
		}
	}

	noJS := newBrowser(t, false)
	do(t, noJS, "without JavaScript", chromedp.Navigate(base+page), chromedp.WaitReady("body"))
	if n := eval[int](t, noJS, `document.querySelectorAll('.lieux h3').length`); n != places {
		t.Errorf("without JavaScript, %d places listed, want %d", n, places)
	}
	if visible := eval[bool](t, noJS, `document.querySelector('#couche-epci').offsetParent !== null`); visible {
		t.Error("a toggle shows without JavaScript")
	}
}

// waitLayers waits until the map has drawn a layer more than after times.
func waitLayers(t *testing.T, ctx context.Context, what string, after int) int {
	t.Helper()
	for i := 0; i < 200; i++ {
		s := eval[string](t, ctx, `document.getElementById('carte').dataset.couchesTracees || '0'`)
		if n, err := strconv.Atoi(s); err == nil && n > after {
			return n
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s: the layer was not drawn (status %q)", what, text(t, ctx, "[data-couches-etat]"))
	return 0
}
