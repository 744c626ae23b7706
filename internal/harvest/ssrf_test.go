package harvest

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"maillage/internal/failure"
	"maillage/internal/store"
)

// TestRefusedAddresses: the addresses a harvest may not connect to, with
// and without the private addresses allowed. The oracle is the address
// plans (RFC 1918, 3927, 4193, 4291, 6598, 6052), not the code.
func TestRefusedAddresses(t *testing.T) {
	for _, tt := range []struct {
		addr            string
		strict, lenient bool // refused without, with private addresses allowed
	}{
		{"93.184.215.14", false, false},
		{"2a00:1450:4007:80e::200e", false, false},
		{"169.254.169.254", true, true}, // cloud metadata
		{"169.254.0.1", true, true},
		{"fe80::1", true, true},
		{"::ffff:169.254.169.254", true, true},
		{"64:ff9b::a9fe:a9fe", true, true}, // 169.254.169.254 through NAT64
		{"0.0.0.0", true, true},
		{"0.1.2.3", true, true},
		{"::", true, true},
		{"224.0.0.1", true, true},
		{"127.0.0.1", true, false},
		{"127.1.2.3", true, false},
		{"::1", true, false},
		{"::ffff:127.0.0.1", true, false},
		{"10.1.2.3", true, false},
		{"172.16.0.1", true, false},
		{"172.31.255.255", true, false},
		{"172.32.0.1", false, false},
		{"192.168.1.1", true, false},
		{"fd00:ec2::254", true, false}, // a cloud's metadata in a unique local range
		{"100.64.0.1", true, false},
		{"100.100.100.200", true, false},
		{"64:ff9b::a01:203", true, false}, // 10.1.2.3 through NAT64
	} {
		ip := netip.MustParseAddr(tt.addr)
		if got := refusal(ip, false) != ""; got != tt.strict {
			t.Errorf("%s refused: %v, want %v (private addresses not allowed)", tt.addr, got, tt.strict)
		}
		if got := refusal(ip, true) != ""; got != tt.lenient {
			t.Errorf("%s refused: %v, want %v (private addresses allowed)", tt.addr, got, tt.lenient)
		}
	}
}

// TestHarvestRefusesInternalAddresses: a declared source cannot make the
// server fetch its own network. The check is made when connecting, after
// the name is resolved (localhost is a name), and on every redirect; the
// cloud's metadata stays refused even when private addresses are
// allowed; only http and https are fetched. Each refusal names the
// source, the address and the rule, in French.
func TestHarvestRefusesInternalAddresses(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		fake := &fakeFile{body: readFile(t, "testdata/standard/hub-v1.csv"), etag: `"v1"`}
		srv := httptest.NewServer(fake)
		defer srv.Close()
		metadata := httptest.NewServer(http.RedirectHandler("http://169.254.169.254/latest/meta-data/", http.StatusFound))
		defer metadata.Close()
		port := srv.URL[strings.LastIndex(srv.URL, ":"):]

		for _, tt := range []struct {
			name, url string
			private   bool
			want      []string
		}{
			{"boucle", srv.URL + "/lieux.csv", false, []string{"« boucle »", srv.URL + "/lieux.csv", "127.0.0.1", "adresse de bouclage", "MAILLAGE_MOISSON_ADRESSES_PRIVEES"}},
			{"par-nom", "http://localhost" + port + "/lieux.csv", false, []string{"« par-nom »", "http://localhost" + port, "adresse de bouclage"}},
			{"metadonnees", metadata.URL + "/lieux.csv", true, []string{"« metadonnees »", metadata.URL + "/lieux.csv", "169.254.169.254", "lien-local"}},
		} {
			src := declare(t, st, store.Source{Name: tt.name, Type: store.SourceStandard, URL: tt.url})
			run, err := Harvest(ctx, st, src, Options{PrivateAddresses: tt.private})
			if !errors.Is(err, failure.ErrForbidden) {
				t.Errorf("%s: %v, want a refusal", tt.name, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(run.Error, w) {
					t.Errorf("%s: the error %q does not say %q", tt.name, run.Error, w)
				}
			}
			if run.Status != store.HarvestFailed {
				t.Errorf("%s: status %s", tt.name, run.Status)
			}
		}
		if n := len(fake.requests); n != 0 {
			t.Errorf("the loopback server was asked %d times", n)
		}
		// Allowed, the same loopback source is harvested.
		src, err := st.Source(ctx, "boucle")
		if err != nil {
			t.Fatal(err)
		}
		if run, err := Harvest(ctx, st, src, Options{PrivateAddresses: true}); err != nil || run.Created == 0 {
			t.Errorf("loopback allowed: %+v, %v", run, err)
		}
	})
}

// TestSchemesRefused: a source's address is a file of the machine (given
// on the command line), or an http(s) URL; file:// and other schemes
// are refused, at declaration and at harvest.
func TestSchemesRefused(t *testing.T) {
	for _, u := range []string{"file:///etc/passwd", "FILE:///etc/passwd", "gopher://exemple.fr/lieux", "ftp://exemple.fr/lieux.csv", "jar:file:///x!/y"} {
		src := store.Source{Name: "hub", Type: store.SourceStandard, URL: u}
		err := Check(&src)
		if !errors.Is(err, failure.ErrInvalid) || !strings.Contains(failure.MessageOf(err), "http") || !strings.Contains(failure.MessageOf(err), u) {
			t.Errorf("%s declared: %v, want a French refusal naming it", u, err)
		}
	}
	engines(t, func(t *testing.T, st store.Store) {
		// Declared before the rule: refused when harvested.
		src := declare(t, st, store.Source{Name: "fichier", Type: store.SourceStandard, URL: "file:///etc/passwd"})
		run, err := Harvest(context.Background(), st, src, Options{})
		if err == nil || !strings.Contains(run.Error, "« fichier »") || !strings.Contains(run.Error, "file:///etc/passwd") || !strings.Contains(run.Error, "https://") {
			t.Errorf("file:// harvested: %+v, %v", run, err)
		}
	})
}
