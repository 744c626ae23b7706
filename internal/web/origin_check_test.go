package web

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// With a public address, a form's Origin must be that address: a forged
// Host equal to a foreign Origin does not pass, and a proxy that does not
// forward Host does not break the site's own forms.
func TestOriginCheckUsesPublicURL(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ts.cfg.BaseURL = "https://maillage.example"
	for _, tc := range []struct {
		name, host, origin, fetchSite, referer string
		refused                                bool
	}{
		{"forged Host and Origin", "evil.example", "https://evil.example", "", "", true},
		{"foreign Origin, right Host", "maillage.example", "https://evil.example", "", "", true},
		{"foreign Origin, same-origin claimed", "evil.example", "https://evil.example", "same-origin", "", true},
		{"cross-site without Origin", "maillage.example", "", "cross-site", "", true},
		{"own Origin behind a proxy", "127.0.0.1:8080", "https://maillage.example", "", "", false},
		{"own Origin, any case", "maillage.example", "https://Maillage.Example", "same-origin", "", false},
		{"no Origin, same-origin", "maillage.example", "", "same-origin", "", false},
		{"Origin null from a no-referrer page", "maillage.example", "null", "same-origin", "", false},
		{"Origin null, cross-site", "maillage.example", "null", "cross-site", "", true},
		{"Origin null, no Sec-Fetch-Site", "maillage.example", "null", "", "", true},
		// Neither Origin nor Sec-Fetch-Site: the Referer decides, against
		// the public address, never the request's Host.
		{"cross-site Referer only", "maillage.example", "", "", "http://evil.example/x", true},
		{"cross-site Referer, forged Host", "evil.example", "", "", "http://evil.example/x", true},
		{"Referer of another port", "maillage.example", "", "", "https://maillage.example:8443/pass", true},
		{"Referer not a URL", "maillage.example", "", "", "::", true},
		{"Origin null, foreign Referer", "maillage.example", "null", "", "https://evil.example/", true},
		{"own Referer only", "127.0.0.1:8080", "", "", "https://maillage.example/connexion?suite=/espace", false},
		{"own Referer, any case", "maillage.example", "", "", "HTTPS://MAILLAGE.example/", false},
		{"foreign Referer, same-origin (a browser sends Referer as it likes)", "maillage.example", "", "same-origin", "https://evil.example/", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/connexion", strings.NewReader(url.Values{"email": {"a@b.fr"}}.Encode()))
			req.Host = tc.host
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tc.origin != "" {
				req.Header.Set("Origin", tc.origin)
			}
			if tc.referer != "" {
				req.Header.Set("Referer", tc.referer)
			}
			if tc.fetchSite != "" {
				req.Header.Set("Sec-Fetch-Site", tc.fetchSite)
			}
			res := ts.do(t, req)
			if refused := res.StatusCode == 403; refused != tc.refused {
				t.Fatalf("status %d, refused=%v, want %v: %.300s", res.StatusCode, refused, tc.refused, res.Body)
			}
			if tc.refused && !strings.Contains(res.Body, "depuis un autre site") {
				t.Errorf("refusal not explained in French: %.300s", res.Body)
			}
		})
	}
}
