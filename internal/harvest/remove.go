package harvest

import (
	"context"
	"fmt"
	"strings"

	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/importer"
	"maillage/internal/printable"
	"maillage/internal/store"
)

// Remove removes a declared source: under its lease, its records are
// withdrawn (an import of nothing, with Withdraw: their places are
// unpublished unless another source or a hand edit holds them up; they
// are kept in history, not erased), the removal is recorded as its last
// harvest, and the source is marked removed (journaled as done by
// opt.Actor).
func Remove(ctx context.Context, st store.Store, name string, opt Options) (store.HarvestRun, error) {
	src, err := st.Source(ctx, name)
	if err != nil {
		return store.HarvestRun{}, err
	}
	if !src.RemovedAt.IsZero() {
		return store.HarvestRun{}, failure.Errorf(failure.NotFound, "La source « %s » est déjà supprimée.", printable.String(name))
	}
	opt.Holder = operationHolder(opt.Holder)
	if opt.Actor == "" {
		opt.Actor = "système"
	}
	lease := "moisson:" + name
	ok, err := acquireLease(ctx, st, lease, opt.Holder, LeaseTTL)
	if err != nil {
		return store.HarvestRun{}, err
	}
	if !ok {
		return store.HarvestRun{}, failure.Errorf(failure.Conflict, "La source « %s » est en cours de moisson : réessayez quand elle sera finie.", printable.String(name))
	}
	defer st.ReleaseLease(context.WithoutCancel(ctx), lease, opt.Holder)
	id, err := st.StartHarvest(ctx, name)
	if err != nil {
		return store.HarvestRun{}, err
	}
	run := store.HarvestRun{ID: id, Source: name}
	file := "suppression de la source " + name
	res, err := importer.Import(ctx, st, strings.NewReader("[]"), file, importer.Options{Source: name, Withdraw: true})
	if err != nil {
		run.Status, run.Error = store.HarvestFailed, failure.MessageOf(err)
	} else {
		run.Status = store.HarvestDone
		run.Withdrawn = withdrawn(res)
		run.Report = fmt.Sprintf("Source « %s » supprimée : %s ; leurs lieux sont dépubliés s'ils ne tiennent qu'à elle (gardés dans l'historique).\n",
			printable.String(name), french.Count(run.Withdrawn, "enregistrement retiré", "enregistrements retirés"))
		err = st.RemoveSource(ctx, name, opt.Actor)
	}
	if ferr := st.FinishHarvest(context.WithoutCancel(ctx), run); ferr != nil && err == nil {
		err = ferr
	}
	return run, err
}
