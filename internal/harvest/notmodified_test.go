package harvest

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"maillage/internal/store"
)

// always304 answers 304 Not Modified to every request, validators or not.
func always304(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotModified)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// A remote answering 304 to a source's first harvest (nothing to compare
// with: no validators were sent) fails that harvest with a French error;
// it neither panics nor is taken as "unchanged".
func TestHarvestNotModifiedWithoutPrevious(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		srv := always304(t)
		env := func(string) string { return "jeton" }
		tests := []store.Source{
			{Name: "standard", Type: store.SourceStandard, URL: srv.URL + "/lieux.csv"},
			{Name: "datagouv", Type: store.SourceDataGouv, URL: "jeu"},
			{Name: "di", Type: store.SourceDataInclusion, URL: srv.URL + "/api/v1"},
			{Name: "coop", Type: store.SourceCoop, URL: srv.URL + "/lieux-activite"},
		}
		for _, src := range tests {
			declare(t, st, src)
			run, err := Harvest(context.Background(), st, src, Options{PrivateAddresses: true, Getenv: env, DataGouvURL: srv.URL + "/api/1", CoopURL: srv.URL, DataInclusionURL: srv.URL})
			if err == nil || run.Status != store.HarvestFailed {
				t.Errorf("%s: 304 to a first harvest: %+v, %v", src.Name, run, err)
				continue
			}
			if !strings.Contains(run.Error, "304") || !strings.Contains(run.Error, "demande sans condition") {
				t.Errorf("%s: error does not explain the 304: %q", src.Name, run.Error)
			}
		}
	})
}

// A source whose earlier harvest stored no validator is asked without
// conditions: a 304 then is an error too, not "unchanged".
func TestHarvestNotModifiedUnconditional(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		fake := &fakeFile{body: readFile(t, "testdata/standard/hub-v1.csv"), noValid: true}
		srv := httptest.NewServer(fake)
		defer srv.Close()
		src := declare(t, st, store.Source{Name: "hub", Type: store.SourceStandard, URL: srv.URL + "/lieux.csv"})
		if run, err := Harvest(context.Background(), st, src, Options{PrivateAddresses: true}); err != nil || run.Status != store.HarvestDone {
			t.Fatalf("first harvest: %+v, %v", run, err)
		}
		src.URL = always304(t).URL + "/lieux.csv"
		run, err := Harvest(context.Background(), st, src, Options{PrivateAddresses: true})
		if err == nil || run.Status != store.HarvestFailed || !strings.Contains(run.Error, "304") {
			t.Errorf("unconditional 304: %+v, %v", run, err)
		}
	})
}

// The schedule survives a source answering 304 to its first harvest
// (before, the nil previous harvest panicked and killed every server).
func TestScheduleNotModifiedFirst(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		srv := always304(t)
		declare(t, st, store.Source{Name: "s304", Type: store.SourceStandard, URL: srv.URL + "/lieux.csv", Interval: time.Hour})
		var logs bytes.Buffer
		ScheduleOnce(context.Background(), st, time.Now, Options{PrivateAddresses: true}, slog.New(slog.NewTextHandler(&logs, nil)))
		runs, err := st.HarvestRuns(context.Background(), "s304", 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) != 1 || runs[0].Status != store.HarvestFailed {
			t.Errorf("runs: %+v", runs)
		}
	})
}
