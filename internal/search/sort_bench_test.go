package search

import (
	"cmp"
	"slices"
	"strings"
	"testing"

	"maillage/internal/place"
	"maillage/internal/store/storetest"
	"maillage/internal/territory"
)

// BenchmarkSearchUnfiltered: the API's unfiltered list (no filter, page 1
// or a deep page of 20, sorted by name, no facets) over 131 000 places,
// the size of the reviewer's registry: every place is a hit, so the cost
// is ordering them.
func BenchmarkSearchUnfiltered(b *testing.B) {
	ix := realistic(b, 131000)
	for _, tt := range []struct {
		name string
		q    Query
	}{
		{"page1", Query{PerPage: 20, NoFacets: true, OpenAt: monday10h}},
		{"page100", Query{PerPage: 20, Page: 100, NoFacets: true, OpenAt: monday10h}},
		{"page1-date_maj", Query{PerPage: 20, Sort: "date_maj", NoFacets: true, OpenAt: monday10h}},
	} {
		b.Run(tt.name, func(b *testing.B) {
			start := cpuTime(b)
			for b.Loop() {
				if r := ix.Search(tt.q); len(r.Hits) != 20 {
					b.Fatalf("%d hits", len(r.Hits))
				}
			}
			b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}

// Every page of an unfiltered list, by name or by date, is the slice of
// the whole registry sorted by a plain sort of the test (the oracle):
// keeping only the first hits up to the page changes nothing.
func TestPagesInOrder(t *testing.T) {
	ls := generated(t, 2500)
	for i, l := range ls { // equal names and dates: the id breaks ties
		if i%7 == 0 {
			l.Nom = "Espace numérique"
		}
	}
	ix := Build(ls, storetest.Referential(), monday10h)
	byName := slices.Clone(ls)
	slices.SortFunc(byName, func(a, b *place.Lieu) int {
		return cmp.Or(strings.Compare(territory.Fold(a.Nom), territory.Fold(b.Nom)), strings.Compare(a.ID, b.ID))
	})
	byDate := slices.Clone(ls)
	slices.SortFunc(byDate, func(a, b *place.Lieu) int {
		return cmp.Or(b.DateMaj.Compare(a.DateMaj), strings.Compare(a.ID, b.ID))
	})
	for _, tt := range []struct {
		sort string
		want []*place.Lieu
	}{{"", byName}, {"nom", byName}, {"date_maj", byDate}} {
		for _, per := range []int{20, 50} {
			for _, page := range []int{1, 2, 7, (len(ls) + per - 1) / per, 1000} {
				r := ix.Search(Query{Sort: tt.sort, PerPage: per, Page: page, NoFacets: true, OpenAt: monday10h})
				from, to := min((page-1)*per, len(ls)), min(page*per, len(ls))
				var got []string
				for _, h := range r.Hits {
					got = append(got, h.Lieu.ID)
				}
				var want []string
				for _, l := range tt.want[from:to] {
					want = append(want, l.ID)
				}
				if !slices.Equal(got, want) || r.Total != len(ls) || r.Pages != (len(ls)+per-1)/per {
					t.Errorf("sort %q, %d per page, page %d: total %d pages %d\n got %v\nwant %v", tt.sort, per, page, r.Total, r.Pages, got, want)
				}
			}
		}
	}
}
