package web

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"maillage/internal/account"
	"maillage/internal/place"
)

// syncBuffer is a log destination that the background e-mails may write
// to while a test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestOrientationWithoutPublicURL: a site without a public address
// (--url-publique, on a non-local listener) cannot send the place its
// answer link. The form and the prescriber's page say the place is not
// told and why; the log says so and promises no reminder. With an
// address, the place is told, as the pages say.
func TestOrientationWithoutPublicURL(t *testing.T) {
	const notTold = "ce site n'a pas d'adresse publique configurée"
	for _, tc := range []struct {
		base    string
		told    bool
		logWant string
	}{
		{"", false, "lieu non prévenu, l'adresse publique du site n'est pas configurée"},
		{"http://maillage.test", true, ""},
	} {
		t.Run("base="+tc.base, func(t *testing.T) {
			ts, m := withMail(t)
			ts.cfg.BaseURL = tc.base
			var logs syncBuffer
			ts.log = slog.New(slog.NewTextHandler(&logs, nil))
			alice := mustUser(t, ts, account.User{Email: "as@ccas.fr", Role: account.Contributeur})
			ca := sessionOf(t, ts, alice)

			res := getAs(t, ts, "/lieux/tls-1/orienter", ca)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("form: %d", res.StatusCode)
			}
			if got := strings.Contains(res.Body, notTold); got == tc.told {
				t.Errorf("form says the place is not told because of the site's address: %v", got)
			}
			if got := strings.Contains(res.Body, "le lieu est prévenu à son adresse publiée"); got != tc.told {
				t.Errorf("form says the place is told: %v", got)
			}
			res = postForm(t, ts, "/lieux/tls-1/orienter", url.Values{"besoin": {place.ServiceDemarches}, "modalite": {"sans-rendez-vous"}}, ca)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("orienting: %d %s", res.StatusCode, res.Body)
			}
			res = getAs(t, ts, res.Header.Get("Location"), ca)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("the orientation's page: %d", res.StatusCode)
			}
			if got := strings.Contains(res.Body, "Le lieu n'a pas été prévenu : "+notTold); got == tc.told {
				t.Errorf("page says the place was not told because of the site's address: %v", got)
			}
			if got := strings.Contains(res.Body, "Le lieu est prévenu à son adresse publiée"); got != tc.told {
				t.Errorf("page says the place is told: %v", got)
			}
			if tc.told {
				if !m.waitForBody(t, "contact@exemple.fr", "Une personne vient d'être orientée") {
					t.Errorf("the place got no e-mail")
				}
			} else if m.count() != 0 {
				t.Errorf("e-mails sent: %q", m.sent)
			}
			log := logs.String()
			if !strings.Contains(log, tc.logWant) || (!tc.told && strings.Contains(log, "rappel partira")) {
				t.Errorf("log: %s", log)
			}
		})
	}
}

// TestAPIOrientationPlaceTold: POST /api/v1/orientations says whether the
// place gets its answer link (lieu_prevenu) and why not: a site without
// a public address, a place that publishes no e-mail address. The
// orientation is recorded in every case.
func TestAPIOrientationPlaceTold(t *testing.T) {
	noMail := lieu("sans-courriel", 43.60, 1.44, func(l *place.Lieu) {
		l.Nom, l.Commune, l.CodeINSEE, l.CodePostal = "Point d'accès sans courriel", "Toulouse", "31555", "31000"
		l.Services, l.Courriels = []string{place.ServiceDemarches}, nil
	})
	for _, tc := range []struct {
		name, base, lieu string
		told             bool
		why              string
	}{
		{"site with a public address", "http://maillage.test", "tls-1", true, ""},
		{"site without a public address", "", "tls-1", false, "site-sans-adresse-publique"},
		{"place without e-mail", "http://maillage.test", "sans-courriel", false, "lieu-sans-courriel"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := newTestServer(t, append(fixture(), noMail)...)
			ts.cfg.Mail = &fakeMail{}
			ts.cfg.BaseURL = tc.base
			alice := mustUser(t, ts, account.User{Email: "as@ccas.fr", Role: account.Contributeur})
			tok, _, err := ts.store.CreateAPIToken(context.Background(), alice, "logiciel", monday10h, "test")
			if err != nil {
				t.Fatal(err)
			}
			req := httptest.NewRequest("POST", "/api/v1/orientations", strings.NewReader(
				`{"besoin": "Aide aux démarches administratives", "lieu": "`+tc.lieu+`", "modalite": "sans-rendez-vous"}`))
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Content-Type", "application/json")
			res := ts.do(t, req)
			if res.StatusCode != http.StatusCreated {
				t.Fatalf("%d %s", res.StatusCode, res.Body)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(res.Body), &got); err != nil {
				t.Fatal(err)
			}
			if got["lieu_prevenu"] != tc.told {
				t.Errorf("lieu_prevenu = %v, want %v (%s)", got["lieu_prevenu"], tc.told, res.Body)
			}
			if why, _ := got["motif_non_prevenu"].(string); why != tc.why {
				t.Errorf("motif_non_prevenu = %q, want %q", why, tc.why)
			}
			if _, err := ts.store.Orientation(context.Background(), int64(got["id"].(float64))); err != nil {
				t.Errorf("the orientation is not recorded: %v", err)
			}
		})
	}
}
