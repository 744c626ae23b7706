package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// passPrintText is the longest text a financeur may have printed on every
// pass (pass.MaxPrintedText characters).
var passPrintText = (strings.Repeat("Offert par le Conseil départemental du Tarn avec la CAF : ", 6) + "renseignements au 05 63 00 00 00.")[:300]

// passPrintSite is a site (SQLite: the layout does not depend on the
// engine) with an order of one carnet of 10 passes bearing the 300
// characters of passPrintText, its carnet assigned to a distributeur and
// handed; an administrator signed in. It returns the browser, the site's
// address, and the carnet's and its first pass's codes.
func passPrintSite(t *testing.T) (ctx context.Context, base, carnet, code string) {
	t.Helper()
	db := "sqlite:" + filepath.Join(t.TempDir(), "m.db")
	dir := t.TempDir()
	now := clockFrom(browserStart(t))
	if r := runCmdAt(t, now, dir, nil, "utilisateurs", "ajouter", "--db", db, "--role", "financeur", "--structure", "Département du Tarn", "finances@tarn.fr"); r.code != 0 {
		t.Fatal(r)
	}
	if r := runCmdAt(t, now, dir, nil, "utilisateurs", "ajouter", "--db", db, "--role", "distributeur", "ccas@albi.fr"); r.code != 0 {
		t.Fatal(r)
	}
	base, link := peopleSiteAt(t, db, now)
	// The site runs on the test's clock: the order ends a year after its
	// start, whatever the day the test runs.
	fin := browserStart(t).AddDate(1, 0, 0).Format("2006-01-02")
	if r := runCmdAt(t, now, dir, nil, "pass", "commander", "--db", db, "--financeur", "finances@tarn.fr", "--carnets", "1", "--passes-par-carnet", "10",
		"--valeur", "10", "--fin", fin, "--perimetre", "departement:81", "--texte", passPrintText, "-o", "codes.csv"); r.code != 0 {
		t.Fatal(r)
	}
	rows := readCSV(t, filepath.Join(dir, "codes.csv"))
	if len(rows) != 11 {
		t.Fatalf("codes.csv: %d rows", len(rows))
	}
	carnet, code = rows[1][1], rows[1][2]
	if r := runCmdAt(t, now, dir, nil, "pass", "attribuer", "--db", db, "--commande", "1", "--distributeur", "ccas@albi.fr", carnet); r.code != 0 {
		t.Fatal(r)
	}
	if r := runCmdAt(t, now, dir, nil, "pass", "remettre", "--db", db, "--distributeur", "ccas@albi.fr", "--commune", "81004", carnet); r.code != 0 {
		t.Fatal(r)
	}
	ctx = newBrowser(t, true)
	signInBrowser(t, ctx, base, "admin@hub.fr", link)
	return ctx, base, carnet, code
}

// TestBrowserPassCarnetOnePage: a carnet of 10 passes, each with the
// financeur's text of 300 characters (the most an order takes) and its QR
// code, prints on ONE A4 page (Chromium's print to PDF, pages counted).
func TestBrowserPassCarnetOnePage(t *testing.T) {
	ctx, base, carnet, _ := passPrintSite(t)
	do(t, ctx, "print", chromedp.Navigate(base+"/pass/commandes/1/impression"), chromedp.WaitVisible(".pass-bloc svg.qr"))
	if n := eval[int](t, ctx, `document.querySelectorAll('.pass-bloc svg.qr').length`); n != 10 {
		t.Fatalf("%d QR codes, want 10", n)
	}
	if n := eval[int](t, ctx, `[...document.querySelectorAll('.pass-financeur')].filter((p) => p.textContent === `+jsString(passPrintText)+`).length`); n != 10 {
		t.Fatalf("%d passes bear the financeur's text of 300 characters, want 10", n)
	}
	if !strings.Contains(text(t, ctx, ".carnet h2"), carnet) {
		t.Errorf("the carnet's heading: %q", text(t, ctx, ".carnet h2"))
	}
	yes := true
	res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &yes, PaperWidth: 8.27, PaperHeight: 11.69})
	if err != nil {
		t.Fatalf("print to PDF: %v", err)
	}
	// MAILLAGE_TEST_PDF=/tmp/carnet keeps the PDF, to look at it.
	if f := os.Getenv("MAILLAGE_TEST_PDF"); f != "" {
		if err := os.WriteFile(f+".pdf", res.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(pdfPage.FindAll(res.Data, -1)); n != 1 {
		t.Errorf("a carnet of 10 passes with 300 characters of text prints on %d A4 pages, want 1", n)
	}
}

// TestBrowserPassCodesNarrow: the pages that show carnets' and passes'
// codes (the orders, an order, its printing, the carnets, a carnet, the
// counter) do not scroll sideways on a phone of 390 px, nothing reaching
// past the screen's edge (but inside a table's own scrolling region).
func TestBrowserPassCodesNarrow(t *testing.T) {
	ctx, base, carnet, code := passPrintSite(t)
	do(t, ctx, "390 px", chromedp.EmulateViewport(390, 844))
	for _, p := range []struct{ path, wait, code string }{
		{"/pass/commandes", "main table", ""},
		{"/pass/commandes/1", "main table", carnet},
		{"/pass/commandes/1/impression", ".pass-bloc svg.qr", code},
		{"/pass/carnets", "main", carnet},
		{"/pass/carnets?carnet=" + carnet, "main", carnet},
		{"/pass/utiliser?code=" + code, "main", ""},
	} {
		do(t, ctx, p.path, chromedp.Navigate(base+p.path), chromedp.WaitVisible(p.wait))
		if p.code != "" && !strings.Contains(text(t, ctx, "main"), p.code) {
			t.Errorf("%s does not show %s", p.path, p.code)
		}
		if over := widerThanScreen(t, ctx); over != "" {
			t.Errorf("%s at 390 px: wider than the screen: %s", p.path, over)
		}
	}
}
