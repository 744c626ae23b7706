package evaluation

import (
	"context"
	"time"

	"maillage/internal/account"
	"maillage/internal/activity"
	"maillage/internal/orientation"
	"maillage/internal/store"
)

// Source is the part of the store the statistics read.
type Source interface {
	Activities(ctx context.Context, f store.ActivityFilter) ([]activity.Activity, error)
	Aggregates(ctx context.Context, f store.ActivityFilter) ([]activity.Aggregate, error)
	Coordinations(ctx context.Context, f store.ActivityFilter) ([]activity.Coordination, error)
	ListOrientations(ctx context.Context, f store.OrientationFilter) ([]orientation.Orientation, error)
}

// APISource is a Source that also holds the Coop's API statistics (the
// store does): Load counts them by the rule of Compute.
type APISource interface {
	APIAggregates(ctx context.Context, f store.ActivityFilter) ([]activity.APIAggregate, error)
}

// Scope is what the statistics are of: one registry place (Lieu), or the
// territories given (communes, EPCI, départements, régions: a hub's
// perimeter is its départements), or everywhere (neither).
type Scope struct {
	Lieu        string
	Territories []store.TerritoryRef
}

// Load computes the statistics of sc over p and over the previous period
// of the same length (Period.Previous), reading the rows once.
//
// A place's statistics have no coordination activities, nor a commune's
// or an EPCI's (coordinationFilter); orientations count those sent to the
// place, or to places of the territories given (the place's commune, EPCI,
// département and région when it was oriented to).
func Load(ctx context.Context, st Source, sc Scope, p Period) (cur, prev Stats, err error) {
	pp := p.Previous()
	f := store.ActivityFilter{LieuID: sc.Lieu, From: pp.From, To: p.To, Territories: sc.Territories}
	var in Input
	if in.Activities, err = st.Activities(ctx, f); err != nil {
		return
	}
	if in.Aggregates, err = st.Aggregates(ctx, f); err != nil {
		return
	}
	if sc.Lieu == "" {
		if cf, ok := coordinationFilter(f); ok {
			if in.Coordinations, err = st.Coordinations(ctx, cf); err != nil {
				return
			}
		}
		if api, ok := st.(APISource); ok {
			if in.APIAggregates, err = api.APIAggregates(ctx, f); err != nil {
				return
			}
		}
	}
	of := store.OrientationFilter{}
	since, _ := time.Parse(day, pp.From)
	until, _ := time.Parse(day, p.To)
	of.Since, of.Until = since, until.AddDate(0, 0, 1)
	switch {
	case sc.Lieu != "" || len(sc.Territories) == 0:
		of.All = true
	default:
		for _, t := range sc.Territories {
			of.Territories = append(of.Territories, account.Territory{Kind: t.Kind, Code: t.Code})
		}
	}
	os, err := st.ListOrientations(ctx, of)
	if err != nil {
		return cur, prev, err
	}
	for _, o := range os {
		if sc.Lieu == "" || o.LieuID == sc.Lieu {
			in.Orientations = append(in.Orientations, o)
		}
	}
	return Compute(p, in), Compute(pp, in), nil
}

var _ ReportSource = store.Store(nil)

// coordinationFilter narrows f to the territories that hold a whole
// coordination activity's territory, and false when none does. A
// coordination activity concerns a département (or, with no territory, a
// région or the whole country): it counts in that département, its
// région, a perimeter that holds them, and everywhere; never in a commune
// or an EPCI, which would each count the département's whole work (the
// Tarn's 314 communes summed would count it 314 times).
func coordinationFilter(f store.ActivityFilter) (store.ActivityFilter, bool) {
	if len(f.Territories) == 0 {
		return f, true
	}
	var ts []store.TerritoryRef
	for _, t := range f.Territories {
		if t.Kind == "departement" || t.Kind == "region" {
			ts = append(ts, t)
		}
	}
	f.Territories = ts
	return f, len(ts) > 0
}
