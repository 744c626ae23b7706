package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"maillage/internal/fragility"
	"maillage/internal/postgres"
	"maillage/internal/postgres/pgtest"
	"maillage/internal/sqlite"
	"maillage/internal/store"
)

// settleDiagnostics waits for the server's background computations.
func settleDiagnostics(t *testing.T, ts *testServer) {
	t.Helper()
	if err := ts.diagnostics.Settle(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// The diagnostic API answers with an ETag made of the data's revision and
// of what was asked, and 304 to a client that has it; the pages and the
// layers' Cache-Control.
func TestAPIDiagnosticETag(t *testing.T) {
	ts := newDiagnosticServer(t)
	path := "/api/v1/diagnostic/departement/01"
	res := ts.get(t, path)
	etag := res.Header.Get("ETag")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(etag, `W/"`) || res.Header.Get("Cache-Control") != "public, no-cache" {
		t.Fatalf("%s: %d, ETag %q, Cache-Control %q", path, res.StatusCode, etag, res.Header.Get("Cache-Control"))
	}
	for _, inm := range []string{etag, strings.TrimPrefix(etag, "W/"), `"autre", ` + etag, "*"} {
		res := ts.get(t, path, "If-None-Match", inm)
		if res.StatusCode != http.StatusNotModified || res.Body != "" || res.Header.Get("ETag") != etag {
			t.Errorf("If-None-Match %s: %d %q, ETag %q", inm, res.StatusCode, res.Body, res.Header.Get("ETag"))
		}
	}
	seen := map[string]string{etag: path}
	for _, other := range []string{path + "?seuil_km=12", path + ".csv", "/api/v1/diagnostic/departement/02", "/api/v1/diagnostic/france",
		path + "/implanter?nombre=1", path + "/implanter?nombre=2", path + "/implanter.csv?nombre=1"} {
		res := ts.get(t, other, "If-None-Match", etag)
		e := res.Header.Get("ETag")
		if res.StatusCode != http.StatusOK || e == "" || seen[e] != "" {
			t.Errorf("%s: %d, ETag %q (also %s)", other, res.StatusCode, e, seen[e])
		}
		seen[e] = other
	}
	// The registry changes: a new ETag once the new figures are computed.
	putDiagnosticPlaces(t, ts.store, true, diagnosticPlaces()[1:]...)
	if err := ts.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	settleDiagnostics(t, ts)
	res = ts.get(t, path, "If-None-Match", etag)
	if res.StatusCode != http.StatusOK || res.Header.Get("ETag") == etag || strings.Contains(res.Body, "perime") {
		t.Errorf("after a change: %d, ETag %q (was %q)\n%s", res.StatusCode, res.Header.Get("ETag"), etag, res.Body)
	}
}

// Two servers on one database are one site: the same figures and the
// same ETag for the same state, whatever their clocks; after a change,
// each serves the last figures marked stale (with their revision and
// date) while it computes the new ones, then the new ones, again the same
// on both.
func TestDiagnosticTwoServers(t *testing.T) {
	for name, open := range map[string]func(t *testing.T) func() store.Store{
		"sqlite": func(t *testing.T) func() store.Store {
			path := filepath.Join(t.TempDir(), "w.db")
			return func() store.Store {
				st, err := sqlite.Open(context.Background(), path, store.WithClock(func() time.Time { return monday10h }))
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { st.Close() })
				return st
			}
		},
		"postgres": func(t *testing.T) func() store.Store {
			url := pgtest.URL(t)
			return func() store.Store {
				st, err := postgres.Open(context.Background(), url, store.WithClock(func() time.Time { return monday10h }))
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { st.Close() })
				return st
			}
		},
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			opener := open(t)
			first := newDiagnosticServerOn(t, opener(), monday10h)
			second := newDiagnosticServerOn(t, opener(), monday10h.Add(3*time.Hour))
			path := "/api/v1/diagnostic/departement/02"
			a, b := first.get(t, path), second.get(t, path)
			if a.StatusCode != 200 || a.Body != b.Body || a.Header.Get("ETag") != b.Header.Get("ETag") {
				t.Fatalf("two servers, one state: %d %s and %d %s", a.StatusCode, a.Header.Get("ETag"), b.StatusCode, b.Header.Get("ETag"))
			}
			before := a.Header.Get("ETag")
			// p3 withdrawn through the first server's store.
			putDiagnosticPlaces(t, first.store, true, diagnosticPlaces()[:2]...)
			for _, ts := range []*testServer{first, second} {
				if err := ts.diagnostics.Settle(ctx); err != nil {
					t.Fatal(err)
				}
				if err := ts.Sync(ctx); err != nil {
					t.Fatal(err)
				}
			}
			// Each saw the new revision in the database and computes it.
			for _, ts := range []*testServer{first, second} {
				settleDiagnostics(t, ts)
			}
			a, b = first.get(t, path), second.get(t, path)
			if a.StatusCode != 200 || a.Body != b.Body || a.Header.Get("ETag") != b.Header.Get("ETag") || a.Header.Get("ETag") == before ||
				strings.Contains(a.Body, "perime") || !strings.Contains(a.Body, `"personnes_a_risque_non_desservies": 300`) {
				t.Errorf("after the change: %s and %s (before %s)\n%s", a.Header.Get("ETag"), b.Header.Get("ETag"), before, a.Body)
			}
		})
	}
}

