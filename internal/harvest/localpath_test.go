package harvest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"maillage/internal/store"
)

// secret is a file of the server nobody outside should read: a 0600
// environment file with a database password.
func secret(t *testing.T) (path, content string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "maillage.env")
	content = "DATABASE_PASSWORD=motdepasse-tres-secret"
	if err := os.WriteFile(path, []byte(content+"\nOTHER=1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, content
}

// fakeDataset serves a data.gouv.fr dataset whose resources declaring the
// standard's schema have those addresses, and the file of the standard
// at /fichiers/hub-v1.csv.
func fakeDataset(t *testing.T, csv []byte, urls ...string) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/1/datasets/jeu/", func(w http.ResponseWriter, r *http.Request) {
		type res struct {
			Title  string            `json:"title"`
			Format string            `json:"format"`
			URL    string            `json:"url"`
			Schema map[string]string `json:"schema"`
		}
		ds := struct {
			Title     string `json:"title"`
			Resources []res  `json:"resources"`
		}{Title: "Lieux"}
		for i, u := range urls {
			u = strings.ReplaceAll(u, "{{BASE}}", srv.URL)
			ds.Resources = append(ds.Resources, res{Title: "r" + string(rune('0'+i)), Format: "csv", URL: u,
				Schema: map[string]string{"name": SchemaName, "version": "1.0.1"}})
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(ds)
	})
	mux.HandleFunc("GET /fichiers/hub-v1.csv", func(w http.ResponseWriter, r *http.Request) { w.Write(csv) })
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// The addresses of a dataset's resources come from whoever published it
// on data.gouv.fr: only http and https are fetched, never a file of the
// server (its content would end up in the harvest's error, shown to every
// coordinator), nor another scheme. A resource refused fails the harvest,
// naming it, as one that cannot be fetched does.
func TestDataGouvResourceNotLocal(t *testing.T) {
	csv := readFile(t, "testdata/standard/hub-v1.csv")
	path, content := secret(t)
	t.Chdir(filepath.Dir(path))
	bad := []string{path, "file://" + path, "maillage.env", "./maillage.env", "ftp://exemple.fr/lieux.csv", "http:///sans-hote.csv", "//exemple.fr/lieux.csv"}
	engines(t, func(t *testing.T, st store.Store) {
		for i, u := range bad {
			srv := fakeDataset(t, csv, u)
			src := declare(t, st, store.Source{Name: "jeu-" + strconv.Itoa(i), Type: store.SourceDataGouv, URL: "jeu"})
			run, err := Harvest(context.Background(), st, src, Options{PrivateAddresses: true, DataGouvURL: srv.URL + "/api/1"})
			if err == nil || run.Status != store.HarvestFailed {
				t.Errorf("resource %q: %+v, %v", u, run, err)
			}
			for what, s := range map[string]string{"error": run.Error, "report": run.Report, "returned error": errString(err)} {
				if strings.Contains(s, "motdepasse") {
					t.Errorf("resource %q: the %s quotes the server's file: %s", u, what, s)
				}
			}
			if !strings.Contains(run.Error, "ressource « r0 »") || !strings.Contains(run.Error, "refusée") {
				t.Errorf("resource %q: the error does not name the refused resource:\n%s\n%s", u, run.Error, run.Report)
			}
		}
		// A bad resource beside a good one: the harvest fails as when a
		// resource cannot be fetched (its places would otherwise be
		// withdrawn without a word, below the mass-loss guard).
		srv := fakeDataset(t, csv, path, "{{BASE}}/fichiers/hub-v1.csv")
		src := declare(t, st, store.Source{Name: "jeu-mixte", Type: store.SourceDataGouv, URL: "jeu"})
		run, err := Harvest(context.Background(), st, src, Options{PrivateAddresses: true, DataGouvURL: srv.URL + "/api/1"})
		if err == nil || run.Status != store.HarvestFailed || run.Created != 0 || strings.Contains(run.Report, content) || !strings.Contains(run.Error, "ressource « r0 »") {
			t.Errorf("a good resource beside a local path: %+v, %v", run, err)
		}
	})
}

func keepAlnum(r rune) rune {
	if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
		return r
	}
	return -1
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// A remote file that is not the standard's fails the harvest, but its
// error, shown to every coordinator, quotes nothing of its content.
func TestHarvestErrorQuotesNoContent(t *testing.T) {
	tests := []struct{ name, body string }{
		{"not the standard", "DATABASE_PASSWORD=motdepasse-tres-secret\nOTHER=1\n"},
		{"header incomplete", "commune,DATABASE_PASSWORD=motdepasse-tres-secret\nAlbi,1\n"},
		{"column twice", "motdepasse-tres-secret,motdepasse-tres-secret\n1,2\n"},
		{"json object", `[{"DATABASE_PASSWORD":"motdepasse-tres-secret"}]`},
		{"coop", `"motdepasse-tres-secret"`},
	}
	engines(t, func(t *testing.T, st store.Store) {
		for _, tt := range tests {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(tt.body)) }))
			defer srv.Close()
			typ := store.SourceStandard
			if tt.name == "coop" {
				typ = store.SourceCoop
			}
			src := declare(t, st, store.Source{Name: strings.Map(keepAlnum, tt.name), Type: typ, URL: srv.URL + "/lieux.csv"})
			run, err := Harvest(context.Background(), st, src, Options{PrivateAddresses: true, Getenv: func(string) string { return "cle" }, CoopURL: srv.URL})
			if err == nil || run.Status != store.HarvestFailed || run.Error == "" {
				t.Errorf("%s: %+v, %v", tt.name, run, err)
				continue
			}
			for what, s := range map[string]string{"error": run.Error, "report": run.Report, "returned error": errString(err)} {
				if strings.Contains(s, "motdepasse") {
					t.Errorf("%s: the %s quotes the file: %s", tt.name, what, s)
				}
			}
		}
	})
}
