package evaluation

import (
	"context"
	"time"

	"maillage/internal/store"
)

// LoadPlaces computes the statistics of several registry places together
// (a structure's: the places of one SIRET) over p and the previous period,
// as Load does for one place: their activities and aggregates, and the
// orientations sent to them; no coordination activities.
func LoadPlaces(ctx context.Context, st Source, ids []string, p Period) (cur, prev Stats, err error) {
	pp := p.Previous()
	var in Input
	of := map[string]bool{}
	for _, id := range ids {
		if id == "" || of[id] {
			continue // "" would select every place
		}
		of[id] = true
		f := store.ActivityFilter{LieuID: id, From: pp.From, To: p.To}
		as, err := st.Activities(ctx, f)
		if err != nil {
			return cur, prev, err
		}
		in.Activities = append(in.Activities, as...)
		gs, err := st.Aggregates(ctx, f)
		if err != nil {
			return cur, prev, err
		}
		in.Aggregates = append(in.Aggregates, gs...)
	}
	if len(of) > 0 {
		since, _ := time.Parse(day, pp.From)
		until, _ := time.Parse(day, p.To)
		os, err := st.ListOrientations(ctx, store.OrientationFilter{All: true, Since: since, Until: until.AddDate(0, 0, 1)})
		if err != nil {
			return cur, prev, err
		}
		for _, o := range os {
			if of[o.LieuID] {
				in.Orientations = append(in.Orientations, o)
			}
		}
	}
	return Compute(p, in), Compute(pp, in), nil
}
