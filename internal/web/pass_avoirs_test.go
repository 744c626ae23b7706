package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/pass"
)

// TestPassCreditNotesPages: an order's credit note page says when it will
// be issued, that it is due, then the note; an administrator issues the
// notes of ended orders; the financeur sees its own, no one else.
func TestPassCreditNotesPages(t *testing.T) {
	w := newPassWorld(t)
	w.redeem(t, "tls-1", w.structure, w.passes[0].Code)
	page := "/pass/commandes/" + strconv.FormatInt(w.order.ID, 10) + "/avoir"
	if res := getAs(t, w.ts, page, w.financeurC); res.StatusCode != 200 || !strings.Contains(res.Body, "sera établi après cette date") || !strings.Contains(res.Body, "31 janvier 2027 inclus") {
		t.Errorf("before the end: %d", res.StatusCode)
	}
	w.setClock(t, time.Date(2027, 2, 1, 8, 0, 0, 0, time.UTC))
	if res := getAs(t, w.ts, page, w.financeurC); !strings.Contains(res.Body, "est échue depuis le 31 janvier 2027") {
		t.Errorf("due: %d", res.StatusCode)
	}
	res := postForm(t, w.ts, "/pass/avoirs", nil, w.adminC)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/pass/avoirs?etablis=1" {
		t.Fatalf("issue: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res := getAs(t, w.ts, res.Header.Get("Location"), w.adminC); !strings.Contains(res.Body, "1 avoir établi pour les commandes échues.") || !strings.Contains(res.Body, "110,00\u202f€") {
		t.Errorf("list after issue: %s", res.Body)
	}
	// An ended, credited order no longer offers « Attribuer », and refuses
	// an assignment (review 10N minor 6).
	order := "/pass/commandes/" + strconv.FormatInt(w.order.ID, 10)
	if res := getAs(t, w.ts, order, w.adminC); !strings.Contains(res.Body, "ses carnets ne s'attribuent plus") || strings.Contains(res.Body, `/attribuer" method="post"`) {
		t.Errorf("the ended order's page still offers to assign its carnets")
	}
	if res := postForm(t, w.ts, order+"/attribuer", url.Values{"distributeur": {strconv.FormatInt(w.distributeur, 10)}, "nombre": {"1"}}, w.adminC); res.StatusCode != http.StatusConflict ||
		!strings.Contains(res.Body, "La commande est échue depuis le 31 janvier 2027") {
		t.Errorf("assigning a carnet of an ended order: %d %s", res.StatusCode, res.Body)
	}
	// The list names whom each credit note goes to (review 10N minor 15).
	if res := getAs(t, w.ts, "/pass/avoirs", w.adminC); !strings.Contains(res.Body, "</a></td><td>finances@haute-garonne.fr</td>") {
		t.Errorf("the list does not name the financeur:\n%s", res.Body)
	}
	if res := postForm(t, w.ts, "/pass/avoirs", nil, w.adminC); res.Header.Get("Location") != "/pass/avoirs?etablis=0" {
		t.Errorf("issued twice: %s", res.Header.Get("Location"))
	}
	if st := w.state(t, w.passes[1].Code); st != pass.Credite {
		t.Errorf("an unused pass after the credit note: %s", st)
	}
	res = getAs(t, w.ts, page, w.financeurC)
	if res.StatusCode != 200 || !strings.Contains(res.Body, "<dd>11</dd>") || !strings.Contains(res.Body, "110,00\u202f€") || !strings.Contains(res.Body, "finances@haute-garonne.fr") {
		t.Errorf("the financeur's credit note: %d", res.StatusCode)
	}
	if res := getAs(t, w.ts, "/pass/avoirs", w.financeurC); res.StatusCode != 200 || !strings.Contains(res.Body, "110,00\u202f€") || strings.Contains(res.Body, "Établir les avoirs") {
		t.Errorf("the financeur's list: %d", res.StatusCode)
	}
	// Another financeur sees neither; a distributeur has no credit notes.
	other := w.session(t, mustUser(t, w.ts, account.User{Email: "finances@tarn.fr", Role: account.Financeur}))
	if res := getAs(t, w.ts, page, other); res.StatusCode != http.StatusForbidden {
		t.Errorf("another financeur's page: %d", res.StatusCode)
	}
	if res := getAs(t, w.ts, "/pass/avoirs", other); res.StatusCode != 200 || strings.Contains(res.Body, "110,00\u202f€") {
		t.Errorf("another financeur's list: %d", res.StatusCode)
	}
	if res := getAs(t, w.ts, "/pass/avoirs", w.distributeurC); res.StatusCode != http.StatusForbidden {
		t.Errorf("a distributeur: %d", res.StatusCode)
	}
	if res := getAs(t, w.ts, "/pass/commandes/999/avoir", w.adminC); res.StatusCode != http.StatusNotFound {
		t.Errorf("no such order: %d", res.StatusCode)
	}
	verifyPassClean(t, w)
}
