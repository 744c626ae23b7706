package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/place"
	"maillage/internal/store"
)

// TestOrientationThrottle: one account sends at most 40 orientations to
// one place in 24 hours and 60 in an hour; the next one is a French 429
// in the API and in the form, nothing is stored nor e-mailed, and its
// Retry-After is the seconds left until the window's first orientation
// leaves it (rounded up, at least 1); another account is not held; the
// hour's window ends, the place's day does not.
func TestOrientationThrottle(t *testing.T) {
	ts, m := withMail(t)
	ctx := context.Background()
	now := monday10h
	ts.cfg.Now = func() time.Time { return now }
	alice := mustUser(t, ts, account.User{Email: "as@ccas.fr", Role: account.Contributeur})
	bob := mustUser(t, ts, account.User{Email: "fs@france-services.fr", Role: account.Contributeur})
	ta, _, err := ts.store.CreateAPIToken(ctx, alice, "logiciel", monday10h, "test")
	if err != nil {
		t.Fatal(err)
	}
	tb, _, err := ts.store.CreateAPIToken(ctx, bob, "", monday10h, "test")
	if err != nil {
		t.Fatal(err)
	}
	post := func(token, lieu, need string) response {
		t.Helper()
		req := httptest.NewRequest("POST", "/api/v1/orientations", strings.NewReader(`{"besoin": "`+need+`", "lieu": "`+lieu+`", "modalite": "sans-rendez-vous"}`))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		return ts.do(t, req)
	}
	retryAfter := func(what string, res response, want string) {
		t.Helper()
		if got := res.Header.Get("Retry-After"); got != want {
			t.Errorf("%s: Retry-After %q, want %q", what, got, want)
		}
	}
	created := 0
	for i := 1; i <= orientationsPerPlace; i++ {
		if res := post(ta, "tls-1", place.ServiceDemarches); res.StatusCode != http.StatusCreated {
			t.Fatalf("orientation %d to tls-1: %d %s", i, res.StatusCode, res.Body)
		}
		created++
		now = monday10h.Add(10 * time.Minute) // the windows start at the first
	}
	res := post(ta, "tls-1", place.ServiceDemarches)
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(res.Body, "Trop d'orientations envoyées vers ce lieu depuis votre compte : 40 par 24 heures au plus. Réessayez dans 24 heures, à partir du 24 novembre 2026 à 10:00") {
		t.Errorf("41st to one place: %d %s", res.StatusCode, res.Body)
	}
	retryAfter("41st to one place, 10 minutes after the first", res, "85800")
	if res := post(tb, "tls-1", place.ServiceDemarches); res.StatusCode != http.StatusCreated {
		t.Errorf("another account to tls-1: %d %s", res.StatusCode, res.Body)
	}
	created++
	for i := orientationsPerPlace + 1; i <= orientationsPerAccount; i++ {
		if res := post(ta, "albi-1", place.ServiceDemarches); res.StatusCode != http.StatusCreated {
			t.Fatalf("orientation %d (albi-1): %d %s", i, res.StatusCode, res.Body)
		}
		created++
	}
	res = post(ta, "tls-2", place.ServiceOutils)
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(res.Body, "Trop d'orientations envoyées depuis votre compte : 60 par heure au plus. Réessayez dans 50 minutes, à partir du 23 novembre 2026 à 11:00") {
		t.Errorf("61st in an hour: %d %s", res.StatusCode, res.Body)
	}
	retryAfter("61st in an hour, 10 minutes after the first", res, "3000")
	ca := sessionOf(t, ts, alice)
	form := url.Values{"besoin": {place.ServiceOutils}, "modalite": {"sans-rendez-vous"}, "message": {"Atelier tablette."}}
	now = monday10h.Add(30 * time.Minute)
	res = postForm(t, ts, "/lieux/tls-2/orienter", form, ca)
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(res.Body, "Trop d&#39;orientations envoyées depuis votre compte : 60 par heure au plus. Réessayez dans 30 minutes, à partir du 23 novembre 2026 à 11:00") ||
		!strings.Contains(res.Body, "Atelier tablette.") {
		t.Errorf("form, 61st in an hour: %d, want the form again with a French 429", res.StatusCode)
	}
	retryAfter("form, 61st in an hour, 30 minutes after the first", res, "1800")
	now = monday10h.Add(time.Hour - 1400*time.Millisecond)
	retryAfter("form, 1.4 s before the hour's end", postForm(t, ts, "/lieux/tls-2/orienter", form, ca), "2")
	now = monday10h.Add(time.Hour - 400*time.Millisecond)
	retryAfter("form, 0.4 s before the hour's end", postForm(t, ts, "/lieux/tls-2/orienter", form, ca), "1")
	if os, err := ts.store.ListOrientations(ctx, store.OrientationFilter{All: true}); err != nil || len(os) != created {
		t.Errorf("%d orientations stored (%v), want %d", len(os), err, created)
	}
	// An hour after the first: the account may send again, not to tls-1.
	now = monday10h.Add(time.Hour)
	if res := postForm(t, ts, "/lieux/tls-2/orienter", form, ca); res.StatusCode != http.StatusSeeOther {
		t.Errorf("form, after the hour: %d", res.StatusCode)
	}
	created++
	res = post(ta, "tls-1", place.ServiceDemarches)
	if res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("tls-1 within its day: %d", res.StatusCode)
	}
	retryAfter("tls-1, an hour after its first", res, "82800")
	now = monday10h.Add(24 * time.Hour)
	if res := post(ta, "tls-1", place.ServiceDemarches); res.StatusCode != http.StatusCreated {
		t.Errorf("tls-1 the next day: %d %s", res.StatusCode, res.Body)
	}
	created++
	deadline := time.Now().Add(5 * time.Second)
	for m.count() < created && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	if m.count() != created {
		t.Errorf("%d e-mails, want %d (one per orientation stored)", m.count(), created)
	}
}
