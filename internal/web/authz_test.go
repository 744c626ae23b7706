package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/place"
	"maillage/internal/store"
)

// people signs in the cast of the object-level tests: a coordinator of
// Haute-Garonne (31, where tls-1 lies), one of the Tarn (81), and an
// administrator.
type people struct {
	ts                   *testServer
	coord31, coord81, ad string
}

func cast(t *testing.T) people {
	t.Helper()
	ts, m := withMail(t)
	mustUser(t, ts, account.User{Email: "coord@toulouse.fr", Name: "Claude", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}})
	mustUser(t, ts, account.User{Email: "coord@tarn.fr", Name: "Dominique", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "81"}}})
	mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur})
	return people{ts: ts, coord31: signIn(t, ts, m, "coord@toulouse.fr"), coord81: signIn(t, ts, m, "coord@tarn.fr"), ad: signIn(t, ts, m, "ada@hub.fr")}
}

func pendingProposals(t *testing.T, ts *testServer) []store.Proposal {
	t.Helper()
	props, err := ts.store.Proposals(context.Background(), store.StatusPending)
	if err != nil {
		t.Fatal(err)
	}
	return props
}

// A coordinator proposes a new place outside their territory and approves
// it themselves: refused (theirs, and not their territory); the
// coordinator of the place's territory may.
func TestCoordinatorCannotApproveOwnNewPlace(t *testing.T) {
	p := cast(t)
	nouveau := url.Values{"nom": {"Point numérique de Blagnac"}, "adresse": {"1 place de la Mairie"}, "code_postal": {"31700"},
		"commune": {"Blagnac"}, "services": {place.ServiceDemarches}}
	if res := postForm(t, p.ts, "/contribuer/nouveau-lieu", nouveau, p.coord81); !strings.Contains(res.Header.Get("Location"), "propose") {
		t.Fatalf("new place: %d %s", res.StatusCode, res.Body)
	}
	props := pendingProposals(t, p.ts)
	if len(props) != 1 {
		t.Fatalf("%d proposals", len(props))
	}
	path := fmt.Sprintf("/moderation/propositions/%d", props[0].ID)
	if q := getAs(t, p.ts, "/moderation", p.coord81); strings.Contains(q.Body, "Point numérique de Blagnac") {
		t.Errorf("the Tarn's coordinator is offered a new place in Haute-Garonne")
	}
	if res := postForm(t, p.ts, path, url.Values{"decision": {"accepter"}}, p.coord81); res.StatusCode != http.StatusForbidden {
		t.Errorf("own new place outside the territory approved: %d", res.StatusCode)
	}
	if q := getAs(t, p.ts, "/moderation", p.coord31); !strings.Contains(q.Body, "Point numérique de Blagnac") {
		t.Errorf("Haute-Garonne's coordinator does not see the new place")
	}
	if res := postForm(t, p.ts, path, url.Values{"decision": {"accepter"}}, p.coord31); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the territory's coordinator approves: %d %s", res.StatusCode, res.Body)
	}
}

// No one approves their own proposal, even inside their territory.
func TestCoordinatorCannotApproveOwnProposal(t *testing.T) {
	p := cast(t)
	nouveau := url.Values{"nom": {"Point numérique de Blagnac"}, "adresse": {"1 place de la Mairie"}, "code_postal": {"31700"},
		"commune": {"Blagnac"}, "services": {place.ServiceDemarches}}
	if res := postForm(t, p.ts, "/contribuer/nouveau-lieu", nouveau, p.coord31); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("new place: %d %s", res.StatusCode, res.Body)
	}
	props := pendingProposals(t, p.ts)
	if len(props) != 1 {
		t.Fatalf("%d proposals", len(props))
	}
	path := fmt.Sprintf("/moderation/propositions/%d", props[0].ID)
	if res := postForm(t, p.ts, path, url.Values{"decision": {"accepter"}}, p.coord31); res.StatusCode != http.StatusForbidden {
		t.Errorf("own proposal approved: %d", res.StatusCode)
	}
	if res := postForm(t, p.ts, path, url.Values{"decision": {"accepter"}}, p.ad); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the administrator approves: %d %s", res.StatusCode, res.Body)
	}
}

