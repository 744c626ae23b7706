package web

import (
	"bytes"
	"log/slog"
	"net/http"
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
