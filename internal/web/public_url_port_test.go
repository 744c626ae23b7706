package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A public address with the scheme's default port is the address browsers
// name without it (their Origin omits :443): it is normalised, so their
// POSTs are not refused as cross-origin. A public address with a path is
// refused at start with a French message (the routes, redirects and cookie
// path would ignore it).
func TestSiteURLDefaultPortAndPath(t *testing.T) {
	for _, tt := range []struct {
		raw, want, err string
	}{
		{"https://maillage.example:443", "https://maillage.example", ""},
		{"http://maillage.example:80/", "http://maillage.example", ""},
		{"https://maillage.example:8443", "https://maillage.example:8443", ""},
		{"HTTPS://Maillage.Example:443", "https://maillage.example", ""},
		{"https://maillage.example/annuaire", "", "chemin"},
		{"https://maillage.example/annuaire/", "", "chemin"},
	} {
		got, err := CheckSiteURL(tt.raw)
		switch {
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("CheckSiteURL(%q) = %q, %v; want %q", tt.raw, got, err, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("CheckSiteURL(%q) = %q, %v; want an error about the %s", tt.raw, got, err, tt.err)
		}
	}
	// A browser's POST to a site configured with :443 goes through.
	ts, _ := withMail(t)
	base, err := CheckSiteURL("https://maillage.example:443")
	if err != nil {
		t.Fatal(err)
	}
	ts.cfg.BaseURL = base
	req := hostileRequest(t, "POST", "/connexion", url.Values{"email": {"ada@hub.fr"}})
	req.Header.Set("Origin", "https://maillage.example")
	if res := ts.do(t, req); res.StatusCode != http.StatusOK {
		t.Errorf("a browser's POST: %d", res.StatusCode)
	}
}
