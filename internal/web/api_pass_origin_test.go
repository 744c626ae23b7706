package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"maillage/internal/pass"
	"maillage/internal/place"
)

// A redemption through the API authenticates by its token alone: the
// browser's cross-origin check (meant for the session cookie's forms) does
// not refuse it, whatever Origin and Sec-Fetch-Site a program or a page of
// another site sends, with or without a public address; the same
// redemption through the counter's form, authenticated by the session
// cookie, is still refused when it comes from another site.
func TestAPIPassTokenSkipsOriginCheck(t *testing.T) {
	for _, public := range []string{"", "https://maillage.example"} {
		f := newPassAPI(t)
		f.ts.cfg.BaseURL = public
		for i, tc := range []struct {
			name, origin, fetchSite string
		}{
			{"no Origin", "", ""},
			{"no Origin, cross-site", "", "cross-site"},
			{"another site's page", "https://caisse.example", "cross-site"},
			{"Origin null", "null", ""},
			{"Origin null, cross-site", "null", "cross-site"},
		} {
			req := httptest.NewRequest("POST", "/api/v1/pass/"+url.PathEscape(f.handed[i].Code)+"/utilisation",
				strings.NewReader(redemptionJSON("tls-1", place.ServiceDemarches)))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+f.tokens["epn"])
			req.Header.Set("Idempotency-Key", "origine-"+tc.name)
			if tc.origin != "" {
				req.Header.Set("Origin", tc.origin)
			}
			if tc.fetchSite != "" {
				req.Header.Set("Sec-Fetch-Site", tc.fetchSite)
			}
			if res := f.ts.do(t, req); res.StatusCode != http.StatusCreated {
				t.Errorf("public %q, %s: status %d, want 201: %.300s", public, tc.name, res.StatusCode, res.Body)
			}
		}
	}

	// The counter's form, with the session cookie: still checked.
	w := newPassWorld(t)
	form := url.Values{"code": {w.passes[0].Code}, "lieu": {"tls-1"}, "service": {place.ServiceDemarches}, "cle": {"comptoir-1"}}
	for _, tc := range []struct {
		name, origin, fetchSite string
		refused                 bool
	}{
		{"another site", "https://evil.example", "cross-site", true},
		{"cross-site without Origin", "", "cross-site", true},
		{"same origin", "", "same-origin", false},
	} {
		req := httptest.NewRequest("POST", "/pass/utiliser", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: w.structureC})
		if tc.origin != "" {
			req.Header.Set("Origin", tc.origin)
		}
		req.Header.Set("Sec-Fetch-Site", tc.fetchSite)
		res := w.ts.do(t, req)
		if refused := res.StatusCode == http.StatusForbidden && strings.Contains(res.Body, "depuis un autre site"); refused != tc.refused {
			t.Errorf("form, %s: status %d, refused=%v, want %v", tc.name, res.StatusCode, refused, tc.refused)
		}
		if st := w.state(t, w.passes[0].Code); (st == pass.Utilise) == tc.refused {
			t.Errorf("form, %s: pass %s after the request", tc.name, st)
		}
	}
}
