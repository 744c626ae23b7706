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

// Due tells whether a source with that interval, last harvested as last
// (nil: never), is due at now. A source without interval is harvested on
// demand only.
func Due(src store.Source, last *store.HarvestRun, now time.Time) bool {
	if src.Interval <= 0 {
		return false
	}
	return last == nil || !last.Started.Add(src.Interval).After(now)
}

// Schedule harvests, every tick until ctx ends, the declared sources that
// are due by the clock now. Each harvest holds its source's lease, and the
// source is checked again once the lease is held: several processes on
// one database never harvest the same source at once, nor twice in a row.
func Schedule(ctx context.Context, st store.Store, tick time.Duration, now func() time.Time, opt Options, log *slog.Logger) {
	if opt.Holder == "" {
		opt.Holder = Holder()
	}
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
	if err != nil {
		if ctx.Err() == nil {
			log.Warn("moisson programmée : moissons illisibles", "err", err)
		}
		return
	}
	for _, src := range sources {
		if ctx.Err() != nil {
			return
		}
		var l *store.HarvestRun
		if r, ok := last[src.Name]; ok {
			l = &r
		}
		if !Due(src, l, now()) {
			continue
		}
		o := opt
		o.Due = func(l *store.HarvestRun) bool { return Due(src, l, now()) }
		run, err := scheduledHarvest(ctx, st, src, o)
		switch {
		case errors.Is(err, errNotDue), errors.Is(err, failure.ErrConflict) && run.ID == 0, errors.Is(err, ErrSourceRemoved):
			// Another process harvests it, or just did, or it was removed.
		case logPanic(log, src.Name, err):
		case err != nil:
			log.Warn("moisson programmée en échec", "source", src.Name, "err", run.Error)
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
