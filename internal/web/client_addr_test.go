package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func TestClientAddr(t *testing.T) {
	trusted, err := ParseTrustedProxies(" 10.0.0.0/8, fd00::/8 ,192.0.2.7")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		remote string
		xff    []string
		want   string
	}{
		{"203.0.113.5:4000", nil, "203.0.113.5"},
		// An untrusted peer's headers are its own claims.
		{"203.0.113.5:4000", []string{"198.51.100.1"}, "203.0.113.5"},
		{"10.0.0.1:80", []string{"198.51.100.1"}, "198.51.100.1"},
		{"192.0.2.7:80", []string{"198.51.100.1"}, "198.51.100.1"},
		// The client may prepend anything: read from the right.
		{"10.0.0.1:80", []string{"1.1.1.1, 198.51.100.1"}, "198.51.100.1"},
		{"10.0.0.1:80", []string{"1.1.1.1, 198.51.100.1, 10.0.0.2"}, "198.51.100.1"},
		{"10.0.0.1:80", []string{"1.1.1.1", "198.51.100.1, 10.0.0.2"}, "198.51.100.1"},
		{"10.0.0.1:80", []string{"garbage, 10.0.0.2"}, "10.0.0.2"},
		{"10.0.0.1:80", nil, "10.0.0.1"},
		{"[fd00::1]:80", []string{"2001:db8:1:2:3:4:5:6"}, "2001:db8:1:2::/64"},
		{"[2001:db8::1]:80", nil, "2001:db8::/64"},
		{"[::ffff:10.0.0.1]:80", []string{"198.51.100.1"}, "198.51.100.1"},
	} {
		req := httptest.NewRequest("GET", "/", nil)
		req.RemoteAddr = tc.remote
		for _, v := range tc.xff {
			req.Header.Add("X-Forwarded-For", v)
		}
		if got := clientAddr(req, trusted); got != tc.want {
			t.Errorf("%s %q: %q, want %q", tc.remote, tc.xff, got, tc.want)
		}
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.local", "10.0.0.1-10.0.0.9"} {
		if _, err := ParseTrustedProxies(bad); err == nil || !strings.Contains(err.Error(), "mandataire de confiance") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

// Behind a trusted load balancer each client has its own limit; a client
// that is not a trusted proxy cannot escape its limit with the header.
func TestRateLimitsBehindProxy(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	trusted, err := ParseTrustedProxies("10.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	ts.cfg.TrustedProxies = trusted
	ts.h = ts.Handler()
	report := func(remote, xff string) int {
		form := url.Values{"champ": {"horaires"}, "message": {"Fermé le lundi."}}
		req := httptest.NewRequest("POST", "/lieux/tls-1/signaler", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = remote
		if xff != "" {
			req.Header.Set("X-Forwarded-For", xff)
		}
		return ts.do(t, req).StatusCode
	}
	for i := 0; i < 5; i++ {
		if st := report("10.0.0.1:5000", "198.51.100.1"); st != http.StatusSeeOther {
			t.Fatalf("report %d: %d", i, st)
		}
	}
	if st := report("10.0.0.1:5000", "198.51.100.1"); st != http.StatusTooManyRequests {
		t.Errorf("sixth report of one client: %d", st)
	}
	if st := report("10.0.0.1:5001", "198.51.100.2"); st != http.StatusSeeOther {
		t.Errorf("another client behind the proxy is limited too: %d", st)
	}
	for i := 0; i < 5; i++ {
		report("203.0.113.9:5000", "198.51.100.10")
	}
	if st := report("203.0.113.9:5000", "198.51.100.11"); st != http.StatusTooManyRequests {
		t.Errorf("an untrusted client escapes its limit by the header: %d", st)
	}
}
