package coopapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"maillage/internal/activity"
)

// recorded serves the answers of testdata: by département and first day
// asked, or the status and file set for the next requests.
type recorded struct {
	mu       sync.Mutex
	requests []*http.Request
	// script: answers given in turn before the files (status, Retry-After, file).
	script []answer
}

type answer struct {
	status     int
	retryAfter string
	file       string
}

func (r *recorded) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.requests = append(r.requests, req)
	var a answer
	if len(r.script) > 0 {
		a, r.script = r.script[0], r.script[1:]
	}
	r.mu.Unlock()
	if req.URL.Path != "/api/v1/statistiques" || req.Header.Get("Authorization") != "Bearer client-1:secret-1" {
		http.Error(w, `{"error":"Forbidden"}`, http.StatusForbidden)
		return
	}
	if a.status == 0 {
		q := req.URL.Query()
		a = answer{status: 200, file: "statistiques-" + q.Get("filter[departements]") + "-" + q.Get("filter[du]")[:7] + ".json"}
	}
	body, err := os.ReadFile(filepath.Join("testdata", a.file))
	if err != nil {
		http.Error(w, `{"error":"not found"}`, http.StatusNotFound)
		return
	}
	if a.retryAfter != "" {
		w.Header().Set("Retry-After", a.retryAfter)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(a.status)
	w.Write(body)
}

func newClient(t *testing.T, rec *recorded) (*Client, *[]time.Duration) {
	t.Helper()
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	var waits []time.Duration
	return &Client{BaseURL: srv.URL + "/api/v1/", Key: "client-1:secret-1", HTTP: srv.Client(), Retries: 2, MaxWait: time.Minute,
		Sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil },
		Now:   func() time.Time { return time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC) }}, &waits
}

// TestMonth: a département-month is asked with the Coop's filters and the
// bearer « id:secret », and read into our vocabularies; the figures are
// those written in the file, counted by hand.
func TestMonth(t *testing.T) {
	rec := &recorded{}
	c, _ := newClient(t, rec)
	g, err := c.Month(context.Background(), "81", "2026-10")
	if err != nil {
		t.Fatal(err)
	}
	want := activity.APIAggregate{Departement: "81", Month: "2026-10", Activities: 17, Individual: 15, Workshops: 2, WorkshopParticipants: 10,
		Accompaniments: 25, Beneficiaries: 21,
		Thematics: map[string]int{"diagnostic_numerique": 2, "email": 6, activity.AideDemarches: 9, "intelligence_artificielle": 3, "logement": 4, "argent_impots": 4},
		Durations: map[string]int{"30": 3, "60": 10, "120": 3, "more": 1}, PlaceTypes: map[string]int{"lieu_activite": 14, "a_distance": 2, "domicile": 1},
		Genders: map[string]int{"masculin": 8, "feminin": 11, "non_communique": 2}, AgeBands: map[string]int{"soixante_dix_plus": 9, "quarante_cinquante_neuf": 7, "non_communique": 5},
		Statuses: map[string]int{"retraite": 12, "en_emploi": 4, "non_communique": 5}}
	if !reflect.DeepEqual(g, want) {
		t.Errorf("read:\n got %+v\nwant %+v", g, want)
	}
	if len(rec.requests) != 1 {
		t.Fatalf("%d requests", len(rec.requests))
	}
	q := rec.requests[0].URL.Query()
	if q.Get("filter[du]") != "2026-10-01" || q.Get("filter[au]") != "2026-10-31" || q.Get("filter[departements]") != "81" {
		t.Errorf("filters: %v", q)
	}
	if strings.Contains(rec.requests[0].URL.String(), "secret") {
		t.Error("the key is in the URL")
	}
}

// TestMonthErrors: refusals and bad bodies are French errors naming the
// département and month and never the key; a 429 waits its Retry-After
// (seconds or a date) and asks again, a 429 asking for more than the
// allowed wait gives up.
func TestMonthErrors(t *testing.T) {
	for _, tt := range []struct {
		name   string
		script []answer
		want   string // in the error; "" for success
		waits  []time.Duration
	}{
		{"401", []answer{{status: 401, file: "erreur-403.json"}}, "clé refusée (HTTP 401)", nil},
		{"500", []answer{{status: 500, file: "erreur-500.json"}}, "HTTP 500 : « Internal server error » ; rien n'est importé", nil},
		{"429 then ok", []answer{{status: 429, retryAfter: "7", file: "erreur-500.json"}}, "", []time.Duration{7 * time.Second}},
		{"429 as a date", []answer{{status: 429, retryAfter: "Wed, 02 Dec 2026 12:00:30 GMT", file: "erreur-500.json"}}, "", []time.Duration{30 * time.Second}},
		{"429 too long", []answer{{status: 429, retryAfter: "3600", file: "erreur-500.json"}}, "HTTP 429, réessayer dans 1h0m0s", nil},
		{"429 thrice", []answer{{status: 429, retryAfter: "1", file: "erreur-500.json"}, {status: 429, retryAfter: "1", file: "erreur-500.json"},
			{status: 429, retryAfter: "1", file: "erreur-500.json"}}, "HTTP 429, encore après 3 essai(s)", []time.Duration{time.Second, time.Second}},
		{"truncated", []answer{{status: 200, file: "statistiques-tronquee.json"}}, "réponse illisible : JSON illisible", nil},
		{"negative", []answer{{status: 200, file: "statistiques-negatif.json"}}, "« totaux.activites.collectifs.participants » vaut « -4 »", nil},
		{"unknown value", []answer{{status: 200, file: "statistiques-valeur-inconnue.json"}}, "valeur « Teleportation » inconnue", nil},
	} {
		rec := &recorded{script: tt.script}
		c, waits := newClient(t, rec)
		g, err := c.Month(context.Background(), "81", "2026-10")
		switch {
		case tt.want == "" && (err != nil || g.Accompaniments != 25):
			t.Errorf("%s: %v %+v", tt.name, err, g)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "département 81, 2026-10")):
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		case err != nil && strings.Contains(err.Error(), "secret-1"):
			t.Errorf("%s: the key is in the message: %v", tt.name, err)
		}
		if !reflect.DeepEqual(*waits, tt.waits) {
			t.Errorf("%s: waited %v, want %v", tt.name, *waits, tt.waits)
		}
	}
}

