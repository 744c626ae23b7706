package main

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// passAxe checks the current page with axe-core at 1280 px, then at
// 390 px, where nothing may reach past the screen's right edge and the
// page may not scroll sideways (but the cells of a table inside its own
// scrolling region, and the map's panes).
func passAxe(t *testing.T, ctx context.Context, axe, page string) {
	t.Helper()
	axeCheck(t, ctx, axe, page)
	do(t, ctx, page+" at 390 px", chromedp.EmulateViewport(390, 844))
	if over := widerThanScreen(t, ctx); over != "" {
		t.Errorf("%s at 390 px: wider than the screen: %s", page, over)
	}
	axeCheck(t, ctx, axe, page+" (390 px)")
	do(t, ctx, page+" at 1280 px", chromedp.EmulateViewport(1280, 900))
}

// widerThanScreen names the elements of the current page that reach past
// the screen's right edge (but the cells of a table inside its own
// scrolling region, and the map's panes), and the page itself when it
// scrolls sideways; "" when nothing does.
func widerThanScreen(t *testing.T, ctx context.Context) string {
	t.Helper()
	return eval[string](t, ctx, `(() => {
		const w = document.documentElement.clientWidth;
		const out = [...document.body.querySelectorAll('*')].filter((e) => !e.closest('.leaflet-container') && !(e.parentElement && e.parentElement.closest('.table-defilante')) &&
			e.getBoundingClientRect().right > w + 0.5)
			.slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className : '') + ' ' + Math.round(e.getBoundingClientRect().right));
		// The map's panes, laid out at 1280 px, are its own business.
		if (!document.querySelector('.leaflet-container') && document.documentElement.scrollWidth > w) out.unshift('page ' + document.documentElement.scrollWidth);
		return out.join(', ');
	})()`)
}

// choose selects the option of a select whose text holds a word.
func choose(t *testing.T, ctx context.Context, sel, word string) {
	t.Helper()
	if !eval[bool](t, ctx, `(() => {
		const s = document.querySelector(`+jsString(sel)+`);
		const o = [...s.options].find((o) => o.textContent.includes(`+jsString(word)+`));
		if (!o) return false;
		s.value = o.value;
		return true;
	})()`) {
		t.Fatalf("no option %q in %s", word, sel)
	}
}

// setField sets the value of a form's field.
func setField(t *testing.T, ctx context.Context, sel, value string) {
	t.Helper()
	if !eval[bool](t, ctx, `(() => { const e = document.querySelector(`+jsString(sel)+`); if (!e) return false; e.value = `+jsString(value)+`; return true; })()`) {
		t.Fatalf("no field %s", sel)
	}
}

// carnetFilled is the hand-over form of /pass/carnets with a carnet's
// code filled in (?carnet=…, by « Remettre »), which the list of carnets,
// its form empty, has not.
const carnetFilled = `#carnet:not([value=""])`

