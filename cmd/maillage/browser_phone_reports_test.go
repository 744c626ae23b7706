package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"maillage/internal/activity"
	"maillage/internal/store"
)

// TestBrowserReportsOnPhone: the annual report (/evaluation) and a
// territory's statistics (their « Évolution » tables) read on a phone
// 390 px wide, on both databases: the page does not scroll sideways, no
// table is wider than its box, no number or year in a cell breaks over
// two lines (review of issue 11: the report's « 2026 » stacked digit by
// digit), every value keeps its column's name in sight, the tables keep
// their headers (th scope), and axe-core finds nothing; at 660 px, the
// tables shown as tables, the same holds.
// MAILLAGE_TEST_SCREENSHOTS=/some/dir keeps full-page screenshots.
func TestBrowserReportsOnPhone(t *testing.T) {
	axe := axeSource(t)
	for name, dbURL := range engines(t) {
		t.Run(name, func(t *testing.T) {
			db := dbURL(t)
			real := time.Now()
			now := func() time.Time { return time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC).Add(time.Since(real)) }
			base, link := peopleSiteAt(t, db, now)
			addPhoneActivities(t, db, now)
			ctx := newBrowser(t, true)
			signInBrowser(t, ctx, base, "admin@hub.fr", link)
			for _, p := range []struct{ name, path, wait string }{
				{"evaluation", "/evaluation?territoire=departement:81&annee=2026", "#s-diagnostic"},
				{"statistiques", "/statistiques/departement/81?du=2026-11-01&au=2026-11-30", "td[data-indicateur]"},
			} {
				do(t, ctx, p.path, chromedp.EmulateViewport(390, 844), chromedp.Navigate(base+p.path), chromedp.WaitVisible(p.wait))
				if dir := os.Getenv("MAILLAGE_TEST_SCREENSHOTS"); dir != "" {
					b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
					if err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(filepath.Join(dir, "phone-"+p.name+"-"+name+".png"), b, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				if n := eval[int](t, ctx, `document.querySelectorAll('main table tbody tr').length`); n < 4 {
					t.Fatalf("%s: %d rows of tables, want a report with figures", p.path, n)
				}
				if bad := phoneTableFaults(t, ctx); bad != "" {
					t.Errorf("%s at 390 px:\n%s", p.path, bad)
				}
				axeCheck(t, ctx, axe, p.path+" (390 px)")
				// Just wider than a phone the tables are tables again: their
				// head in sight, a year in it on one line.
				do(t, ctx, p.path+" at 660 px", chromedp.EmulateViewport(660, 844))
				if bad := phoneTableFaults(t, ctx); bad != "" {
					t.Errorf("%s at 660 px:\n%s", p.path, bad)
				}
			}
		})
	}
}

// addPhoneActivities records activities in the Tarn: November 2026 (the
// statistics' period), October 2026 (their previous one) and November
// 2025 (the report's previous year), with several thematics and tags so
// that the tables have rows with long labels.
func addPhoneActivities(t *testing.T, db string, now func() time.Time) {
	t.Helper()
	ctx := context.Background()
	st, err := openStore(ctx, testEnv(t), db, store.WithClock(now))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, date := range []string{"2026-11-03", "2026-11-17", "2026-10-06", "2025-11-04"} {
		for _, a := range []activity.Activity{
			{Kind: activity.Individuel, Date: date, Duration: 30, PlaceType: activity.Domicile, Commune: "81004", Thematics: []string{"email", "sante"},
				Tags: []activity.Tag{{Scope: "departemental", Name: "Accompagnement renforcé des seniors isolés"}}, Equipment: []string{"telephone"}, Autonomy: "autonome"},
			{Kind: activity.Collectif, Date: date, Duration: 90, PlaceType: activity.AutreLieu, Commune: "81099", Thematics: []string{"email", "intelligence_artificielle"},
				Equipment: []string{"tablette"}, Title: "Café IA", Public: activity.Public{Total: 1234}},
		} {
			if _, err := st.AddActivity(ctx, a, cliActor); err != nil {
				t.Fatalf("activity of %s: %v", date, err)
			}
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
}

// phoneTableFaults lists, one a line, what the current page's tables do
// wrong at a phone's width: the page or a table wider than its box, a
// number, a year or a percentage in a visible cell over two lines, a
// value whose column's name is neither shown (the table's head) nor
// written beside it (data-titre), a table without its th scope.
func phoneTableFaults(t *testing.T, ctx context.Context) string {
	t.Helper()
	return eval[string](t, ctx, `(() => {
  const out = [];
  const w = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > w) out.push('page ' + document.documentElement.scrollWidth + ' px wide > ' + w);
  // Visually hidden (a phone's table head, clipped to a pixel).
  const hidden = (e) => { for (; e && e !== document.body; e = e.parentElement) { const r = e.getBoundingClientRect(); if (r.width <= 1 || r.height <= 1) return true; } return false; };
  const lines = (e) => { const r = document.createRange(); r.selectNodeContents(e); return new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.bottom))).size; };
  const name = (c) => (c.closest('table').querySelector('caption') || {}).textContent + ' « ' + c.textContent.trim() + ' »';
  for (const tb of document.querySelectorAll('main table')) {
    const box = tb.closest('.table-defilante') || tb.parentElement;
    if (tb.scrollWidth > box.clientWidth + 1 || box.scrollWidth > box.clientWidth + 1) out.push('table ' + tb.querySelector('caption').textContent + ' ' + Math.max(tb.scrollWidth, box.scrollWidth) + ' px > its box ' + box.clientWidth);
    const head = [...tb.querySelectorAll('thead th')];
    if (head.length === 0 || head.some((h) => h.getAttribute('scope') !== 'col')) out.push('table ' + tb.querySelector('caption').textContent + ': its head has no th scope=col');
    const headShown = head.length > 0 && !hidden(head[0]);
    for (const tr of tb.querySelectorAll('tbody tr')) {
      const cells = [...tr.children];
      if (cells.length !== head.length) continue; // « Aucune donnée »
      if (cells[0].tagName !== 'TH' || cells[0].getAttribute('scope') !== 'row') out.push('row without th scope=row: ' + name(cells[0]));
      cells.slice(1).forEach((c, i) => {
        const want = head[i + 1].textContent.trim();
        const before = getComputedStyle(c, '::before');
        if (!headShown && (before.display === 'none' || before.content !== JSON.stringify(want))) out.push('value without its column (' + want + ') in sight: ' + name(c) + ' ::before ' + before.content);
      });
    }
  }
  for (const c of document.querySelectorAll('main table th, main table td')) {
    const s = c.textContent.trim();
    // A number, a year, a percentage: « 1 234 », « 2026 », « +20 % », « < 5 ».
    if (!/^[<>+\u2212-]?\s*\d[\d\s,.]*%?$/.test(s) || hidden(c)) continue;
    if (lines(c) > 1) out.push('breaks over ' + lines(c) + ' lines: ' + name(c));
    if (c.scrollWidth > c.clientWidth + 1) out.push('overflows its cell: ' + name(c));
  }
  return out.slice(0, 20).join('\n');
})()`)
}