// TestParseIncoherent: figures that do not add up are refused.
func TestParseIncoherent(t *testing.T) {
	body, err := os.ReadFile("testdata/statistiques-81-2026-10.json")
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(body), `"participants": 10`, `"participants": 11`, 1)
	rec := &recorded{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.ServeHTTP(httptest.NewRecorder(), r)
		w.Write([]byte(bad))
	}))
	defer srv.Close()
	c := &Client{BaseURL: srv.URL + "/api/v1", Key: "client-1:secret-1"}
	if _, err := c.Month(context.Background(), "81", "2026-10"); err == nil || !strings.Contains(err.Error(), "somme-accompagnements") {
		t.Errorf("incoherent: %v", err)
	}
	for _, s := range []string{"", "null", "[]", `{"data":{"type":"lieux"}}`, `{"errors":[{"status":"403"}]}`, `{"data":{"type":"statistiques","attributes":{}}}`, string(body) + "x"} {
		if _, err := Parse([]byte(s)); err == nil {
			t.Errorf("Parse(%.40q) accepted", s)
		}
	}
}

func TestSnakeCase(t *testing.T) {
	for in, want := range map[string]string{"ADistance": "a_distance", "SoixanteDixPlus": "soixante_dix_plus", "Email": "email",
		"AideAuxDemarchesAdministratives": "aide_aux_demarches_administratives", "email": "email"} {
		if got := snakeCase(in); got != want {
			t.Errorf("%s: %s, want %s", in, got, want)
		}
	}
}

// FuzzParse: any body is read or refused with an error, never a panic; a
// body read gives counts within bounds and values of our vocabularies.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"statistiques-81-2026-10.json", "statistiques-81-2026-11.json", "statistiques-tronquee.json", "erreur-403.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		g, err := Parse(body)
		if err != nil {
			if g.Accompaniments != 0 && err.Error() == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		g.Departement, g.Month = "81", "2026-10"
		for _, p := range g.Validate() {
			if p.Rule != "somme-activites" && p.Rule != "somme-accompagnements" {
				t.Fatalf("Parse accepted what Validate refuses: %v", p)
			}
		}
	})
}

// TestMonthNoRedirect: a redirect, even to the same host on another port,
// is not followed (the second server never sees the key) and the error
// names the Location; a server echoing the key in its error has it
// blanked out of the message.
func TestMonthNoRedirect(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("Authorization"))
		mu.Unlock()
		http.Error(w, `{"error":"x"}`, http.StatusNotFound)
	}))
	defer other.Close()
	first := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/api/v1/statistiques?x=1", http.StatusFound)
	}))
	defer first.Close()
	c := &Client{BaseURL: first.URL + "/api/v1", Key: "client-1:secret-1", HTTP: first.Client()}
	_, err := c.Month(context.Background(), "81", "2026-10")
	if err == nil || !strings.Contains(err.Error(), "redirection vers « "+other.URL+"/api/v1/statistiques?x=1 » non suivie") {
		t.Errorf("redirect: %v", err)
	}
	mu.Lock()
	if len(seen) != 0 {
		t.Errorf("the redirect was followed, the other server got %q", seen)
	}
	mu.Unlock()

	for _, echo := range []string{`{"error":"bad key Bearer client-1:secret-1"}`, `{"error":"bad key client-1:secret-1"}`, `{"error":"bad secret secret-1"}`, `{"error":"bad bearer  abc.def"}`} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, echo, http.StatusBadRequest)
		}))
		c := &Client{BaseURL: srv.URL + "/api/v1", Key: "client-1:secret-1", HTTP: srv.Client()}
		_, err := c.Month(context.Background(), "81", "2026-10")
		srv.Close()
		if err == nil || strings.Contains(err.Error(), "secret-1") || strings.Contains(err.Error(), "abc.def") || !strings.Contains(err.Error(), "[clé masquée]") {
			t.Errorf("echo %s: %v", echo, err)
		}
	}
}
