package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/store"
)

func TestPassQRURL(t *testing.T) {
	for _, tt := range []struct{ code, want string }{
		{"PN-7K3Q-M2XD-9HFA-TW4R-Z", "https://hub.exemple.fr/pass/utiliser?code=PN-7K3Q-M2XD-9HFA-TW4R-Z"},
		// The check character may be one of * ~ $ =: escaped.
		{"PN-7K3Q-M2XD-9HFA-TW4R-*", "https://hub.exemple.fr/pass/utiliser?code=PN-7K3Q-M2XD-9HFA-TW4R-%2A"},
		{"PN-7K3Q-M2XD-9HFA-TW4R-$", "https://hub.exemple.fr/pass/utiliser?code=PN-7K3Q-M2XD-9HFA-TW4R-%24"},
		{"PN-7K3Q-M2XD-9HFA-TW4R-=", "https://hub.exemple.fr/pass/utiliser?code=PN-7K3Q-M2XD-9HFA-TW4R-%3D"},
	} {
		got := passQRURL("https://hub.exemple.fr", tt.code)
		if got != tt.want {
			t.Errorf("passQRURL(%q) = %q, want %q", tt.code, got, tt.want)
		}
		u, err := url.Parse(got)
		if err != nil || u.Query().Get("code") != tt.code {
			t.Errorf("%q reads back as %q (%v)", got, u.Query().Get("code"), err)
		}
	}
}

// The printed carnet: a block per pass with its code, value, validity,
// perimeter and the financeur's text, and a QR code of the counter page
// at the configured address, whatever the request's Host says.
func TestPassPrint(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	_, admin := passSession(t, ts, account.Administrateur)
	fin, finCookie := passSession(t, ts, account.Financeur)
	o, other := passOrder(t, ts, fin), passOrder(t, ts, fin)
	carnets, _ := ts.store.Carnets(ctx, store.CarnetFilter{OrderID: o.ID})
	otherCarnets, _ := ts.store.Carnets(ctx, store.CarnetFilter{OrderID: other.ID})
	passes, _ := ts.store.Passes(ctx, o.ID, carnets[1].ID)
	path := fmt.Sprintf("/pass/commandes/%d/impression", o.ID)
	for _, cookie := range []string{admin, finCookie} {
		req := httptest.NewRequest("GET", path+"?carnet="+url.QueryEscape(strings.ToLower(carnets[1].Code)), nil)
		req.Host = "pirate.exemple.com"
		req.Header.Set("X-Forwarded-Host", "pirate.exemple.com")
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
		res := ts.do(t, req)
		if res.StatusCode != 200 {
			t.Fatalf("print: %d\n%s", res.StatusCode, res.Body)
		}
		if strings.Contains(res.Body, "pirate") {
			t.Error("the page names the request's host")
		}
		if n := strings.Count(res.Body, `<svg class="qr" role="img"`); n != len(passes) {
			t.Errorf("%d QR images for %d passes", n, len(passes))
		}
		if n := strings.Count(res.Body, `<li class="pass-bloc">`); n != len(passes) {
			t.Errorf("%d blocks for %d passes", n, len(passes))
		}
		for _, p := range passes {
			// The image drawn is exactly the one of the counter page's URL at the configured address.
			want := qrSVG("http://maillage.test/pass/utiliser?code="+url.QueryEscape(p.Code), "Code QR du pass "+p.Code)
			if want == "" || !strings.Contains(res.Body, string(want)) {
				t.Errorf("no QR code of %s encoding the counter page", p.Code)
			}
			if !strings.Contains(res.Body, `<p class="code-pass">`+p.Code+`</p>`) {
				t.Errorf("the code %s is not printed", p.Code)
			}
		}
		for _, want := range []string{"carnet <span class=\"code-pass\">" + carnets[1].Code, "10,00\u202f€", "Valable jusqu'au 31 décembre 2026",
			"Haute-Garonne (31)", "Offert par le Département de la Haute-Garonne"} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("the printed carnet lacks %q", want)
			}
		}
	}
	// The financeur is named by its structure, never by its e-mail
	// address: carnets are handed to the public (review 10N minor 11).
	u, _ := ts.store.User(ctx, fin)
	// Every carnet of the order, one section each.
	res := getAs(t, ts, path, admin)
	if !strings.Contains(res.Body, u.Structure+" · commande n° ") || strings.Contains(res.Body, u.Email) {
		t.Errorf("the carnets name the financeur %q by %q", u.Structure, u.Email)
	}
	if !strings.Contains(res.Body, "<strong class=\"montant\">10,00\u202f€</strong>") {
		t.Error("the value may break before « € »")
	}
	if n := strings.Count(res.Body, `<section class="carnet"`); res.StatusCode != 200 || n != 3 {
		t.Errorf("the order's print: %d, %d carnets", res.StatusCode, n)
	}
	if res := getAs(t, ts, path+"?carnet="+otherCarnets[0].Code, admin); res.StatusCode != http.StatusNotFound {
		t.Errorf("a carnet of another order: %d", res.StatusCode)
	}
	// No public address configured: codes only, and the page says why.
	ts.cfg.BaseURL = ""
	res = getAs(t, ts, path, admin)
	if strings.Contains(res.Body, `<svg class="qr"`) || !strings.Contains(res.Body, "les codes QR ne peuvent pas être imprimés") ||
		!strings.Contains(res.Body, passes[0].Code) {
		t.Errorf("without a public address:\n%s", res.Body)
	}
}
