package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The diagnostic pages: axe-clean (index, every kind of territory, a page
// of bad options), used without JavaScript (the options form, a sort
// link), no wider than a phone, printed on A4.
// MAILLAGE_TEST_SCREENSHOTS=DIR keeps screenshots (desktop and 390 px)
// and the PDF, to look at them.
func TestBrowserDiagnostic(t *testing.T) {
	axe := axeSource(t)
	base := browserSite(t)
	ctx := newBrowser(t, true)
	pages := []string{"/diagnostic", "/diagnostic?q=alb", "/diagnostic/france", "/diagnostic/region/76", "/diagnostic/departement/81",
		"/diagnostic/epci/248100737", "/diagnostic/commune/81004", "/diagnostic/departement/81?seuil_km=abc",
		"/diagnostic/departement/81?tri=distance&carte=accessibilite"}
	for _, p := range pages {
		do(t, ctx, p, chromedp.Navigate(base+p), chromedp.WaitReady("body"))
		axeCheck(t, ctx, axe, p)
	}
	shots := os.Getenv("MAILLAGE_TEST_SCREENSHOTS")
	shot := func(name string, parts ...string) {
		if shots == "" {
			return
		}
		for _, sel := range parts {
			b, err := chromedp.Run(ctx, chromedp.Screenshot(sel))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(shots, strings.TrimPrefix(sel, "#")+"-"+name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(shots, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, width := range []int64{390, 320} {
		for _, p := range []string{"/diagnostic", "/diagnostic/departement/81", "/diagnostic/france"} {
			do(t, ctx, p, chromedp.EmulateViewport(width, 800), chromedp.Navigate(base+p), chromedp.WaitReady("body"))
			over := eval[string](t, ctx, `(() => {
  const w = document.documentElement.clientWidth;
  const out = [...document.querySelectorAll('main *')].filter((e) => !(e.parentElement && e.parentElement.closest('.table-defilante')) && e.getBoundingClientRect().right > w + 0.5)
    .map((e) => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' + Math.round(e.getBoundingClientRect().right));
  if (document.documentElement.scrollWidth > w) out.unshift('page ' + document.documentElement.scrollWidth);
  return out.slice(0, 12).join(', ');
})()`)
			if over != "" {
				t.Errorf("%s at %d px: wider than the screen: %s", p, width, over)
			}
			if width == 390 && p == "/diagnostic/departement/81" {
				shot("diagnostic-81-telephone.png", "#carte", "#ecarts", "#ouvrir")
			}
		}
	}
	do(t, ctx, "desktop", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/diagnostic/departement/81"), chromedp.WaitVisible("svg.choroplethe"))
	shot("diagnostic-81-bureau.png", "#carte")
	yes := true
	pdf, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &yes, PaperWidth: 8.27, PaperHeight: 11.69})
	if err != nil {
		t.Fatal(err)
	}
	if shots != "" {
		if err := os.WriteFile(filepath.Join(shots, "diagnostic-81.pdf"), pdf.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(pdfPage.FindAll(pdf.Data, -1)); n < 1 || n > 4 {
		t.Errorf("the département's diagnostic prints on %d A4 pages, want 1 to 4", n)
	}

	// Printed: no menu, no form, no choice of measure; the map, the
	// tables, the date.
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	shown := eval[string](t, ctx, `['.entete', 'details.diag-options', '.diag-choix', '#telecharger', 'svg.choroplethe', '.diag-ecarts', '.impression-seulement']
  .map((s) => s + ' ' + (getComputedStyle(document.querySelector(s)).display !== 'none')).join(', ')`)
	if want := ".entete false, details.diag-options false, .diag-choix false, #telecharger false, svg.choroplethe true, .diag-ecarts true, .impression-seulement true"; shown != want {
		t.Errorf("printed: %s\nwant %s", shown, want)
	}
	// The INSEE code under a commune's name is smaller than the name and
	// not bold (it was sized in rem in an 8.5 pt table: larger).
	sizes := eval[string](t, ctx, `(() => {
  const th = document.querySelector('.diag-ecarts tbody th'), code = th.querySelector('.code');
  const a = getComputedStyle(th), b = getComputedStyle(code);
  return parseFloat(b.fontSize) < parseFloat(a.fontSize) && parseInt(b.fontWeight, 10) < 600 ? '' : 'name ' + a.fontSize + ' ' + a.fontWeight + ', code ' + b.fontSize + ' ' + b.fontWeight;
})()`)
	if sizes != "" {
		t.Errorf("printed, the INSEE code is not smaller than the name: %s", sizes)
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""}); err != nil {
		t.Fatal(err)
	}

	// Without JavaScript: the options form recomputes, a header sorts.
	noJS := newBrowser(t, false)
	do(t, noJS, "options", chromedp.Navigate(base+"/diagnostic/departement/81"), chromedp.WaitVisible("h1"),
		chromedp.Click("details.diag-options summary"),
		chromedp.SetValue("#diag-seuil-km", "30"),
		chromedp.Submit("details.diag-options form"), chromedp.WaitVisible(`a[href*="seuil_km=30"]`))
	if s := text(t, noJS, ".diag-sources"); !strings.Contains(s, "seuil : 30 km") {
		t.Errorf("the form did not recompute with 30 km: %q", s)
	}
	do(t, noJS, "sort", chromedp.Click(`.diag-ecarts th:nth-child(2) a`), chromedp.WaitVisible(`.diag-ecarts th[aria-sort]`))
	if s := text(t, noJS, `.diag-ecarts th[aria-sort]`); !strings.HasPrefix(s, "Population") {
		t.Errorf("sorted by %q, want Population", s)
	}
	if s := text(t, noJS, ".diag-sources"); !strings.Contains(s, "seuil : 30 km") {
		t.Error("sorting lost the options")
	}
}
