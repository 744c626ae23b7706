package harvest

import (
	"context"

	"maillage/internal/store"
)

// interruptedWords say why a run recorded running is shown interrupted.
const interruptedWords = "moisson interrompue : le processus qui la faisait s'est arrêté avant sa fin (son bail sur la source a expiré)"

// Settle gives the runs of harvests (of any sources, in any order) as
// they are: a run recorded running whose source's lease nobody holds any
// more (expired, given back, or held by a dead process of this machine)
// was interrupted — its process was killed — and is shown and scheduled
// as such (NextHarvest tries it again RetryFirst after it). A harvest
// alive renews its lease every third of LeaseTTL.
func Settle(ctx context.Context, st store.Store, runs []store.HarvestRun) error {
	alive := map[string]bool{}
	for i, r := range runs {
		if r.Status != store.HarvestRunning {
			continue
		}
		live, ok := alive[r.Source]
		if !ok {
			holder, err := st.LeaseHolder(ctx, "moisson:"+r.Source)
			if err != nil {
				return err
			}
			live = holder != "" && !deadHere(holder)
			alive[r.Source] = live
		}
		if !live {
			runs[i] = interrupted(r)
		}
	}
	return nil
}

// SettleLast is Settle for the last harvest of each source.
func SettleLast(ctx context.Context, st store.Store, last map[string]store.HarvestRun) error {
	for name, r := range last {
		if r.Status != store.HarvestRunning {
			continue
		}
		runs := []store.HarvestRun{r}
		if err := Settle(ctx, st, runs); err != nil {
			return err
		}
		last[name] = runs[0]
	}
	return nil
}

// interrupted is a run recorded running whose process died.
func interrupted(r store.HarvestRun) store.HarvestRun {
	r.Status = store.HarvestInterrupted
	if r.Error == "" {
		r.Error = interruptedWords
	}
	return r
}
