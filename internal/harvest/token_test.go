package harvest

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"maillage/internal/failure"
	"maillage/internal/store"
)

// leaky records the Authorization headers it is sent.
type leaky struct {
	mu   sync.Mutex
	auth []string
}

func (l *leaky) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	if a := r.Header.Get("Authorization"); a != "" {
		l.auth = append(l.auth, a)
	}
	l.mu.Unlock()
	w.Write([]byte(`{"items":[],"pages":1}`))
}

// The Coop's key and data·inclusion's token are sent only to the
// configured API's server: a source declared with another address fails
// without sending them, unless the operator allowed it (TokensElsewhere).
func TestTokenOnlyToConfiguredAPI(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		api, _ := fakeAPIs(t)
		l := &leaky{}
		other := httptest.NewServer(l)
		defer other.Close()
		env := func(k string) string {
			return map[string]string{EnvCoopKey: "client-1:secret", EnvDataInclusionToken: "jeton-di"}[k]
		}
		opt := Options{PrivateAddresses: true, Getenv: env, CoopURL: api.URL + "/api/v1/lieux-activite", DataInclusionURL: api.URL + "/di/api/v1"}
		for _, src := range []store.Source{
			{Name: "coop-ailleurs", Type: store.SourceCoop, URL: other.URL + "/api/v1/lieux-activite"},
			{Name: "di-ailleurs", Type: store.SourceDataInclusion, URL: other.URL + "/di/api/v1"},
			// The default APIs when none is configured.
			{Name: "coop-defaut", Type: store.SourceCoop, URL: other.URL + "/lieux"},
		} {
			declare(t, st, src)
			o := opt
			if src.Name == "coop-defaut" {
				o.CoopURL = ""
			}
			run, err := Harvest(context.Background(), st, src, o)
			if !errors.Is(err, failure.ErrForbidden) || !strings.Contains(run.Error, "ne part que vers le serveur de l'API configurée") {
				t.Errorf("%s: %+v, %v", src.Name, run, err)
			}
		}
		if len(l.auth) != 0 {
			t.Errorf("secrets sent to another server: %q", l.auth)
		}
		// The configured API's own server: sent.
		src := declare(t, st, store.Source{Name: "coop", Type: store.SourceCoop, URL: api.URL + "/api/v1/lieux-activite?departement=81"})
		if run, err := Harvest(context.Background(), st, src, opt); err != nil || run.Status != store.HarvestDone {
			t.Errorf("configured API: %+v, %v", run, err)
		}
		// Allowed by the operator.
		o := opt
		o.TokensElsewhere = true
		src = store.Source{Name: "di-ailleurs", Type: store.SourceDataInclusion, URL: other.URL + "/di/api/v1"}
		if _, err := Harvest(context.Background(), st, src, o); err != nil {
			t.Errorf("allowed elsewhere: %v", err)
		}
		if len(l.auth) == 0 || l.auth[0] != "Bearer jeton-di" {
			t.Errorf("allowed elsewhere, token not sent: %q", l.auth)
		}
	})
}

func TestUnderService(t *testing.T) {
	tests := []struct {
		addr, base string
		want       bool
	}{
		{"https://coop-numerique.anct.gouv.fr/api/v1/lieux-activite", CoopURL, true},
		{"https://coop-numerique.anct.gouv.fr/api/v1/lieux-activite?departement=81", CoopURL, true},
		{"https://COOP-numerique.anct.gouv.fr:443/api/v1/lieux-activite", CoopURL, true},
		{"https://coop-numerique.anct.gouv.fr/api/v1/lieux-activite-bis", CoopURL, false},
		{"https://coop-numerique.anct.gouv.fr/api/v2/lieux-activite", CoopURL, false},
		{"http://coop-numerique.anct.gouv.fr/api/v1/lieux-activite", CoopURL, false},
		{"https://coop-numerique.anct.gouv.fr.exemple.fr/api/v1/lieux-activite", CoopURL, false},
		{"https://coop-numerique.anct.gouv.fr@exemple.fr/api/v1/lieux-activite", CoopURL, false},
		{"https://api.data.inclusion.gouv.fr/api/v1/", DataInclusionURL, true},
		{"https://api.data.inclusion.gouv.fr/api/v1/structures", DataInclusionURL, true},
		{"https://api.data.inclusion.gouv.fr/api", DataInclusionURL, false},
		{"http://127.0.0.1:8080/di", "http://127.0.0.1:8080", true},
		{"http://127.0.0.1:80801/di", "http://127.0.0.1:8080", false},
		{"http://127.0.0.1:8080@exemple.fr/", "http://127.0.0.1:8080", false},
		{"/etc/passwd", CoopURL, false},
	}
	for _, tt := range tests {
		if got := underService(tt.addr, tt.base); got != tt.want {
			t.Errorf("underService(%q, %q) = %v, want %v", tt.addr, tt.base, got, tt.want)
		}
	}
}
