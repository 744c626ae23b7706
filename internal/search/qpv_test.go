package search

import (
	"math"
	"slices"
	"sort"
	"testing"

	"maillage/internal/place"
	"maillage/internal/store/storetest"
)

// qpvFixture: places against storetest.QPVLayer (QN03101M, the square
// 43.60–43.62 × 1.40–1.42 with a hole 43.605–43.615 × 1.405–1.415;
// QN03102M, two small squares by Blagnac).
func qpvFixture(withLayer bool) *Index {
	ref := storetest.Referential()
	if withLayer {
		ref.SetLayer(storetest.QPVLayer(monday10h))
	}
	east200m := 1.42 + 0.2/(111.195*math.Cos(43.61*math.Pi/180))
	ls := []*place.Lieu{
		lieu("dans", 43.601, 1.401, func(l *place.Lieu) { l.CodeINSEE = "31555" }),
		lieu("trou", 43.61, 1.41, func(l *place.Lieu) { l.CodeINSEE = "31555" }),       // in the hole, 400 m from its edges
		lieu("proche", 43.61, east200m, func(l *place.Lieu) { l.CodeINSEE = "31555" }), // 200 m east of the square
		lieu("albi", 43.9258, 2.1477, func(l *place.Lieu) { l.CodeINSEE = "81004" }),
		// No position: Blagnac's centre, 130 m from QN03102M, is not the place's.
		lieu("blagnac", 0, 0, func(l *place.Lieu) { l.CodeINSEE, l.CodePostal, l.Coordinates = "31069", "31700", nil }),
	}
	return Build(ls, ref, monday10h)
}

func sortedIDs(r Result) []string {
	out := ids(r)
	sort.Strings(out)
	return out
}

func TestQPVFilter(t *testing.T) {
	ix := qpvFixture(true)
	tests := []struct {
		qpv  []string
		want []string
	}{
		{nil, []string{"albi", "blagnac", "dans", "proche", "trou"}},
		{[]string{QPVIn}, []string{"dans"}},
		{[]string{QPVNear}, []string{"dans", "proche"}},
		{[]string{QPVIn, QPVNear}, []string{"dans", "proche"}},
		{[]string{"partout"}, nil},
	}
	for _, tt := range tests {
		res := ix.Search(Query{QPV: tt.qpv, OpenAt: monday10h})
		if got := sortedIDs(res); !slices.Equal(got, tt.want) {
			t.Errorf("qpv=%v: %v, want %v", tt.qpv, got, tt.want)
		}
		// The facet counts ignore the QPV filter itself (disjunctive), as
		// every facet's do.
		want := []FacetValue{{QPVIn, 1, slices.Contains(tt.qpv, QPVIn)}, {QPVNear, 2, slices.Contains(tt.qpv, QPVNear)}}
		if got := res.Facets[FacetQPV]; !slices.Equal(got, want) {
			t.Errorf("qpv=%v: facet %v, want %v", tt.qpv, got, want)
		}
	}
	// Another filter narrows the counts.
	res := ix.Search(Query{Departements: []string{"81"}, OpenAt: monday10h})
	if got := res.Facets[FacetQPV]; got[0].Count != 0 || got[1].Count != 0 {
		t.Errorf("facet with departement=81: %v", got)
	}

	// A place moved into the QPV counts at once.
	moved := lieu("albi", 43.619, 1.419, func(l *place.Lieu) { l.CodeINSEE = "31555" })
	next := ix.Apply([]*place.Lieu{moved}, nil)
	if got := sortedIDs(next.Search(Query{QPV: []string{QPVIn}, OpenAt: monday10h})); !slices.Equal(got, []string{"albi", "dans"}) {
		t.Errorf("after Apply: %v", got)
	}
}

func TestQPVFilterWithoutLayer(t *testing.T) {
	ix := qpvFixture(false)
	res := ix.Search(Query{OpenAt: monday10h})
	if _, ok := res.Facets[FacetQPV]; ok {
		t.Errorf("QPV facet offered without a QPV layer: %v", res.Facets[FacetQPV])
	}
	if res.Total != 5 {
		t.Errorf("total without the layer: %d", res.Total)
	}
}

func TestAttach(t *testing.T) {
	ix := qpvFixture(true)
	for _, tt := range []struct {
		id, commune, epci, dept, region, qpv string
		near                                 []string
	}{
		{"dans", "Toulouse", "243100518", "31", "76", "QN03101M", nil},
		{"proche", "Toulouse", "243100518", "31", "76", "", []string{"QN03101M"}},
		{"trou", "Toulouse", "243100518", "31", "76", "", nil},
		{"albi", "Albi", "248100737", "81", "76", "", nil},
		{"blagnac", "Blagnac", "243100518", "31", "76", "", nil},
	} {
		l, ok := ix.Lieu(tt.id)
		if !ok {
			t.Fatalf("%s not indexed", tt.id)
		}
		a := ix.Attach(l)
		got := []string{"", "", "", "", ""}
		if a.Commune != nil {
			got[0] = a.Commune.Nom
		}
		if a.EPCI != nil {
			got[1] = a.EPCI.Code
		}
		if a.Departement != nil {
			got[2] = a.Departement.Code
		}
		if a.Region != nil {
			got[3] = a.Region.Code
		}
		if a.QPV != nil {
			got[4] = a.QPV.Code
		}
		var near []string
		for _, z := range a.NearQPV {
			near = append(near, z.Code)
		}
		if want := []string{tt.commune, tt.epci, tt.dept, tt.region, tt.qpv}; !slices.Equal(got, want) || !slices.Equal(near, tt.near) {
			t.Errorf("%s: %v %v, want %v %v", tt.id, got, near, want, tt.near)
		}
	}
}
