package main

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// On a phone (390 px, and 320 px), nothing is wider than the screen: the
// hours table wraps instead of overflowing.
func TestBrowserPhoneWidth(t *testing.T) {
	base := browserSite(t, denseCSV(t))
	ctx := newBrowser(t, true)
	do(t, ctx, "long hours", chromedp.Navigate(base+"/lieux/horaires-longs"), chromedp.WaitVisible("table.horaires"))
	if s := text(t, ctx, "table.horaires"); !strings.Contains(s, "permanence-itinérante") || !strings.Contains(s, "18\u00a0h\u00a0–\u00a020\u00a0h") {
		t.Fatalf("the long hours are not shown: %q", s)
	}
	for _, width := range []int64{390, 320} {
		for _, p := range []string{"/lieux/epn-albi-1", "/lieux/dense-1", "/lieux/horaires-longs", "/lieux/horaires-longs/fiche", "/lieux/epn-albi-1/fiche", "/fiche?lat=43.95&lon=2.17&rayon_km=10",
			"/recherche?lat=43.95&lon=2.17&rayon_km=10", "/orientation?etape=3&ou=Albi", "/donnees"} {
			do(t, ctx, p, chromedp.EmulateViewport(width, 800), chromedp.Navigate(base+p), chromedp.WaitReady("body"))
			over := overflow(t, ctx)
			if over != "" {
				t.Errorf("%s at %d px: wider than the screen: %s", p, width, over)
			}
		}
	}
}

// overflow names the first elements of the page's main that reach past
// the screen's right edge (the map's own panes aside), and the page's
// width when it scrolls sideways; "" when nothing does.
func overflow(t *testing.T, ctx context.Context) string {
	t.Helper()
	return eval[string](t, ctx, `(() => {
  const w = document.documentElement.clientWidth;
  const out = [...document.querySelectorAll('main *')].filter((e) => !e.closest('.leaflet-container') && e.getBoundingClientRect().right > w + 0.5)
    .map((e) => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' + Math.round(e.getBoundingClientRect().right));
  if (document.documentElement.scrollWidth > w) out.unshift('page ' + document.documentElement.scrollWidth);
  return out.slice(0, 5).join(', ');
})()`)
}