// newDiagnosticServerOn is newDiagnosticServer's data on a given store
// (loaded when empty), with a clock of its own.
func newDiagnosticServerOn(t *testing.T, db store.Store, now time.Time) *testServer {
	t.Helper()
	ctx := context.Background()
	ref, err := db.Territories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ref.Empty() {
		fresh := newDiagnosticServer(t)
		want, err := fresh.store.Territories(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.ReplaceTerritories(ctx, want); err != nil {
			t.Fatal(err)
		}
		putDiagnosticPlaces(t, db, false, diagnosticPlaces()...)
	}
	s, err := NewServer(ctx, Config{Store: db, Now: func() time.Time { return now }, VendorDir: "testdata/npm", DownloadDir: t.TempDir(),
		BaseURL: "http://maillage.test", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return &testServer{Server: s, h: s.Handler(), store: db}
}

// gatedDemand is a store whose reading of the fragility index (once per
// computation of France) waits for a token: a computation held running.
type gatedDemand struct {
	store.Store
	gate chan struct{}
}

func (g gatedDemand) FragilityIndex(ctx context.Context) (*fragility.Index, error) {
	<-g.gate
	return g.Store.FragilityIndex(ctx)
}

// While the figures of a new state are computed, the page and the API
// answer at once with the last ones, and say so: their revision and when
// they were computed; the ETag is not the new figures'.
func TestDiagnosticStaleAnswers(t *testing.T) {
	ctx := context.Background()
	db := newDiagnosticServer(t).store
	gated := gatedDemand{Store: db, gate: make(chan struct{}, 4)}
	ts := newDiagnosticServerOn(t, gated, monday10h)
	page, api := "/diagnostic/departement/02", "/api/v1/diagnostic/departement/02"
	gated.gate <- struct{}{}
	fresh := ts.get(t, api)
	if fresh.StatusCode != http.StatusOK || strings.Contains(fresh.Body, "perime") {
		t.Fatalf("%d\n%s", fresh.StatusCode, fresh.Body)
	}
	putDiagnosticPlaces(t, db, true, diagnosticPlaces()[:2]...)
	if err := ts.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	note := "Chiffres calculés le 23 novembre 2026 à 10:00 sur les données à leur révision précédente (lieux "
	res := ts.get(t, page)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `<p class="alerte" role="status">`+note) {
		t.Errorf("page during the computation: %d, lacks the note %q", res.StatusCode, note)
	}
	stale := ts.get(t, api)
	if stale.StatusCode != http.StatusOK || !strings.Contains(stale.Body, `"perime": {`) || !strings.Contains(stale.Body, note) ||
		!strings.Contains(stale.Body, `"calcule_le": "2026-11-23T09:00:00Z"`) || stale.Header.Get("ETag") == fresh.Header.Get("ETag") {
		t.Errorf("API during the computation: %d, ETag %s (fresh %s)\n%s", stale.StatusCode, stale.Header.Get("ETag"), fresh.Header.Get("ETag"), stale.Body)
	}
	gated.gate <- struct{}{}
	settleDiagnostics(t, ts)
	res = ts.get(t, page)
	if res.StatusCode != http.StatusOK || strings.Contains(res.Body, "révision précédente") {
		t.Errorf("page after the computation: %d, still stale", res.StatusCode)
	}
}