// A coordinator moves a place of their territory into another one: the
// edit is not published, it becomes a proposal they cannot decide, nor
// can the coordinator of the other end alone.
func TestCoordinatorCannotMovePlaceOut(t *testing.T) {
	p := cast(t)
	form := formOf(p.ts, "tls-1")
	form.Set("code_postal", "81000")
	form.Set("commune", "Albi")
	form.Set("code_insee", "81004")
	form.Set("latitude", "43.9258") // a consistent move: the position follows the commune
	form.Set("longitude", "2.1477")
	res := postForm(t, p.ts, "/lieux/tls-1/modifier", form, p.coord31)
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "message=propose") {
		t.Errorf("move out of the territory: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if l := mustLieu(t, p.ts, "tls-1"); l.CodePostal != "31000" {
		t.Fatalf("the place left the territory: %q", l.CodePostal)
	}
	props := pendingProposals(t, p.ts)
	if len(props) != 1 {
		t.Fatalf("%d proposals", len(props))
	}
	path := fmt.Sprintf("/moderation/propositions/%d", props[0].ID)
	for who, cookie := range map[string]string{"author": p.coord31, "other end": p.coord81} {
		if res := postForm(t, p.ts, path, url.Values{"decision": {"accepter"}}, cookie); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s approves the move: %d", who, res.StatusCode)
		}
	}
	if res := postForm(t, p.ts, path, url.Values{"decision": {"accepter"}}, p.ad); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the administrator approves the move: %d %s", res.StatusCode, res.Body)
	}
	if l := mustLieu(t, p.ts, "tls-1"); l.CodePostal != "81000" {
		t.Errorf("the approved move is not published: %q", l.CodePostal)
	}
}

// A coordinator claims a place and approves their own claim: refused.
func TestCoordinatorCannotApproveOwnClaim(t *testing.T) {
	p := cast(t)
	if res := postForm(t, p.ts, "/lieux/albi-1/revendiquer", nil, p.coord81); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("claim: %d", res.StatusCode)
	}
	claims, err := p.ts.store.Claims(context.Background(), store.StatusPending, 0)
	if err != nil || len(claims) != 1 {
		t.Fatalf("claims: %v %v", claims, err)
	}
	path := fmt.Sprintf("/moderation/revendications/%d", claims[0].ID)
	if res := postForm(t, p.ts, path, url.Values{"decision": {"accepter"}}, p.coord81); res.StatusCode != http.StatusForbidden {
		t.Errorf("own claim approved: %d", res.StatusCode)
	}
	if res := postForm(t, p.ts, path, url.Values{"decision": {"accepter"}}, p.coord31); res.StatusCode != http.StatusForbidden {
		t.Errorf("a claim outside the territory approved: %d", res.StatusCode)
	}
	if res := postForm(t, p.ts, path, url.Values{"decision": {"accepter"}}, p.ad); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the administrator approves: %d %s", res.StatusCode, res.Body)
	}
}

// History: only the territory's coordinators and administrators read it,
// and only administrators see who acted by e-mail address.
func TestHistoryScopeAndAddresses(t *testing.T) {
	p := cast(t)
	form := formOf(p.ts, "tls-1")
	form.Set("telephone", "05 61 00 00 00")
	if res := postForm(t, p.ts, "/lieux/tls-1/modifier", form, p.coord31); !strings.Contains(res.Header.Get("Location"), "message=publie") {
		t.Fatalf("edit: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res := getAs(t, p.ts, "/lieux/tls-1/historique", p.coord81); res.StatusCode != http.StatusForbidden {
		t.Errorf("another territory's coordinator reads the history: %d", res.StatusCode)
	}
	res := getAs(t, p.ts, "/lieux/tls-1/historique", p.coord31)
	if res.StatusCode != http.StatusOK || strings.Contains(res.Body, "coord@toulouse.fr") || !strings.Contains(res.Body, "coordinateur") {
		t.Errorf("the territory's coordinator: %d, addresses shown or no role", res.StatusCode)
	}
	if res := getAs(t, p.ts, "/lieux/tls-1/historique", p.ad); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "coord@toulouse.fr") {
		t.Errorf("the administrator: %d, no address", res.StatusCode)
	}
	// A claim's entry names its account the same way.
	if res := postForm(t, p.ts, "/lieux/tls-1/revendiquer", nil, p.coord81); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("claim: %d", res.StatusCode)
	}
	res = getAs(t, p.ts, "/lieux/tls-1/historique", p.coord31)
	if !strings.Contains(res.Body, "compte : coordinateur (compte ") || strings.Contains(res.Body, "coord@tarn.fr") {
		t.Errorf("the claim's entry, as a coordinator reads it")
	}
	if res := getAs(t, p.ts, "/lieux/tls-1/historique", p.ad); !strings.Contains(res.Body, "compte : coord@tarn.fr") {
		t.Errorf("the claim's entry, as an administrator reads it")
	}
}
