package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestBrowserEvaluation: the annual report on the web, on both
// databases: Mon espace links it, the page passes axe-core at 1280 and
// 390 px (its diagnostic's gaps included), and printed it shows the
// report without the site's menu, the form or the download links.
func TestBrowserEvaluation(t *testing.T) {
	axe := axeSource(t)
	for name, dbURL := range engines(t) {
		t.Run(name, func(t *testing.T) {
			db := dbURL(t)
			real := time.Now()
			now := func() time.Time { return time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC).Add(time.Since(real)) }
			base, link := peopleSiteAt(t, db, now)
			ctx := newBrowser(t, true)
			signInBrowser(t, ctx, base, "admin@hub.fr", link)
			do(t, ctx, "the space", chromedp.Navigate(base+"/espace"), chromedp.WaitVisible(`a[href="/evaluation"]`))
			do(t, ctx, "the report", chromedp.Navigate(base+"/evaluation?territoire=departement:81&annee=2026"), chromedp.WaitVisible("#s-diagnostic"))
			if s := text(t, ctx, "main"); !strings.Contains(s, "Rapport d'évaluation 2026") || !strings.Contains(s, "Zones blanches / lacunes du diagnostic") ||
				!strings.Contains(s, "Lieux du registre dans le territoire") || strings.Contains(s, "Absentes") {
				t.Errorf("the report: %q", s)
			}
			passAxe(t, ctx, axe, "/evaluation")
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
				t.Fatal(err)
			}
			shown := eval[string](t, ctx, `['.entete', '.rapport form', '.rapport .actions', '.rapport h1', '#s-diagnostic', '.pied']
  .map((s) => s + ' ' + (getComputedStyle(document.querySelector(s)).display !== 'none')).join(', ')`)
			if want := ".entete false, .rapport form false, .rapport .actions false, .rapport h1 true, #s-diagnostic true, .pied false"; shown != want {
				t.Errorf("printed: %s\nwant %s", shown, want)
			}
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""}); err != nil {
				t.Fatal(err)
			}
		})
	}
}
