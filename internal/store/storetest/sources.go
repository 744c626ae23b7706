package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"maillage/internal/failure"
	"maillage/internal/store"
)

// testSourcesDeclare: a source is declared once, read back whole, listed
// while declared, removed without losing its harvests, declared again.
func testSourcesDeclare(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	c.Set(at)
	want := store.Source{Name: "hub-occitanie", Type: store.SourceStandard, URL: "https://exemple.fr/lieux.csv",
		Interval: 24 * time.Hour, Priority: 5, MaxLoss: 0.2, DeclaredBy: "cli"}
	if err := s.DeclareSource(ctx, want); err != nil {
		t.Fatal(err)
	}
	other := store.Source{Name: "france-services", Type: store.SourceTableur, URL: "/srv/fs.csv", Correspondence: "france-services"}
	if err := s.DeclareSource(ctx, other); err != nil {
		t.Fatal(err)
	}
	got, err := s.Source(ctx, "hub-occitanie")
	if err != nil {
		t.Fatal(err)
	}
	want.DeclaredAt = at
	if got != want {
		t.Errorf("source read back\n got %+v\nwant %+v", got, want)
	}
	if err := s.DeclareSource(ctx, want); !errors.Is(err, failure.ErrConflict) || !strings.Contains(failure.MessageOf(err), "hub-occitanie") {
		t.Errorf("declaring a source twice: %v, want a conflict naming it", err)
	}
	if _, err := s.Source(ctx, "inconnue"); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("unknown source: %v, want not found", err)
	}
	list, err := s.DeclaredSources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Name != "france-services" || list[1].Name != "hub-occitanie" || list[0].Correspondence != "france-services" {
		t.Errorf("declared sources: %+v", list)
	}

	id, err := s.StartHarvest(ctx, "hub-occitanie")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.FinishHarvest(ctx, store.HarvestRun{ID: id, Status: store.HarvestDone, Created: 3}); err != nil {
		t.Fatal(err)
	}
	removedAt := at.Add(time.Hour)
	c.Set(removedAt)
	if err := s.RemoveSource(ctx, "hub-occitanie", "cli"); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveSource(ctx, "hub-occitanie", "cli"); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("removing a removed source: %v, want not found", err)
	}
	list, err = s.DeclaredSources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Name != "france-services" {
		t.Errorf("declared sources after removal: %+v", list)
	}
	got, err = s.Source(ctx, "hub-occitanie")
	if err != nil {
		t.Fatal(err)
	}
	if !got.RemovedAt.Equal(removedAt) {
		t.Errorf("removed at %v, want %v", got.RemovedAt, removedAt)
	}
	// Declared again: a new declaration, the harvests kept.
	again := store.Source{Name: "hub-occitanie", Type: store.SourceDataGouv, URL: "lieux-occitanie", DeclaredBy: "compte:1"}
	if err := s.DeclareSource(ctx, again); err != nil {
		t.Fatalf("declaring a removed source again: %v", err)
	}
	got, err = s.Source(ctx, "hub-occitanie")
	if err != nil {
		t.Fatal(err)
	}
	if !got.RemovedAt.IsZero() || got.Type != store.SourceDataGouv || got.URL != "lieux-occitanie" || got.Priority != 0 || !got.DeclaredAt.Equal(removedAt) {
		t.Errorf("source declared again: %+v", got)
	}
	runs, err := s.HarvestRuns(ctx, "hub-occitanie", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 || runs[0].Created != 3 {
		t.Errorf("harvests kept across removal: %+v", runs)
	}
}

