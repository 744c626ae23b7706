package main

import (
	"bytes"
	"log/slog"
	"net"
	"strings"
	"testing"
)

// serve's base of links: the configured address, or on loopback only
// http://localhost:PORT; elsewhere none, said at start.
func TestServePublicURL(t *testing.T) {
	for _, tc := range []struct {
		configured, listen, want, log string
		err                           bool
	}{
		{"https://carte.hub.fr/", "0.0.0.0:8080", "https://carte.hub.fr", "", false},
		{"https://carte.hub.fr/annuaire", "[::]:8080", "", "", true}, // a path prefix: refused (routes, redirects and cookies would ignore it)
		{"https://carte.hub.fr:443", "[::]:8080", "https://carte.hub.fr", "", false},
		{"", "127.0.0.1:8080", "http://127.0.0.1:8080", "écoute locale", false},
		{"", "[::1]:9000", "http://[::1]:9000", "écoute locale", false},
		{"", "0.0.0.0:8080", "", "aucun courriel de connexion ne sera envoyé", false},
		{"", "192.0.2.10:8080", "", "aucun lieu ne sera prévenu des orientations", false},
		{"carte.hub.fr", "127.0.0.1:8080", "", "", true},
		{"javascript:alert(1)", "127.0.0.1:8080", "", "", true},
		{"https://carte.hub.fr/?x=1", "127.0.0.1:8080", "", "", true},
		{"https://u:p@carte.hub.fr", "127.0.0.1:8080", "", "", true},
	} {
		addr, err := net.ResolveTCPAddr("tcp", tc.listen)
		if err != nil {
			t.Fatal(err)
		}
		var logs bytes.Buffer
		got, err := publicURL(tc.configured, addr, slog.New(slog.NewTextHandler(&logs, nil)))
		if (err != nil) != tc.err || got != tc.want || !strings.Contains(logs.String(), tc.log) {
			t.Errorf("%q on %s: got %q, %v, log %q", tc.configured, tc.listen, got, err, logs.String())
		}
		if err != nil && !strings.Contains(err.Error(), "adresse publique") {
			t.Errorf("%q: error not in French: %v", tc.configured, err)
		}
	}
}
