package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The QPV filter: a fieldset among the others, axe-clean, usable without
// JavaScript; the place pages say their QPV. The fixture's QPV surround
// the EPN of Cantepau (Albi) and lie 120 m from the Bus numérique's stop
// (Castres).
func TestBrowserQPV(t *testing.T) {
	axe := axeSource(t)
	base := browserSiteWith(t, []string{"--qpv", abs(t, "testdata/QP2024_tarn.geojson")})
	ctx := newBrowser(t, true)
	for _, p := range []string{"/recherche?qpv=proche", "/lieux/epn-albi-1", "/lieux/bus-81"} {
		do(t, ctx, p, chromedp.Navigate(base+p), chromedp.WaitReady("body"))
		axeCheck(t, ctx, axe, p)
	}
	if got := text(t, ctx, ".qpv"); !strings.Contains(got, "à moins de 300 m du QPV « Laden – Petit Train »") || !strings.Contains(got, "liste 2024") {
		t.Errorf("bus-81: %q", got)
	}

	noJS := newBrowser(t, false)
	do(t, noJS, "filter on QPV", chromedp.Navigate(base+"/recherche"), chromedp.WaitReady("body"),
		chromedp.Click(`.filtres input[name="qpv"][value="dans"]`),
		// The page before had a .nombre too: wait for a link only the
		// filtered page has.
		chromedp.Submit(`.filtres form`), chromedp.WaitVisible(`a[href^="/fiche?"][href*="qpv=dans"]`))
	if n := text(t, noJS, ".nombre"); !strings.HasPrefix(n, "1 lieu trouvé") {
		t.Errorf("qpv=dans: %q", n)
	}
	if h := text(t, noJS, ".lieux h3"); h != "Espace public numérique de Cantepau" {
		t.Errorf("qpv=dans lists %q", h)
	}
	do(t, noJS, "open the place", chromedp.Click(`.lieux a`), chromedp.WaitVisible(".qpv"))
	if got := text(t, noJS, ".qpv"); !strings.Contains(got, "dans le quartier prioritaire « Cantepau »") {
		t.Errorf("epn-albi-1: %q", got)
	}
}