func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// The Pass numérique's pages of orders, printing, distribution and
// qualification in a real browser, each checked by axe-core at 1280 and
// 390 px, errors included, on both databases: an administrator records
// an order and assigns a carnet, a distributeur hands it, a structure
// asks to accept passes, a coordinator of its territory approves and the
// directory marks the place.
func TestBrowserPassPages(t *testing.T) {
	axe := axeSource(t)
	for name, dbURL := range engines(t) {
		t.Run(name, func(t *testing.T) {
			db := dbURL(t)
			now := clockFrom(browserStart(t))
			dir := t.TempDir()
			for _, u := range []struct{ role, email string }{
				{"financeur", "finances@tarn.fr"}, {"distributeur", "ccas@albi.fr"},
			} {
				if r := runCmdAt(t, now, dir, nil, "utilisateurs", "ajouter", "--db", db, "--role", u.role, "--structure", "Structure "+u.role, u.email); r.code != 0 {
					t.Fatal(r)
				}
			}
			base, link := peopleSiteAt(t, db, now)
			ctx := newBrowser(t, true)
			signInBrowser(t, ctx, base, "admin@hub.fr", link)
			do(t, ctx, "orders", chromedp.Navigate(base+"/pass/commandes"), chromedp.WaitVisible("#financeur"))
			passAxe(t, ctx, axe, "/pass/commandes (form)")
			choose(t, ctx, "#financeur", "finances@tarn.fr")
			// The site runs on the test's clock: the order ends a year after
			// its start, whatever the day the test runs.
			setField(t, ctx, "#fin", browserStart(t).AddDate(1, 0, 0).Format("2006-01-02"))
			do(t, ctx, "an order with an unknown commune", chromedp.SendKeys("#carnets", "2"), chromedp.SendKeys("#valeur", "10"),
				chromedp.SendKeys("#departements", "81"), chromedp.SendKeys("#communes", "99999"),
				chromedp.Click(`input[name="services"]`), chromedp.SendKeys("#texte", "Offert par le Département du Tarn"),
				chromedp.Submit("#carnets"), chromedp.WaitVisible("#erreur-commande"))
			if s := text(t, ctx, "#erreur-commande"); !strings.Contains(s, "la commune « 99999 » n'est pas dans le référentiel") {
				t.Errorf("the error: %q", s)
			}
			passAxe(t, ctx, axe, "/pass/commandes (an error)")
			setField(t, ctx, "#communes", "")
			do(t, ctx, "the order", chromedp.Submit("#carnets"), chromedp.WaitVisible("#distributeur"))
			passAxe(t, ctx, axe, "an order's page")
			choose(t, ctx, "#distributeur", "ccas@albi.fr")
			// The order's page being left shows « Commande enregistrée » in
			// a .succes: wait for the assignment's own address.
			do(t, ctx, "assign a carnet", chromedp.SendKeys("#nombre", "1"), chromedp.Submit("#nombre"))
			waitLocation(t, ctx, "the carnet assigned", func(u string) bool { return strings.Contains(u, "message=attribues") })
			do(t, ctx, "the carnet assigned", chromedp.WaitVisible(".succes"))
			if s := text(t, ctx, ".succes"); !strings.Contains(s, "1 carnet attribué") {
				t.Errorf("after the assignment: %q", s)
			}
			passAxe(t, ctx, axe, "an order's page (a carnet assigned)")
			order, _, _ := strings.Cut(location(t, ctx), "?")
			do(t, ctx, "print", chromedp.Navigate(order+"/impression"), chromedp.WaitVisible(".pass-bloc svg.qr"))
			if n := eval[int](t, ctx, `document.querySelectorAll('.pass-bloc svg.qr').length`); n != 20 {
				t.Errorf("%d QR codes printed for 2 carnets of 10 passes", n)
			}
			passAxe(t, ctx, axe, "the printed carnets")
			do(t, ctx, "back", chromedp.Navigate(base+"/espace"), chromedp.WaitVisible(`a[href="/pass/commandes"]`))
			signOutBrowser(t, ctx)

			signInBrowser(t, ctx, base, "ccas@albi.fr", link)
			do(t, ctx, "carnets", chromedp.Navigate(base+"/pass/carnets"), chromedp.WaitVisible(`a[href^="/pass/carnets?carnet="]`))
			passAxe(t, ctx, axe, "/pass/carnets")
			// The list already has the hand-over form, its code empty: wait
			// for the form « Remettre » fills, or the commune is typed in
			// the list's form and the carnet's code is lost.
			do(t, ctx, "hand with an unknown commune", chromedp.Click(`a[href^="/pass/carnets?carnet="]`), chromedp.WaitVisible(carnetFilled),
				chromedp.SendKeys("#commune", "99999"), chromedp.Submit("#commune"), chromedp.WaitVisible("#erreur-remise"))
			passAxe(t, ctx, axe, "/pass/carnets (an error)")
			setField(t, ctx, "#commune", "81004")
			do(t, ctx, "hand", chromedp.Click(`input[name="age"][value="65-74"]`),
				chromedp.Submit("#commune"), chromedp.WaitVisible(".succes"))
			if s := text(t, ctx, "main table"); !strings.Contains(s, "65 à 74 ans") || !strings.Contains(s, "Albi (81004)") {
				t.Errorf("the carnet handed: %q", s)
			}
			signOutBrowser(t, ctx)

			// The structure: its address is the place's, its claim is approved at once.
			if r := runCmdAt(t, now, dir, nil, "utilisateurs", "ajouter", "--db", db, "--role", "contributeur", "epn@exemple-albi.fr"); r.code != 0 {
				t.Fatal(r)
			}
			signInBrowser(t, ctx, base, "epn@exemple-albi.fr", link)
			do(t, ctx, "claim", chromedp.Navigate(base+"/lieux/epn-albi-1"), chromedp.WaitVisible(`form[action$="/revendiquer"] button`),
				chromedp.Click(`form[action$="/revendiquer"] button`), chromedp.WaitVisible(".succes"))
			do(t, ctx, "ask", chromedp.Navigate(base+"/lieux/epn-albi-1/pass"), chromedp.WaitVisible("#iban"))
			passAxe(t, ctx, axe, "/lieux/{id}/pass")
			do(t, ctx, "ask with a wrong IBAN", chromedp.SendKeys("#iban", "FR7630006000011234567890198"),
				chromedp.SendKeys("#bic", "AGRIFRPP"), chromedp.SendKeys("#titulaire", "EPN d'Albi"), chromedp.Submit("#iban"), chromedp.WaitVisible("#erreur-qualification"))
			passAxe(t, ctx, axe, "/lieux/{id}/pass (an error)")
			do(t, ctx, "ask", chromedp.SendKeys("#iban", "FR7630006000011234567890189"), chromedp.Submit("#iban"), chromedp.WaitVisible(".succes"))
			if s := text(t, ctx, "main"); !strings.Contains(s, "FR76 •••• •••• 0189") || strings.Contains(s, "30006000011234567890") {
				t.Errorf("the IBAN after entry: %q", s)
			}
			passAxe(t, ctx, axe, "/lieux/{id}/pass (asked)")
			signOutBrowser(t, ctx)

			// A coordinator of the Tarn approves (each account signs in once:
			// the log's last link of an address may be one already used).
			if r := runCmdAt(t, now, dir, nil, "utilisateurs", "ajouter", "--db", db, "--role", "coordinateur", "--territoires", "departement:81", "coord@tarn.fr"); r.code != 0 {
				t.Fatal(r)
			}
			signInBrowser(t, ctx, base, "coord@tarn.fr", link)
			do(t, ctx, "queue", chromedp.Navigate(base+"/pass/qualifications"), chromedp.WaitVisible(`input[value="accepter"] + button`))
			passAxe(t, ctx, axe, "/pass/qualifications")
			do(t, ctx, "approve", chromedp.Click(`input[value="accepter"] + button`), chromedp.WaitVisible(".succes"))
			do(t, ctx, "the directory", chromedp.Navigate(base+"/recherche?pass=1"), chromedp.WaitVisible(".pass-accepte"))
			if s := text(t, ctx, ".lieux"); !strings.Contains(s, "Accepte le Pass numérique") {
				t.Errorf("the qualified place in the results: %q", s)
			}
			passAxe(t, ctx, axe, "/recherche?pass=1")
		})
	}
}
