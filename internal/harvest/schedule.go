package harvest

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"maillage/internal/failure"
	"maillage/internal/store"
)

// errNotDue: the source was harvested meanwhile (by another process).
var errNotDue = errors.New("moisson pas encore due")

// Retry delays: a scheduled harvest that failed (network error, timeout,
// mass-loss guard…) is tried again RetryFirst after it ended, then after
// twice as long each time, never later than the source's interval.
const RetryFirst = 5 * time.Minute

// runsForRetry is how many of its last harvests are read to count a
// source's failures in a row (5 min × 2^31: beyond any interval).
const runsForRetry = 32

// NextHarvest tells when a source is due given its last harvests, newest
// first: never harvested, now (zero time); after a harvest that succeeded
// or found nothing new, its start plus the interval; after k failed (or
// interrupted) ones in a row, the last one's end plus RetryFirst×2^(k-1),
// at most the interval. The state is the database's harvests: every
// server sharing it sees the same. A source without interval is
// harvested on demand only (false).
func NextHarvest(src store.Source, runs []store.HarvestRun) (time.Time, bool) {
	if src.Interval <= 0 {
		return time.Time{}, false
	}
	if len(runs) == 0 {
		return time.Time{}, true
	}
	failed := 0
	for _, r := range runs {
		if r.Status != store.HarvestFailed && r.Status != store.HarvestInterrupted {
			break
		}
		failed++
	}
	last := runs[0]
	if failed == 0 {
		return last.Started.Add(src.Interval), true
	}
	end := last.Ended
	if end.IsZero() {
		end = last.Started
	}
	delay := src.Interval
	if failed <= 31 {
		delay = min(RetryFirst<<(failed-1), src.Interval)
	}
	return end.Add(delay), true
}

// Due tells whether a source with those last harvests (newest first) is
// due at now (see NextHarvest).
func Due(src store.Source, runs []store.HarvestRun, now time.Time) bool {
	at, ok := NextHarvest(src, runs)
	return ok && !at.After(now)
}

// Schedule harvests, every tick until ctx ends, the declared sources that
// are due by the clock now. Each harvest holds its source's lease, and the
// source is checked again once the lease is held: several processes on
// one database never harvest the same source at once, nor twice in a row.
func Schedule(ctx context.Context, st store.Store, tick time.Duration, now func() time.Time, opt Options, log *slog.Logger) {
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		scheduleOnce(ctx, st, now, opt, log)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// ScheduleOnce harvests the sources due now, one after the other.
func ScheduleOnce(ctx context.Context, st store.Store, now func() time.Time, opt Options, log *slog.Logger) {
	sources, err := st.DeclaredSources(ctx)
	if err != nil {
		if ctx.Err() == nil {
			log.Warn("moisson programmée : sources illisibles", "err", err)
		}
		return
	}
	last, err := st.LastHarvests(ctx)
	if err == nil {
		// A harvest whose process was killed is retried as interrupted.
		err = SettleLast(ctx, st, last)
	}
	if err != nil {
		if ctx.Err() == nil {
			log.Warn("moisson programmée : moissons illisibles", "err", err)
		}
		return
	}
	// Records left waiting by a merge run that failed, or by a process
	// killed after its import's commit, are merged once the harvests due
	// are done (one server does it: a lease).
	defer resumeMerge(ctx, st, opt, log)
	for _, src := range sources {
		if ctx.Err() != nil {
			return
		}
		var runs []store.HarvestRun
		if r, ok := last[src.Name]; ok {
			runs = []store.HarvestRun{r}
			// After a failure, the failures in a row set the delay.
			if r.Status == store.HarvestFailed || r.Status == store.HarvestInterrupted {
				if runs, err = st.HarvestRuns(ctx, src.Name, runsForRetry); err == nil {
					err = Settle(ctx, st, runs)
				}
				if err != nil {
					if ctx.Err() == nil {
						log.Warn("moisson programmée : moissons illisibles", "source", src.Name, "err", err)
					}
					continue
				}
			}
		}
		if !Due(src, runs, now()) {
			continue
		}
		o := opt
		o.Due = func(runs []store.HarvestRun) bool { return Due(src, runs, now()) }
		run, err := scheduledHarvest(ctx, st, src, o)
		switch {
		case errors.Is(err, errNotDue), errors.Is(err, failure.ErrConflict) && run.ID == 0, errors.Is(err, ErrSourceRemoved):
			// Another process harvests it, or just did, or it was removed.
		case logPanic(log, src.Name, err):
		case err != nil:
			log.Warn("moisson programmée en échec", "source", src.Name, "err", run.Error)
		case MergeFailed(run):
			log.Warn("moisson programmée réussie, mais la recherche des doublons a échoué", "source", src.Name, "statut", run.Status,
				"crees", run.Created, "mis_a_jour", run.Updated, "retires", run.Withdrawn, "err", run.Error)
		default:
			log.Info("moisson programmée", "source", src.Name, "statut", run.Status, "crees", run.Created, "mis_a_jour", run.Updated,
				"inchanges", run.Unchanged, "retires", run.Withdrawn, "rejetes", run.Rejected)
		}
	}
}

// scheduledHarvest is Harvest, a panic of which outside the fetching and
// importing (already recovered there) is returned as an error too: the
// schedule goes on with the next source.
func scheduledHarvest(ctx context.Context, st store.Store, src store.Source, opt Options) (run store.HarvestRun, err error) {
	defer recovered(&err)
	return Harvest(ctx, st, src, opt)
}
