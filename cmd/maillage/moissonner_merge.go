package main

import (
	"context"
	"time"

	"maillage/internal/dedup"
	"maillage/internal/harvest"
	"maillage/internal/store"
)

// laterMerge runs the merge after a harvest of several sources, and says
// what it did, in the summary's words. A failure leaves the records
// waiting for the next run.
func laterMerge(ctx context.Context, e *env, st store.Store, opt harvest.Options) string {
	cfg := dedup.DefaultConfig()
	if opt.Dedup != nil {
		cfg = *opt.Dedup
	}
	start := e.now()
	rep, err := cfg.RunStore(ctx, st)
	took := time.Since(start).Round(time.Millisecond)
	if err != nil {
		return "recherche des doublons : échec (elle reprendra à la prochaine moisson, au prochain import ou avec « maillage doublons --comparer ») : " + message(err) + " (" + took.String() + ")"
	}
	return "recherche des doublons : " + rep.String() + " (" + took.String() + ")"
}
