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
	"maillage/internal/store/storetest"
)

// clockInstances runs fn with two stores on one database, per engine,
// both dated by one fake clock: two servers sharing it.
func clockInstances(t *testing.T, fn func(t *testing.T, c *storetest.Clock, a, b store.Store)) {
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "h.db")
		runInstances(t, func(t *testing.T, c *storetest.Clock) (store.Store, error) {
			return sqlite.Open(context.Background(), path, store.WithClock(c.Now))
		}, fn)
	})
	t.Run("postgres", func(t *testing.T) {
		url := pgtest.URL(t)
		runInstances(t, func(t *testing.T, c *storetest.Clock) (store.Store, error) {
			return postgres.Open(context.Background(), url, store.WithClock(c.Now))
		}, fn)
	})
}

func runInstances(t *testing.T, open func(*testing.T, *storetest.Clock) (store.Store, error), fn func(*testing.T, *storetest.Clock, store.Store, store.Store)) {
	c := &storetest.Clock{}
	var st [2]store.Store
	for i := range st {
		db, err := open(t, c)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		st[i] = db
	}
	fn(t, c, st[0], st[1])
}

// TestScheduleRetriesFailedHarvests: a scheduled harvest that fails is
// tried again 5 minutes later, then 10, 20, 40, never later than the
// source's interval, by whichever server sharing the database comes
// first (the state is the database's), then at its interval once it
// succeeded.
func TestScheduleRetriesFailedHarvests(t *testing.T) {
	clockInstances(t, func(t *testing.T, c *storetest.Clock, a, b store.Store) {
		csv := readFile(t, "testdata/standard/hub-v1.csv")
		var mu sync.Mutex
		up, asked := false, 0
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			defer mu.Unlock()
			asked++
			if !up {
				http.Error(w, "en maintenance", http.StatusServiceUnavailable)
				return
			}
			w.Write(csv)
		}))
		defer srv.Close()
		t0 := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
		c.Set(t0)
		declare(t, a, store.Source{Name: "hub", Type: store.SourceStandard, URL: srv.URL + "/l.csv", Interval: time.Hour})
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		servers := []store.Store{a, b}
		step := 0
		// at moves the clock to t0+min, runs the schedule on one server
		// then the other, and checks how many times the source was asked.
		at := func(min int, want int) {
			t.Helper()
			c.Set(t0.Add(time.Duration(min) * time.Minute))
			for i := range servers {
				st := servers[(step+i)%2]
				ScheduleOnce(context.Background(), st, c.Now, Options{PrivateAddresses: true, Holder: []string{"serveur-a", "serveur-b"}[(step+i)%2]}, log)
			}
			step++
			mu.Lock()
			defer mu.Unlock()
			if asked != want {
				t.Errorf("at t0+%dm: the source was asked %d times, want %d", min, asked, want)
			}
		}
		at(0, 1)   // fails
		at(4, 1)   // not yet
		at(5, 2)   // 5 minutes after: fails again
		at(14, 2)  // not yet
		at(15, 3)  // 10 minutes after
		at(34, 3)  // not yet
		at(35, 4)  // 20 minutes after
		at(74, 4)  // not yet
		at(75, 5)  // 40 minutes after
		at(134, 5) // 80 minutes would pass the interval: an hour
		mu.Lock()
		up = true
		mu.Unlock()
		at(135, 6) // succeeds
		at(194, 6) // the interval again
		at(195, 7)
		runs, err := b.HarvestRuns(context.Background(), "hub", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) != 7 || runs[1].Status != store.HarvestDone || runs[2].Status != store.HarvestFailed {
			t.Errorf("runs: %d, newest %+v", len(runs), runs[:min(3, len(runs))])
		}
	})
}
