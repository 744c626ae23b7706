package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Orientation with a follow-up in a real browser, on both databases, each
// page checked by axe-core at 1280 and 390 px: a prescriber orients a
// person from a place's page (a phone number in the reference refused
// first), prints the slip; the place answers through the link of its
// e-mail without an account (received, then came); the outcome shows in
// the prescriber's space and in the coordinators' flows of the Tarn.
func TestBrowserOrientations(t *testing.T) {
	axe := axeSource(t)
	for name, dbURL := range engines(t) {
		t.Run(name, func(t *testing.T) {
			db := dbURL(t)
			now := clockFrom(browserStart(t))
			dir := t.TempDir()
			for _, u := range []struct{ role, territory, email string }{
				{"contributeur", "", "as@ccas-albi.fr"}, {"coordinateur", "departement:81", "coord@tarn.fr"},
			} {
				args := []string{"utilisateurs", "ajouter", "--db", db, "--role", u.role, "--structure", "CCAS d'Albi"}
				if u.territory != "" {
					args = append(args, "--territoires", u.territory)
				}
				if r := runCmdAt(t, now, dir, nil, append(args, u.email)...); r.code != 0 {
					t.Fatal(r)
				}
			}
			base, link := peopleSiteAt(t, db, now)
			ctx := newBrowser(t, true)
			signInBrowser(t, ctx, base, "as@ccas-albi.fr", link)
			do(t, ctx, "the place", chromedp.Navigate(base+"/lieux/epn-albi-1"), chromedp.WaitVisible(`a[href="/lieux/epn-albi-1/orienter"]`),
				chromedp.Click(`a[href="/lieux/epn-albi-1/orienter"]`), chromedp.WaitVisible("#reference"))
			passAxe(t, ctx, axe, "/lieux/{id}/orienter")
			do(t, ctx, "orient with a phone in the reference", chromedp.Click(`input[name="besoin"]`), chromedp.Click(`input[name="age"][value="65-74"]`),
				chromedp.SendKeys("#commune", "81004"), chromedp.SendKeys("#reference", "Mme X 06 12 34 56 78"), chromedp.Submit("#reference"),
				chromedp.WaitVisible("#erreur-orientation"))
			if s := text(t, ctx, "#erreur-orientation"); !strings.Contains(s, "Référence : le texte contient un numéro de téléphone") {
				t.Errorf("the error: %q", s)
			}
			passAxe(t, ctx, axe, "/lieux/{id}/orienter (an error)")
			setField(t, ctx, "#reference", "dossier 2026-114")
			do(t, ctx, "orient", chromedp.Submit("#reference"), chromedp.WaitVisible(".succes"))
			if s := text(t, ctx, "main"); !strings.Contains(s, "envoyée, sans réponse du lieu") || !strings.Contains(s, "dossier 2026-114") {
				t.Errorf("the orientation's page: %q", s)
			}
			passAxe(t, ctx, axe, "/orientations/{n}")
			orientation, _, _ := strings.Cut(location(t, ctx), "?")
			do(t, ctx, "the slip", chromedp.Navigate(orientation+"/fiche"), chromedp.WaitVisible("#texte-sms"))
			if s := text(t, ctx, "main"); !strings.Contains(s, "12 rue de Cantepau") || !strings.Contains(s, "dossier 2026-114") {
				t.Errorf("the slip: %q", s)
			}
			passAxe(t, ctx, axe, "/orientations/{n}/fiche")

			// The place answers through its e-mail's link, without an account.
			answer := link("epn@exemple-albi.fr")
			if !strings.Contains(answer, "/orientations/reponse?jeton=") {
				t.Fatalf("the place's link: %q", answer)
			}
			do(t, ctx, "the answer page", chromedp.Navigate(answer), chromedp.WaitVisible("#reponse-recue"))
			passAxe(t, ctx, axe, "/orientations/reponse")
			do(t, ctx, "received", chromedp.Click("#reponse-recue"), chromedp.Submit("#detail"), chromedp.WaitVisible(".succes"))
			passAxe(t, ctx, axe, "/orientations/reponse (received)")
			// The page of « reçue » has its own flash: wait until the answers
			// are gone, as they are once the link is used.
			do(t, ctx, "came", chromedp.Click("#reponse-venue"), chromedp.Submit("#detail"), chromedp.WaitNotPresent("#reponse-venue"), chromedp.WaitVisible(".succes"))
			if s := text(t, ctx, "main"); !strings.Contains(s, "votre réponse est enregistrée") {
				t.Errorf("after the answer: %q", s)
			}
			do(t, ctx, "the link again", chromedp.Navigate(answer), chromedp.WaitVisible("main"))
			if s := text(t, ctx, "main"); !strings.Contains(s, "déjà servi") {
				t.Errorf("a used link: %q", s)
			}
			do(t, ctx, "the space", chromedp.Navigate(base+"/espace"), chromedp.WaitVisible("#orientations"))
			if s := text(t, ctx, "main"); !strings.Contains(s, "la personne est venue") {
				t.Errorf("the space: %q", s)
			}
			passAxe(t, ctx, axe, "/espace (orientations)")
			signOutBrowser(t, ctx)

			signInBrowser(t, ctx, base, "coord@tarn.fr", link)
			// The flows of the days around today (the default period is the
			// 12 full months before this one).
			flows := base + "/orientations/flux?du=" + now().AddDate(0, 0, -1).Format("2006-01-02") + "&au=" + now().AddDate(0, 0, 1).Format("2006-01-02")
			do(t, ctx, "the flows", chromedp.Navigate(flows), chromedp.WaitVisible("main table"))
			if s := text(t, ctx, "main"); !strings.Contains(s, "1 orientation envoyée") || !strings.Contains(s, "Part honorée (la personne est venue) : 100 %") ||
				!strings.Contains(s, "Espace public numérique de Cantepau") || strings.Contains(s, "dossier 2026-114") {
				t.Errorf("the flows: %q", s)
			}
			passAxe(t, ctx, axe, "/orientations/flux")
		})
	}
}
