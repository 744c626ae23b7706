package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The coordinators' pages of sources in a real browser, on both
// databases (the pages need no script; the form is a plain POST): a source harvested from the command line
// is listed with its last harvest and report; an administrator declares
// another with the form and harvests one now; axe-core checks each page,
// at 390 px too.
func TestBrowserSources(t *testing.T) {
	axe := axeSource(t)
	for name, dbURL := range engines(t) {
		t.Run(name, func(t *testing.T) {
			db := dbURL(t)
			now := clockFrom(browserStart(t))
			base, link := peopleSiteAt(t, db, now)
			if r := runCmdAt(t, now, "", nil, "sources", "ajouter", "--db", db, "hub-fichier", "--type", "standard", "--url", abs(t, fixtures+"lieux-v1.csv"), "--tous-les", "24h"); r.code != 0 {
				t.Fatal(r)
			}
			if r := runCmdAt(t, now, "", nil, "moissonner", "--db", db, "hub-fichier"); r.code != 0 {
				t.Fatal(r)
			}
			ctx := newBrowser(t, true)
			signInBrowser(t, ctx, base, "admin@hub.fr", link)
			do(t, ctx, "sources", chromedp.Navigate(base+"/espace"), chromedp.WaitVisible(`a[href="/sources"]`), chromedp.Click(`a[href="/sources"]`),
				chromedp.WaitVisible(`a[href="/sources/hub-fichier"]`))
			if s := text(t, ctx, "main table"); !strings.Contains(s, "réussie") || !strings.Contains(s, "créés") {
				t.Errorf("the last harvest is not shown: %q", s)
			}
			axeCheck(t, ctx, axe, "/sources (admin)")
			do(t, ctx, "a refused declaration", chromedp.SendKeys("#source-nom", "tableur-sans-correspondance"), chromedp.Click("#source-type-4"),
				chromedp.SendKeys("#source-url", "/srv/fs.csv"), chromedp.Submit("#source-nom"), chromedp.WaitVisible(".alerte"))
			// Both problems at once, each next to its field.
			if s := text(t, ctx, "#erreur-source-url"); !strings.Contains(s, "en ligne de commande") {
				t.Errorf("the address's problem: %q", s)
			}
			if s := text(t, ctx, "#erreur-source-correspondance"); !strings.Contains(s, "correspondance") {
				t.Errorf("the correspondence's problem: %q", s)
			}
			axeCheck(t, ctx, axe, "/sources with a refused declaration")
			do(t, ctx, "declare", chromedp.Navigate(base+"/sources"), chromedp.WaitVisible("#source-nom"),
				chromedp.SendKeys("#source-nom", "datagouv-tarn"), chromedp.Click("#source-type-1"),
				chromedp.SendKeys("#source-url", "lieux-de-mediation-numerique-du-tarn"), chromedp.Submit("#source-nom"), chromedp.WaitVisible(".succes"))
			if s := text(t, ctx, "main table"); !strings.Contains(s, "datagouv-tarn") || !strings.Contains(s, "jamais moissonnée") {
				t.Errorf("the declared source is not listed: %q", s)
			}
			do(t, ctx, "a source's page", chromedp.Click(`a[href="/sources/hub-fichier"]`), chromedp.WaitVisible("pre.rapport"))
			if s := text(t, ctx, "pre.rapport"); !strings.Contains(s, "Moisson de la source « hub-fichier »") {
				t.Errorf("the report: %q", s)
			}
			axeCheck(t, ctx, axe, "/sources/hub-fichier")
			// The priority, changed on the page: refused out of bounds,
			// the problem next to the field; then changed.
			do(t, ctx, "a refused priority", chromedp.SetValue("#source-priorite", "5000"), chromedp.Submit("#source-priorite"), chromedp.WaitVisible("#erreur-source-priorite"))
			axeCheck(t, ctx, axe, "/sources/hub-fichier with a refused priority")
			do(t, ctx, "a new priority", chromedp.SetValue("#source-priorite", "3"), chromedp.Submit("#source-priorite"), chromedp.WaitVisible(".succes"))
			if s := text(t, ctx, ".succes"); !strings.Contains(s, "Priorité modifiée : 0 → 3") {
				t.Errorf("after the priority's change: %q", s)
			}
			do(t, ctx, "the page again", chromedp.Navigate(base+"/sources/hub-fichier"), chromedp.WaitVisible("pre.rapport"))
			// Harvest now, without script: the form's POST, then the page.
			do(t, ctx, "harvest now", chromedp.Click(`form[action="/sources/hub-fichier/moissonner"] button`), chromedp.WaitVisible(".succes"))
			if s := text(t, ctx, ".succes"); !strings.Contains(s, "Moisson lancée") {
				t.Errorf("after harvest now: %q", s)
			}
			axeCheck(t, ctx, axe, "/sources/hub-fichier after harvest now")
			do(t, ctx, "at 390 px", chromedp.EmulateViewport(390, 844), chromedp.Navigate(base+"/sources/hub-fichier"), chromedp.WaitVisible("pre.rapport"))
			axeCheck(t, ctx, axe, "/sources/hub-fichier (390 px)")
			do(t, ctx, "list at 390 px", chromedp.Navigate(base+"/sources"), chromedp.WaitVisible("#source-nom"))
			axeCheck(t, ctx, axe, "/sources (390 px)")
		})
	}
}