// testHarvestRuns: a harvest is recorded from start to end with its
// counts, validators and report (bounded); a run left running by a dead
// process is marked interrupted when the next starts.
func testHarvestRuns(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	c.Set(t0)
	for _, name := range []string{"a", "b"} {
		if err := s.DeclareSource(ctx, store.Source{Name: name, Type: store.SourceStandard, URL: name + ".csv"}); err != nil {
			t.Fatal(err)
		}
	}
	dead, err := s.StartHarvest(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	c.Set(t0.Add(time.Minute))
	id, err := s.StartHarvest(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	running, err := s.HarvestRun(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if running.Status != store.HarvestRunning || !running.Started.Equal(t0.Add(time.Minute)) || !running.Ended.IsZero() || running.Source != "a" {
		t.Errorf("running harvest: %+v", running)
	}
	old, err := s.HarvestRun(ctx, dead)
	if err != nil {
		t.Fatal(err)
	}
	if old.Status != store.HarvestInterrupted || !old.Ended.Equal(t0.Add(time.Minute)) {
		t.Errorf("a run left running by a dead process: %+v, want interrupted when the next started", old)
	}
	c.Set(t0.Add(2 * time.Minute))
	report := strings.Repeat("é", store.MaxHarvestReport) // twice the bound in bytes
	done := store.HarvestRun{ID: id, Status: store.HarvestDone, Created: 1, Updated: 2, Unchanged: 3, Withdrawn: 4, Rejected: 5, Warnings: 6,
		Report: report, ETag: `"abc"`, LastModified: "Tue, 01 Dec 2026 09:00:00 GMT", ContentHash: "sha256:00ff"}
	if err := s.FinishHarvest(ctx, done); err != nil {
		t.Fatal(err)
	}
	got, err := s.HarvestRun(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Report) > store.MaxHarvestReport || !strings.HasPrefix(report, got.Report) || len(got.Report) < store.MaxHarvestReport-100 {
		t.Errorf("report of %d bytes kept as %d bytes (bound %d, cut on a character)", len(report), len(got.Report), store.MaxHarvestReport)
	}
	got.Report, done.Report = "", ""
	done.Source, done.Started, done.Ended = "a", t0.Add(time.Minute), t0.Add(2*time.Minute)
	if got != done {
		t.Errorf("finished harvest\n got %+v\nwant %+v", got, done)
	}
	if err := s.FinishHarvest(ctx, store.HarvestRun{ID: 9999, Status: store.HarvestFailed}); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("finishing an unknown harvest: %v, want not found", err)
	}
	c.Set(t0.Add(3 * time.Minute))
	failed, err := s.StartHarvest(ctx, "b")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.FinishHarvest(ctx, store.HarvestRun{ID: failed, Status: store.HarvestFailed, Error: "le serveur ne répond pas"}); err != nil {
		t.Fatal(err)
	}
	last, err := s.LastHarvests(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(last) != 2 || last["a"].ID != id || last["b"].ID != failed || last["b"].Error != "le serveur ne répond pas" {
		t.Errorf("last harvests: %+v", last)
	}
	runs, err := s.HarvestRuns(ctx, "a", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || runs[0].ID != id || runs[1].ID != dead {
		t.Errorf("harvests of a, newest first: %+v", runs)
	}
	if runs, err := s.HarvestRuns(ctx, "a", 1); err != nil || len(runs) != 1 {
		t.Errorf("one harvest asked: %d, %v", len(runs), err)
	}
}

// testLease: a lease is held by one holder until it expires or is given
// back; its holder renews it; nobody else takes it meanwhile.
func testLease(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	c.Set(t0)
	steps := []struct {
		at     time.Duration
		do     string // "take", "give"
		holder string
		want   bool
	}{
		{0, "take", "A", true},
		{time.Second, "take", "B", false},
		{30 * time.Second, "take", "A", true}, // renewed until 90 s
		{70 * time.Second, "take", "B", false},
		{90 * time.Second, "take", "B", true}, // expired: taken over
		{91 * time.Second, "take", "A", false},
		{92 * time.Second, "give", "A", false}, // not A's to give
		{93 * time.Second, "take", "A", false},
		{94 * time.Second, "give", "B", false},
		{95 * time.Second, "take", "A", true},
	}
	for i, st := range steps {
		c.Set(t0.Add(st.at))
		switch st.do {
		case "take":
			ok, err := s.AcquireLease(ctx, "moisson:hub", st.holder, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			if ok != st.want {
				t.Errorf("step %d: %s takes the lease at %v: %v, want %v", i, st.holder, st.at, ok, st.want)
			}
		case "give":
			if err := s.ReleaseLease(ctx, "moisson:hub", st.holder); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Leases of other names are independent.
	if ok, err := s.AcquireLease(ctx, "moisson:autre", "B", time.Minute); err != nil || !ok {
		t.Errorf("another lease: %v, %v", ok, err)
	}
}

// RunLeaseInstances checks the lease across two instances of one database
// (two servers): taken at the same instant by many contenders of both,
// exactly one holds it. open returns two stores on the same database with
// the given clock.
func RunLeaseInstances(t *testing.T, open func(t *testing.T, opts ...store.Option) (store.Store, store.Store)) {
	c := &Clock{}
	c.Set(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	a, b := open(t, store.WithClock(c.Now))
	ctx := context.Background()
	for round := range 5 {
		name := fmt.Sprintf("moisson:%d", round)
		const each = 4
		wins := make(chan string, 2*each)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range 2 * each {
			st, inst := a, "a"
			if i%2 == 1 {
				st, inst = b, "b"
			}
			holder := fmt.Sprintf("%s-%d", inst, i)
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				ok, err := st.AcquireLease(ctx, name, holder, time.Minute)
				if err != nil {
					t.Error(err)
					return
				}
				if ok {
					wins <- holder
				}
			}()
		}
		close(start)
		wg.Wait()
		close(wins)
		var won []string
		for h := range wins {
			won = append(won, h)
		}
		if len(won) != 1 {
			t.Fatalf("round %d: %d contenders hold the lease (%v), want exactly one", round, len(won), won)
		}
		// The other instance sees it held.
		other := b
		if strings.HasPrefix(won[0], "b") {
			other = a
		}
		if ok, err := other.AcquireLease(ctx, name, "intrus", time.Minute); err != nil || ok {
			t.Errorf("round %d: the other instance took a held lease: %v, %v", round, ok, err)
		}
	}
}
