package harvest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"maillage/internal/store"
)

// A record of a dataset of several resources that fails the validation
// is kept as rejected (« rejeté, conservé »), as with one resource: it is
// neither withdrawn nor counted by the mass-loss guard.
func TestHarvestDataGouvRejectedKept(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		var mu sync.Mutex
		files := map[string]string{
			"/fichiers/hub-v1.csv":  string(readFile(t, "testdata/standard/hub-v1.csv")),
			"/fichiers/hub-v1.json": string(readFile(t, "testdata/datagouv/hub-v1.json")),
		}
		dataset := string(readFile(t, "testdata/datagouv/dataset.json"))
		var srv *httptest.Server
		mux := http.NewServeMux()
		mux.HandleFunc("GET /api/1/datasets/tarn/", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(strings.ReplaceAll(dataset, "{{BASE}}", srv.URL)))
		})
		mux.HandleFunc("GET /fichiers/", func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			defer mu.Unlock()
			body, ok := files[r.URL.Path]
			if !ok {
				http.NotFound(w, r)
				return
			}
			w.Write([]byte(body))
		})
		srv = httptest.NewServer(mux)
		defer srv.Close()
		src := declare(t, st, store.Source{Name: "tarn", Type: store.SourceDataGouv, URL: "tarn"})
		opt := Options{PrivateAddresses: true, DataGouvURL: srv.URL + "/api/1"}
		run, err := Harvest(ctx, st, src, opt)
		if err != nil || run.Created != 4 {
			t.Fatalf("first harvest: %+v, %v\n%s", run, err, run.Report)
		}
		// hub-001's date becomes impossible in both resources.
		mu.Lock()
		for k, v := range files {
			n := strings.Count(v, "2026-09-14")
			if n != 1 {
				mu.Unlock()
				t.Fatalf("%s holds hub-001's date %d times", k, n)
			}
			files[k] = strings.Replace(v, "2026-09-14", "2026-02-31", 1)
		}
		mu.Unlock()
		run, err = Harvest(ctx, st, src, Options{PrivateAddresses: true, DataGouvURL: srv.URL + "/api/1", MaxLoss: 0.1})
		if err != nil {
			t.Fatalf("second harvest: %v\n%s", err, run.Report)
		}
		if run.Withdrawn != 0 || run.Rejected != 1 || run.Unchanged != 3 {
			t.Errorf("second harvest: %d withdrawn, %d rejected, %d unchanged; want 0, 1, 3\n%s", run.Withdrawn, run.Rejected, run.Unchanged, run.Report)
		}
		if !strings.Contains(run.Report, "hub-v1.csv, ligne 2 : normalisation [id hub-001] champ id valeur « hub-001 » : lieu rejeté") {
			t.Errorf("report does not say hub-001 is rejected and kept, naming its resource:\n%s", run.Report)
		}
		if got := ids(t, st); len(got) != 4 {
			t.Errorf("published places %v, want the 4", got)
		}
	})
}
