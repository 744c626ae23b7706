package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/store"
)

// actsFor gives the account an approved claim on each place: it records
// activities there (lieu-non-gere otherwise).
func actsFor(t *testing.T, ts *testServer, id int64, lieux ...string) {
	t.Helper()
	for _, l := range lieux {
		if _, err := ts.store.AddClaim(context.Background(), store.Claim{UserID: id, LieuID: l, Status: store.StatusApproved}, "test"); err != nil {
			t.Fatal(err)
		}
	}
}

// TestActivityPlaceManaged: an activity at a registry place is recorded
// only by an account acting for it (an approved claim), a coordinator of
// its territory or an administrator; others get 403 lieu-non-gere in the
// API and the form, and nothing is stored (review 11A minor 10).
func TestActivityPlaceManaged(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	token := func(u account.User) (int64, string) {
		t.Helper()
		id := mustUser(t, ts, u)
		tok, _, err := ts.store.CreateAPIToken(ctx, id, "test", monday10h, "test")
		if err != nil {
			t.Fatal(err)
		}
		return id, tok
	}
	claimed, claimedTok := token(account.User{Email: "mediateur@epn.fr", Role: account.Contributeur})
	actsFor(t, ts, claimed, "tls-1")
	stranger, strangerTok := token(account.User{Email: "autre@asso.fr", Role: account.Contributeur})
	_, coord31 := token(account.User{Email: "c31@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}})
	_, coord81 := token(account.User{Email: "c81@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "81"}}})
	_, admin := token(account.User{Email: "admin@hub.fr", Role: account.Administrateur})
	body := `{"type":"collectif","date":"2026-11-05","duree":60,"type_lieu":"lieu_activite","lieu":"tls-1","thematiques":["email"],"participants":{"total":5}}`
	for _, tt := range []struct {
		name, tok string
		status    int
	}{{"claimed", claimedTok, 201}, {"stranger", strangerTok, 403}, {"coordinator 31", coord31, 201}, {"coordinator 81", coord81, 403}, {"admin", admin, 201}} {
		req := httptest.NewRequest("POST", "/api/v1/activites", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tt.tok)
		res := ts.do(t, req)
		if res.StatusCode != tt.status || tt.status == 403 && !strings.Contains(res.Body, `"regle":"lieu-non-gere"`) {
			t.Errorf("%s: %d %s, want %d", tt.name, res.StatusCode, res.Body, tt.status)
		}
	}
	// Elsewhere than a registry place, anyone records.
	req := httptest.NewRequest("POST", "/api/v1/activites", strings.NewReader(`{"type":"individuel","date":"2026-11-05","duree":30,"type_lieu":"domicile","commune":"31555","thematiques":["email"]}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+strangerTok)
	if res := ts.do(t, req); res.StatusCode != 201 {
		t.Errorf("stranger at home: %d %s", res.StatusCode, res.Body)
	}
	form := url.Values{"type": {"individuel"}, "date": {"2026-11-20"}, "duree": {"30"}, "type_lieu": {"lieu_activite"}, "lieu": {"tls-1"}, "thematiques": {"email"}}
	res := postForm(t, ts, "/activites", form, sessionOf(t, ts, stranger))
	if res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, "que si vous agissez pour lui") {
		t.Errorf("form, stranger: %d", res.StatusCode)
	}
	if res := postForm(t, ts, "/activites", form, sessionOf(t, ts, claimed)); res.StatusCode != http.StatusSeeOther {
		t.Errorf("form, claimed: %d", res.StatusCode)
	}
	as, err := ts.store.Activities(ctx, store.ActivityFilter{})
	if err != nil || len(as) != 5 {
		t.Errorf("%d activities stored (%v), want 5", len(as), err)
	}
}
