package web

import (
	"io"
	"log/slog"
	"net/url"
	"strings"
	"testing"

	"maillage/internal/mail"
)

// The sign-in page says one true thing about how links leave: written to
// the log (development), not sent at all (no public address), or nothing.
func TestSignInPageOneMailMessage(t *testing.T) {
	const devMode, disabled = "Mode développement", "L'envoi de liens de connexion est désactivé"
	for _, tt := range []struct {
		name    string
		baseURL string
		logs    bool
		want    string
	}{
		{"no public address, no SMTP", "", true, disabled},
		{"public address, no SMTP", "http://maillage.test", true, devMode},
		{"public address and SMTP", "http://maillage.test", false, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestServer(t, fixture()...)
			ts.cfg.BaseURL = tt.baseURL
			if tt.logs {
				ts.cfg.Mail = mail.Log{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
			} else {
				ts.cfg.Mail = &fakeMail{}
			}
			pages := map[string]string{
				"GET /connexion":               ts.get(t, "/connexion").Body,
				"POST /connexion":              postFrom(t, ts, "192.0.2.1:1", "/connexion", url.Values{"email": {"x@exemple.fr"}}).Body,
				"POST /connexion/mot-de-passe": postFrom(t, ts, "192.0.2.1:1", "/connexion/mot-de-passe", url.Values{"email": {"x@exemple.fr"}}).Body,
			}
			for page, body := range pages {
				for _, msg := range []string{devMode, disabled} {
					if got := strings.Contains(body, msg); got != (msg == tt.want) {
						t.Errorf("%s: %q shown: %v", page, msg, got)
					}
				}
			}
		})
	}
}
