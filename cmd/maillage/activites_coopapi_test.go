package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// coopAPIServer serves the recorded answers of internal/coopapi/testdata
// (written by hand from the Coop's documented schema) on loopback, by
// département and month; fail, when set, answers instead.
type coopAPIServer struct {
	dir  string // the recorded answers' folder, absolute
	mu   sync.Mutex
	fail func(w http.ResponseWriter, month string) bool
	hits int
}

func (c *coopAPIServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	c.hits++
	fail := c.fail
	c.mu.Unlock()
	if r.URL.Path != "/api/v1/statistiques" || r.Header.Get("Authorization") != "Bearer hub-81:s3cr3t" {
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"error":"Forbidden"}`))
		return
	}
	q := r.URL.Query()
	month := q.Get("filter[du]")[:7]
	if fail != nil && fail(w, month) {
		return
	}
	body, err := os.ReadFile(filepath.Join(c.dir, "statistiques-"+q.Get("filter[departements]")+"-"+month+".json"))
	if err != nil {
		http.Error(w, `{"error":"no data"}`, http.StatusNotFound)
		return
	}
	w.Write(body)
}

func csvValue(t *testing.T, out, indicator string) string {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if k, v, ok := strings.Cut(line, ","); ok && k == indicator {
			return v
		}
	}
	return ""
}

// TestActivitesImportCoopAPI: the Coop's API statistics of the Tarn for
// October and November 2026 are imported from recorded answers; the same
// import again changes nothing; the statistics count November's API
// figures (8 accompaniments) in place of the Coop export's workshop of the
// Tarn that month (3, the same accompaniments), and keep the export's
// Haute-Garonne figures; a failing API (malformed body, 401, 429 for too
// long, 500) is a French error that names no key, and what was imported
// stays.
func TestActivitesImportCoopAPI(t *testing.T) {
	src, err := filepath.Abs(coopExport)
	if err != nil {
		t.Fatal(err)
	}
	answers, err := filepath.Abs(filepath.Join("..", "..", "internal", "coopapi", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	api := &coopAPIServer{dir: answers}
	srv := httptest.NewServer(api)
	defer srv.Close()
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	at := func() time.Time { return time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC) }
	env := map[string]string{"MAILLAGE_COOP_API_URL": srv.URL + "/api/v1", "MAILLAGE_COOP_API_CLE": "hub-81:s3cr3t", "MAILLAGE_HUB_PERIMETRE": "departement:81"}
	cmd := func(want int, args ...string) result {
		t.Helper()
		r := runCmdAt(t, at, dir, env, append(args, "--db", db)...)
		if r.code != want {
			t.Fatalf("%v: status %d, want %d: %+v", args, r.code, want, r)
		}
		return r
	}
	stats := func(territory string) string {
		t.Helper()
		return cmd(0, "activites", "statistiques", "--territoire", territory, "--du", "2026-11-01", "--au", "2026-11-30", "--format", "csv").stdout
	}
	cmd(1, "activites", "importer", "--format", "coop", src) // 2 lines refused: status 1
	before := stats("departement:81")
	if csvValue(t, before, "accompagnements") != "3" || csvValue(t, before, "source:import_coop") != "3" || strings.Contains(before, "source:api_coop") {
		t.Fatalf("the export's November in the Tarn (a workshop of 3):\n%s", before)
	}

	r := cmd(0, "activites", "importer", "--coop-api", "--du", "2026-10-01", "--au", "2026-11-30")
	host := strings.TrimPrefix(srv.URL, "http://")
	if want := "API de la Coop (" + host + "), départements 81, du 2026-10-01 au 2026-11-30 : 2 départements-mois, 2 ajoutés, 0 remplacé, 0 inchangé\n"; r.stdout != want {
		t.Errorf("import: %q, want %q", r.stdout, want)
	}
	if r := cmd(0, "activites", "importer", "--coop-api", "--departements", "81", "--du", "2026-10-01", "--au", "2026-11-30"); !strings.HasSuffix(r.stdout, ": 2 départements-mois, 0 ajouté, 0 remplacé, 2 inchangés\n") {
		t.Errorf("the same import again: %q", r.stdout)
	}
	tarn := stats("departement:81")
	for indicator, want := range map[string]string{
		"accompagnements": "8", "activites_individuelles": "5", "ateliers": "1", "participants_ateliers": "3",
		"source:import_coop": "0", "source:api_coop": "8", "thematique:navigation_sur_internet": "6",
	} {
		if got := csvValue(t, tarn, indicator); got != want {
			t.Errorf("Tarn, November: %s = %q, want %s", indicator, got, want)
		}
	}
	if hg := stats("departement:31"); csvValue(t, hg, "accompagnements") != "1" || strings.Contains(hg, "source:api_coop") {
		t.Errorf("Haute-Garonne keeps its export's figures:\n%s", hg)
	}
	// October: the API alone (the export has nothing then), 25 accompaniments.
	oct := cmd(0, "activites", "statistiques", "--territoire", "departement:81", "--du", "2026-10-01", "--au", "2026-10-31", "--format", "csv").stdout
	if csvValue(t, oct, "accompagnements") != "25" {
		t.Errorf("Tarn, October:\n%s", oct)
	}

	for _, tt := range []struct {
		name string
		fail func(w http.ResponseWriter, month string) bool
		want string
	}{
		{"malformed", func(w http.ResponseWriter, month string) bool {
			if month == "2026-11" {
				w.Write([]byte(`{"data":{"type":"statistiques","attributes":{"totaux":`))
				return true
			}
			return false
		}, "API de la Coop (département 81, 2026-11) : réponse illisible : JSON illisible"},
		{"500", func(w http.ResponseWriter, _ string) bool {
			w.WriteHeader(500)
			w.Write([]byte(`{"error":"Internal server error"}`))
			return true
		}, "HTTP 500 : « Internal server error » ; rien n'est importé"},
		{"429 for an hour", func(w http.ResponseWriter, _ string) bool {
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(429)
			return true
		}, "HTTP 429, réessayer dans 1h0m0s"},
	} {
		api.mu.Lock()
		api.fail = tt.fail
		api.mu.Unlock()
		r := cmd(1, "activites", "importer", "--coop-api", "--du", "2026-10-01", "--au", "2026-11-30")
		if !strings.Contains(r.stderr, tt.want) || strings.Contains(r.stderr+r.stdout, "s3cr3t") {
			t.Errorf("%s: %q, want %q", tt.name, r.stderr, tt.want)
		}
		if after := stats("departement:81"); after != tarn {
			t.Errorf("%s: a failed import changed the statistics:\n%s", tt.name, after)
		}
	}
	api.mu.Lock()
	api.fail = nil
	api.mu.Unlock()
	env["MAILLAGE_COOP_API_CLE"] = "hub-81:wrong"
	if r := cmd(1, "activites", "importer", "--coop-api", "--du", "2026-10-01", "--au", "2026-10-31"); !strings.Contains(r.stderr, "clé refusée (HTTP 401) : vérifiez MAILLAGE_COOP_API_CLE") || strings.Contains(r.stderr, "wrong") {
		t.Errorf("401: %q", r.stderr)
	}
	env["MAILLAGE_COOP_API_CLE"] = ""
	if r := cmd(2, "activites", "importer", "--coop-api"); !strings.Contains(r.stderr, "MAILLAGE_COOP_API_CLE") {
		t.Errorf("no key: %q", r.stderr)
	}
	env["MAILLAGE_COOP_API_CLE"] = "hub-81:s3cr3t"
	for _, args := range [][]string{{"--du", "2026-10-02", "--au", "2026-10-31"}, {"--du", "2026-10-01", "--au", "2026-10-30"}, {"--du", "2027-01-01", "--au", "2027-01-31"}, {"--departements", "999"}} {
		if r := cmd(2, append([]string{"activites", "importer", "--coop-api"}, args...)...); !strings.Contains(r.stderr, "activites importer --coop-api : ") {
			t.Errorf("%v: %q", args, r.stderr)
		}
	}
}
