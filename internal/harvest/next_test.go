package harvest

import (
	"testing"
	"time"

	"maillage/internal/store"
)

// TestNextHarvest: a source is due its interval after a harvest that
// succeeded (or found nothing new), and after a failure (network error,
// timeout, mass-loss guard: a failed run) 5 minutes later, then 10, 20…,
// never later than its interval.
func TestNextHarvest(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	run := func(status string, at time.Time) store.HarvestRun {
		return store.HarvestRun{Status: status, Started: at.Add(-time.Minute), Ended: at}
	}
	ok, failed, interrupted := store.HarvestDone, store.HarvestFailed, store.HarvestInterrupted
	hourly, daily := store.Source{Interval: time.Hour}, store.Source{Interval: 24 * time.Hour}
	for _, tt := range []struct {
		name string
		src  store.Source
		runs []store.HarvestRun // newest first
		want time.Time          // zero: due now
		due  bool
	}{
		{"on demand only", store.Source{}, []store.HarvestRun{run(failed, t0)}, time.Time{}, false},
		{"never harvested", daily, nil, time.Time{}, true},
		{"succeeded", daily, []store.HarvestRun{run(ok, t0)}, t0.Add(-time.Minute).Add(24 * time.Hour), true},
		{"unchanged", daily, []store.HarvestRun{run(store.HarvestUnchanged, t0)}, t0.Add(-time.Minute).Add(24 * time.Hour), true},
		{"failed once", daily, []store.HarvestRun{run(failed, t0), run(ok, t0.Add(-24*time.Hour))}, t0.Add(5 * time.Minute), true},
		{"interrupted once", daily, []store.HarvestRun{run(interrupted, t0)}, t0.Add(5 * time.Minute), true},
		{"failed twice", daily, []store.HarvestRun{run(failed, t0), run(failed, t0.Add(-5*time.Minute)), run(ok, t0.Add(-24*time.Hour))}, t0.Add(10 * time.Minute), true},
		{"failed thrice", daily, []store.HarvestRun{run(failed, t0), run(interrupted, t0.Add(-10*time.Minute)), run(failed, t0.Add(-15*time.Minute))}, t0.Add(20 * time.Minute), true},
		{"failed four times, hourly", hourly, []store.HarvestRun{run(failed, t0), run(failed, t0), run(failed, t0), run(failed, t0)}, t0.Add(40 * time.Minute), true},
		{"failed five times, hourly: capped", hourly, []store.HarvestRun{run(failed, t0), run(failed, t0), run(failed, t0), run(failed, t0), run(failed, t0)}, t0.Add(time.Hour), true},
		{"interval shorter than the first delay", store.Source{Interval: 2 * time.Minute}, []store.HarvestRun{run(failed, t0)}, t0.Add(2 * time.Minute), true},
		{"running", daily, []store.HarvestRun{{Status: store.HarvestRunning, Started: t0}}, t0.Add(24 * time.Hour), true},
	} {
		got, due := NextHarvest(tt.src, tt.runs)
		if due != tt.due || !got.Equal(tt.want) {
			t.Errorf("%s: next %v (%v), want %v (%v)", tt.name, got, due, tt.want, tt.due)
		}
	}
}
