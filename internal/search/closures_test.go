package search

import (
	"testing"
	"time"

	"maillage/internal/openinghours"
	"maillage/internal/place"
	"maillage/internal/store/storetest"
)

// TestClosuresCloseOpenNow: a place open by its hours is not « ouvert
// maintenant » on the days of a temporary closure (Europe/Paris days, both
// included), neither in the filter nor in the facet's count; it is again
// the day after; an index that follows the change (Apply) agrees.
func TestClosuresCloseOpenNow(t *testing.T) {
	d := func(s string) time.Time { v, _ := place.ParseClosureDay(s); return v }
	closure := place.Closure{From: d("2026-11-23"), To: d("2026-11-24"), Reason: place.ClosureHolidays}
	ls := []*place.Lieu{
		lieu("ferme", 43.6, 1.44, func(l *place.Lieu) { l.Horaires = "24/7"; l.Closures = []place.Closure{closure} }),
		lieu("ouvert", 43.6, 1.44, func(l *place.Lieu) { l.Horaires = "24/7" }),
		// A past and a future closure do not close it now.
		lieu("plus-tard", 43.6, 1.44, func(l *place.Lieu) {
			l.Horaires = "24/7"
			l.Closures = []place.Closure{{From: d("2026-11-01"), To: d("2026-11-22"), Reason: place.ClosureWorks}, {From: d("2026-11-26"), To: d("2026-11-30"), Reason: place.ClosureWorks}}
		}),
	}
	ix := Build(ls, storetest.Referential(), monday10h)
	for _, tc := range []struct {
		at   time.Time
		want []string
	}{
		{monday10h, []string{"ouvert", "plus-tard"}},
		// Tuesday 23:59 Paris is 22:59 UTC: still the closure's last day.
		{time.Date(2026, 11, 24, 23, 59, 0, 0, openinghours.Paris), []string{"ouvert", "plus-tard"}},
		{time.Date(2026, 11, 25, 0, 0, 0, 0, openinghours.Paris), []string{"ferme", "ouvert", "plus-tard"}},
		{time.Date(2026, 11, 22, 23, 59, 0, 0, openinghours.Paris), []string{"ferme", "ouvert"}},
		// Outside the indexed week.
		{time.Date(2026, 11, 27, 9, 0, 0, 0, openinghours.Paris), []string{"ferme", "ouvert"}},
	} {
		r := ix.Search(Query{Hours: []string{HoursOpenNow}, OpenAt: tc.at})
		got := ids(r)
		if !eq(got, tc.want) {
			t.Errorf("open at %s: %v, want %v", tc.at, got, tc.want)
		}
		all := ix.Search(Query{OpenAt: tc.at})
		if n := facet(all, FacetHoraires)[HoursOpenNow]; n != len(tc.want) {
			t.Errorf("facet « ouvert maintenant » at %s: %d, want %d", tc.at, n, len(tc.want))
		}
	}
	// The closure withdrawn: Apply reads the place again.
	reopened := lieu("ferme", 43.6, 1.44, func(l *place.Lieu) { l.Horaires = "24/7" })
	next := ix.Apply([]*place.Lieu{reopened}, nil)
	if got := ids(next.Search(Query{Hours: []string{HoursOpenNow}, OpenAt: monday10h})); !eq(got, []string{"ferme", "ouvert", "plus-tard"}) {
		t.Errorf("after the closure was withdrawn: %v", got)
	}
	closed := lieu("ouvert", 43.6, 1.44, func(l *place.Lieu) { l.Horaires = "24/7"; l.Closures = []place.Closure{closure} })
	next = next.Apply([]*place.Lieu{closed}, nil)
	if got := ids(next.Search(Query{Hours: []string{HoursOpenNow}, OpenAt: monday10h})); !eq(got, []string{"ferme", "plus-tard"}) {
		t.Errorf("after a closure was announced: %v", got)
	}
}
