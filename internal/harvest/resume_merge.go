package harvest

import (
	"context"
	"log/slog"

	"maillage/internal/dedup"
	"maillage/internal/store"
)

// mergeLease is held by the schedule while it resumes a merge run, so
// that one server sharing the database does it, not all of them.
const mergeLease = dedup.MergeLease

// ResumeMerge runs the merge on the records still waiting for it — left
// by an import or harvest whose merge run failed or whose process was
// killed after its commit — under a lease: one server of those sharing
// the database does it. With nothing waiting it costs one query. It
// returns whether a run was done, and what it did.
func ResumeMerge(ctx context.Context, st store.Store, opt Options) (bool, dedup.RunReport, error) {
	waiting, err := st.HasPending(ctx)
	if err != nil || !waiting {
		return false, dedup.RunReport{}, err
	}
	holder, ttl := operationHolder(opt.Holder), opt.LeaseTTL
	if ttl <= 0 {
		ttl = LeaseTTL
	}
	ok, err := acquireLease(ctx, st, mergeLease, holder, ttl)
	if err != nil || !ok {
		return false, dedup.RunReport{}, err
	}
	defer dedup.Hold(ctx, st, mergeLease, holder, ttl)()
	cfg := dedup.DefaultConfig()
	if opt.Dedup != nil {
		cfg = *opt.Dedup
	}
	rep, err := cfg.RunClaimed(ctx, st)
	return true, rep, err
}

// resumeMerge is ResumeMerge for the schedule, which logs what it did.
func resumeMerge(ctx context.Context, st store.Store, opt Options, log *slog.Logger) {
	done, rep, err := ResumeMerge(ctx, st, opt)
	switch {
	case err != nil && ctx.Err() == nil:
		log.Warn("recherche des doublons en attente : échec (elle reprendra)", "err", err)
	case done && err == nil:
		log.Info("recherche des doublons en attente reprise", "bilan", rep.String())
	}
}
