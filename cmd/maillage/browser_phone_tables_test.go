package main

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// tablesFitPhone checks the page shown at a phone's width (390 px): no
// table region needs scrolling sideways (their cells stack) and the page
// is no wider than the screen; axe-core checks it there; then the width
// goes back to 1280 px. Scripts are allowed for the checks only.
func tablesFitPhone(t *testing.T, ctx context.Context, axe, page string) {
	t.Helper()
	do(t, ctx, page+" at 390 px", chromedp.EmulateViewport(390, 844))
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
		t.Fatal(err)
	}
	over := eval[string](t, ctx, `(() => {
  const out = [...document.querySelectorAll('.table-defilante')].filter((e) => e.scrollWidth > e.clientWidth + 1)
    .map((e) => (e.getAttribute('aria-labelledby') || 'table') + ' ' + e.scrollWidth + ' > ' + e.clientWidth);
  if (document.documentElement.scrollWidth > document.documentElement.clientWidth) out.unshift('page ' + document.documentElement.scrollWidth);
  return out.join(', ');
})()`)
	if over != "" {
		t.Errorf("%s at 390 px: scrolls sideways: %s", page, over)
	}
	axeCheck(t, ctx, axe, page+" (390 px)")
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, page+" at 1280 px", chromedp.EmulateViewport(1280, 900))
}

// tablesStackOnPhone is tablesFitPhone's check in a browser that runs
// scripts (passAxe runs axe-core at 390 px there): at 390 px no table
// region needs scrolling sideways; then the width goes back to 1280 px.
func tablesStackOnPhone(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	do(t, ctx, page+" at 390 px", chromedp.EmulateViewport(390, 844))
	over := eval[string](t, ctx, `[...document.querySelectorAll('.table-defilante')].filter((e) => e.scrollWidth > e.clientWidth + 1)
  .map((e) => (e.getAttribute('aria-label') || 'table') + ' ' + e.scrollWidth + ' > ' + e.clientWidth).join(', ')`)
	if over != "" {
		t.Errorf("%s at 390 px: a table scrolls sideways: %s", page, over)
	}
	do(t, ctx, page+" at 1280 px", chromedp.EmulateViewport(1280, 900))
}

// chartsReadOnPhone checks the page's bar charts at a phone's width
// (390 px), in a browser that runs scripts: the text of each, its font
// size in user units scaled by the drawing's width over its viewBox's, is
// at least 12 CSS pixels; then the width goes back to 1280 px.
func chartsReadOnPhone(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	do(t, ctx, page+" at 390 px", chromedp.EmulateViewport(390, 844))
	small := eval[string](t, ctx, `(() => {
  const charts = [...document.querySelectorAll('svg.graphique')];
  if (charts.length === 0) return 'no chart';
  return charts.map((s) => {
    const px = parseFloat(s.getAttribute('font-size')) * s.getBoundingClientRect().width / s.viewBox.baseVal.width;
    return px < 12 ? (s.getAttribute('aria-labelledby') + ' ' + px.toFixed(1) + ' px') : '';
  }).filter((x) => x).join(', ');
})()`)
	if small != "" {
		t.Errorf("%s at 390 px: chart text under 12 px: %s", page, small)
	}
	do(t, ctx, page+" at 1280 px", chromedp.EmulateViewport(1280, 900))
}
