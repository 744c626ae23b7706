package main

import (
	"context"
	"fmt"

	"maillage/internal/store"
)

// runPendingMerge runs the merge on the records still waiting for it: a
// run that failed or was interrupted after its import's commit.
func runPendingMerge(ctx context.Context, e *env, st store.Store) error {
	cfg, err := dedupConfig(e)
	if err != nil {
		return err
	}
	waiting, err := st.HasPending(ctx)
	if err != nil {
		return err
	}
	if !waiting {
		fmt.Fprintln(e.stdout, "Aucun enregistrement n'attend la recherche des doublons.")
		return nil
	}
	rep, err := cfg.RunStore(ctx, st)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "Doublons :", rep.String())
	return nil
}
