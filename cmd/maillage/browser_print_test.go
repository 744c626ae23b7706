package main

import (
	"os"
	"regexp"
	"strconv"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// pdfPage finds the pages of a PDF that Chromium wrote.
var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

// The orientation sheet of six places prints as a list, several places a
// page: at most two A4 pages (it took five).
func TestBrowserPrintSheet(t *testing.T) {
	base := browserSite(t, denseCSV(t))
	ctx := newBrowser(t, true)
	for _, tc := range []struct {
		path     string
		maxPages int
	}{
		{"/fiche?lat=43.95&lon=2.17&rayon_km=10", 2},
		{"/lieux/dense-1/fiche", 1},
	} {
		do(t, ctx, tc.path, chromedp.Navigate(base+tc.path), chromedp.WaitVisible(".qr"))
		if n := eval[int](t, ctx, `document.querySelectorAll('.fiche-lieu').length`); tc.maxPages == 2 && n != 6 {
			t.Fatalf("%s: %d places on the sheet, want 6", tc.path, n)
		}
		yes := true
		res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &yes, PaperWidth: 8.27, PaperHeight: 11.69})
		if err != nil {
			t.Fatalf("%s: print to PDF: %v", tc.path, err)
		}
		// MAILLAGE_TEST_PDF=/tmp/fiche keeps the PDFs, to look at them.
		if f := os.Getenv("MAILLAGE_TEST_PDF"); f != "" {
			if err := os.WriteFile(f+strconv.Itoa(tc.maxPages)+".pdf", res.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if n := len(pdfPage.FindAll(res.Data, -1)); n < 1 || n > tc.maxPages {
			t.Errorf("%s prints on %d A4 pages, want at most %d", tc.path, n, tc.maxPages)
		}
	}
}
