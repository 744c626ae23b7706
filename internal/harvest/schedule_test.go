package harvest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"maillage/internal/postgres"
	"maillage/internal/postgres/pgtest"
	"maillage/internal/sqlite"
	"maillage/internal/store"
)

// twoInstances runs fn with two stores on one database, per engine: two
// servers sharing it.
func twoInstances(t *testing.T, fn func(t *testing.T, a, b store.Store)) {
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "h.db")
		var st [2]store.Store
		for i := range st {
			db, err := sqlite.Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			st[i] = db
		}
		fn(t, st[0], st[1])
	})
	t.Run("postgres", func(t *testing.T) {
		url := pgtest.URL(t)
		var st [2]store.Store
		for i := range st {
			db, err := postgres.Open(context.Background(), url)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			st[i] = db
		}
		fn(t, st[0], st[1])
	})
}

func TestDue(t *testing.T) {
	at := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	daily := store.Source{Interval: 24 * time.Hour}
	tests := []struct {
		name string
		src  store.Source
		last *store.HarvestRun
		want bool
	}{
		{"on demand only", store.Source{}, nil, false},
		{"never harvested", daily, nil, true},
		{"harvested an hour ago", daily, &store.HarvestRun{Started: at.Add(-time.Hour)}, false},
		{"harvested a day ago", daily, &store.HarvestRun{Started: at.Add(-24 * time.Hour)}, true},
		{"failed a day ago", daily, &store.HarvestRun{Started: at.Add(-25 * time.Hour), Status: store.HarvestFailed}, true},
	}
	for _, tt := range tests {
		var runs []store.HarvestRun
		if tt.last != nil {
			runs = []store.HarvestRun{*tt.last}
		}
		if got := Due(tt.src, runs, at); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// Two servers on one database schedule at the same instant: each due
// source is harvested once, never by both at the same time.
func TestScheduleTwoServers(t *testing.T) {
	twoInstances(t, func(t *testing.T, a, b store.Store) {
		csv := readFile(t, "testdata/standard/hub-v1.csv")
		var mu sync.Mutex
		active, most, served := map[string]int{}, 0, map[string]int{}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			active[r.URL.Path]++
			served[r.URL.Path]++
			most = max(most, active[r.URL.Path])
			mu.Unlock()
			time.Sleep(100 * time.Millisecond) // a slow source: the other server tries meanwhile
			w.Write(csv)
			mu.Lock()
			active[r.URL.Path]--
			mu.Unlock()
		}))
		defer srv.Close()
		names := []string{"q1", "q2", "q3"}
		for _, n := range names {
			declare(t, a, store.Source{Name: n, Type: store.SourceStandard, URL: srv.URL + "/" + n + ".csv", Interval: 24 * time.Hour})
		}
		declare(t, a, store.Source{Name: "sur-demande", Type: store.SourceStandard, URL: srv.URL + "/d.csv"})
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		for range 3 {
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i, st := range []store.Store{a, b} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					ScheduleOnce(context.Background(), st, time.Now, Options{PrivateAddresses: true, Holder: []string{"serveur-a", "serveur-b"}[i]}, log)
				}()
			}
			close(start)
			wg.Wait()
		}
		mu.Lock()
		defer mu.Unlock()
		if most != 1 {
			t.Errorf("a source fetched by %d servers at once", most)
		}
		for _, n := range names {
			if served["/"+n+".csv"] != 1 {
				t.Errorf("%s fetched %d times, want once", n, served["/"+n+".csv"])
			}
			runs, err := a.HarvestRuns(context.Background(), n, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(runs) != 1 || runs[0].Status != store.HarvestDone {
				t.Errorf("runs of %s: %+v", n, runs)
			}
		}
		if served["/d.csv"] != 0 {
			t.Errorf("a source without interval was harvested by the schedule")
		}
		// Schedule stops with its context.
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { Schedule(ctx, a, time.Hour, time.Now, Options{PrivateAddresses: true}, log); close(done) }()
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Error("Schedule did not stop with its context")
		}
	})
}

// A harvest no longer due once its lease is held (another server just
// harvested the source) is not run, nor recorded.
func TestHarvestNotDue(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		src := declare(t, st, store.Source{Name: "hub", Type: store.SourceStandard, URL: "testdata/standard/hub-v1.csv", Interval: time.Hour})
		if _, err := Harvest(ctx, st, src, Options{PrivateAddresses: true}); err != nil {
			t.Fatal(err)
		}
		var asked []store.HarvestRun
		_, err := Harvest(ctx, st, src, Options{PrivateAddresses: true, Due: func(runs []store.HarvestRun) bool { asked = runs; return false }})
		if err != errNotDue || len(asked) != 1 || asked[0].Status != store.HarvestDone {
			t.Errorf("not due: %v, asked with %+v", err, asked)
		}
		if runs, err := st.HarvestRuns(ctx, "hub", 10); err != nil || len(runs) != 1 {
			t.Errorf("runs: %d, %v", len(runs), err)
		}
	})
}
