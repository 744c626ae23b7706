package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"maillage/internal/postgres"
	"maillage/internal/postgres/pgtest"
	"maillage/internal/sqlite"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// twoInstances starts two servers on one database of each engine, as two
// « maillage serve » on one PostgreSQL (or one SQLite file), the first
// holding the fixture's places.
func twoInstances(t *testing.T, fn func(t *testing.T, a, b *testServer)) {
	opens := map[string]func(t *testing.T) func() (store.Store, error){
		"sqlite": func(t *testing.T) func() (store.Store, error) {
			path := filepath.Join(t.TempDir(), "w.db")
			return func() (store.Store, error) {
				return sqlite.Open(context.Background(), path, store.WithClock(func() time.Time { return monday10h }))
			}
		},
		"postgres": func(t *testing.T) func() (store.Store, error) {
			u := pgtest.URL(t)
			return func() (store.Store, error) {
				return postgres.Open(context.Background(), u, store.WithClock(func() time.Time { return monday10h }))
			}
		},
	}
	for name, open := range opens {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			opener := open(t)
			var servers []*testServer
			for i := range 2 {
				db, err := opener()
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				if i == 0 {
					if err := db.ReplaceTerritories(ctx, storetest.Referential()); err != nil {
						t.Fatal(err)
					}
					im, err := db.BeginImport(ctx, "test")
					if err != nil {
						t.Fatal(err)
					}
					for _, l := range fixture() {
						if _, _, err := im.Put(ctx, &l); err != nil {
							t.Fatal(err)
						}
					}
					if _, err := im.Commit(ctx, "t"); err != nil {
						t.Fatal(err)
					}
				}
				s, err := NewServer(ctx, Config{Store: db, Now: func() time.Time { return monday10h }, VendorDir: "testdata/npm", DownloadDir: t.TempDir(), BaseURL: "http://maillage.test",
					Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
				if err != nil {
					t.Fatal(err)
				}
				servers = append(servers, &testServer{Server: s, h: s.Handler(), store: db})
			}
			fn(t, servers[0], servers[1])
		})
	}
}

// « Signaler une erreur »: a message or contact holding a NUL byte or
// bytes that are not UTF-8 gets a French form error (never a 500, which
// PostgreSQL gave), and a refused report does not use up the client's
// quota; the quota (5 an hour) holds across the instances on one database.
func TestSignalerBadBytesAndSharedQuota(t *testing.T) {
	twoInstances(t, func(t *testing.T, a, b *testServer) {
		post := func(ts *testServer, form url.Values) response {
			req := httptest.NewRequest("POST", "/lieux/tls-1/signaler", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return ts.do(t, req)
		}
		for _, bad := range []url.Values{
			{"champ": {"horaires"}, "message": {"Fermé\x00 le lundi"}},
			{"champ": {"horaires"}, "message": {"Ferm\xe9 le lundi"}},
			{"champ": {"horaires"}, "message": {"Fermé le lundi"}, "contact": {"ada\x00@hub.fr"}},
			{"champ": {"horaires\xff"}, "message": {"Fermé le lundi"}},
		} {
			for range 3 {
				res := post(a, bad)
				if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "caractères") && !strings.Contains(res.Body, "Choisissez") {
					t.Fatalf("report %q: %d\n%s", bad.Encode(), res.StatusCode, res.Body)
				}
			}
		}
		good := url.Values{"champ": {"horaires"}, "message": {"Fermé le lundi matin depuis septembre."}}
		for i := range 5 {
			ts := a
			if i%2 == 1 {
				ts = b
			}
			if res := post(ts, good); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("report %d of 5: %d\n%s", i+1, res.StatusCode, res.Body)
			}
		}
		for _, ts := range []*testServer{a, b} {
			if res := post(ts, good); res.StatusCode != http.StatusTooManyRequests {
				t.Errorf("a 6th report in the hour: %d", res.StatusCode)
			}
		}
		reps, err := a.store.Corrections(context.Background(), "tls-1")
		if err != nil {
			t.Fatal(err)
		}
		if len(reps) != 5 {
			t.Errorf("%d reports stored, want 5", len(reps))
		}
	})
}
