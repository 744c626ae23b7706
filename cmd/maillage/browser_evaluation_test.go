package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestBrowserEvaluation: the annual report on the web, on both
// databases: Mon espace links it, the page passes axe-core at 1280 and
// 390 px (its diagnostic's gaps included), and printed it shows the
// report without the site's menu, the form or the download links. The
// report flows in the page (no inner scroll box: review 11N found it in
// the harvest report's 32rem box, printing one page), and printed to an
// A4 PDF it takes at least as many pages as the same report written by
// « maillage evaluation --format html ».
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
			shown := eval[string](t, ctx, `['.entete', '.evaluation form', '.evaluation .actions', '.evaluation h1', '#s-diagnostic', '.pied']
  .map((s) => s + ' ' + (getComputedStyle(document.querySelector(s)).display !== 'none')).join(', ')`)
			if want := ".entete false, .evaluation form false, .evaluation .actions false, .evaluation h1 true, #s-diagnostic true, .pied false"; shown != want {
				t.Errorf("printed: %s\nwant %s", shown, want)
			}
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""}); err != nil {
				t.Fatal(err)
			}
			// On screen: nothing of the report is hidden in a box of its own.
			if clipped := eval[string](t, ctx, `[...document.querySelectorAll('main, main *')].filter((e) => e.scrollHeight > e.clientHeight + 1 &&
  ['auto', 'scroll', 'hidden'].includes(getComputedStyle(e).overflowY)).map((e) => e.tagName + '.' + e.className).join(' ')`); clipped != "" {
				t.Errorf("parts of the report scroll or are cut in a box: %s", clipped)
			}
			web := printA4(t, ctx)
			out := filepath.Join(t.TempDir(), "rapport.html")
			if r := runCmdAt(t, now, t.TempDir(), nil, "evaluation", "--db", db, "--territoire", "departement:81", "--annee", "2026", "-o", out); r.code != 0 {
				t.Fatal(r)
			}
			do(t, ctx, "the CLI's report", chromedp.Navigate("file://"+out), chromedp.WaitVisible("#s-diagnostic"))
			cli := printA4(t, ctx)
			if cli < 2 || web < cli {
				t.Errorf("/evaluation prints on %d A4 pages, maillage evaluation --format html on %d: want at least as many, and the report on more than one", web, cli)
			}
		})
	}
}

// printA4 prints the browser's page to an A4 PDF (its CSS page size
// preferred, as Ctrl+P does) and returns its number of pages;
// MAILLAGE_TEST_PDF=/tmp/eval keeps the PDFs to look at.
func printA4(t *testing.T, ctx context.Context) int {
	t.Helper()
	yes := true
	res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &yes, PaperWidth: 8.27, PaperHeight: 11.69})
	if err != nil {
		t.Fatalf("print to PDF: %v", err)
	}
	n := len(pdfPage.FindAll(res.Data, -1))
	if f := os.Getenv("MAILLAGE_TEST_PDF"); f != "" {
		if err := os.WriteFile(f+"-"+strings.ReplaceAll(t.Name(), "/", "-")+"-"+time.Now().Format("150405.000")+".pdf", res.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return n
}
