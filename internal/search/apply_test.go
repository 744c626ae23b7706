package search

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"maillage/internal/place"
	"maillage/internal/standard"
	"maillage/internal/standard/standardtest"
	"maillage/internal/store/storetest"
)

// generated returns n generated places.
func generated(tb testing.TB, n int) []*place.Lieu {
	tb.Helper()
	var buf bytes.Buffer
	if err := standardtest.WriteCSV(&buf, n, 7); err != nil {
		tb.Fatal(err)
	}
	sc, err := standard.NewScanner(&buf, "bench.csv")
	if err != nil {
		tb.Fatal(err)
	}
	var ls []*place.Lieu
	for sc.Scan() {
		if e := sc.Entry(); e.OK {
			l := e.Lieu
			ls = append(ls, &l)
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return ls
}

// answers is what an index tells a set of queries, independent of how it
// numbers its entries.
func answers(ix *Index) map[string]any {
	out := map[string]any{"len": ix.Len()}
	var each []string
	ix.Each(func(l *place.Lieu) { each = append(each, l.ID+"|"+l.Nom) })
	out["each"] = each
	queries := map[string]Query{
		"all":      {PerPage: MaxPerPage, OpenAt: monday10h},
		"all-nom2": {PerPage: MaxPerPage, Page: 2, OpenAt: monday10h},
		"date":     {PerPage: 50, Sort: "date_maj", OpenAt: monday10h},
		"toulouse": {Center: &place.Point{Lat: 43.6045, Lon: 1.4440}, RadiusKm: 30, PerPage: MaxPerPage, OpenAt: monday10h},
		"filtered": {Values: map[string][]string{FacetServices: {place.ServiceDemarches}}, Hours: []string{HoursOpenNow}, PerPage: MaxPerPage, OpenAt: monday10h},
		"bbox":     {BBox: &BBox{South: 43, West: 0, North: 46, East: 5}, PerPage: MaxPerPage, Departements: []string{"31", "81"}, OpenAt: monday10h},
		"commune":  {Communes: []string{"31555"}, Pass: true, PerPage: MaxPerPage, OpenAt: monday10h},
	}
	for name, q := range queries {
		r := ix.Search(q)
		var hits []string
		for _, h := range r.Hits {
			hits = append(hits, fmt.Sprintf("%s %.3f %v", h.Lieu.ID, h.DistanceKm, h.Approx))
		}
		out[name] = []any{r.Total, r.Pages, hits, r.Facets}
	}
	france := BBox{South: 41, West: -5.5, North: 51.5, East: 10}
	for _, zoom := range []int{3, 6, 9, 13} {
		out[fmt.Sprintf("clusters-%d", zoom)] = ix.Clusters(Query{OpenAt: monday10h}, france, zoom)
		out[fmt.Sprintf("clusters-filtered-%d", zoom)] = ix.Clusters(Query{Values: map[string][]string{FacetFrais: {place.FraisGratuit}}, OpenAt: monday10h}, france, zoom)
	}
	return out
}

// equal compares answers; the means of clusters are summed in map order,
// so they are equal to 1e-9 degree.
func equal(a, b any) bool {
	ca, ok := a.([]Cluster)
	if !ok {
		return reflect.DeepEqual(a, b)
	}
	cb := b.([]Cluster)
	if len(ca) != len(cb) {
		return false
	}
	for i := range ca {
		x, y := ca[i], cb[i]
		if math.Abs(x.Lat-y.Lat) > 1e-9 || math.Abs(x.Lon-y.Lon) > 1e-9 {
			return false
		}
		x.Lat, x.Lon = y.Lat, y.Lon
		if x != y {
			return false
		}
	}
	return true
}

func sameAnswers(t *testing.T, what string, got, want *Index) {
	t.Helper()
	g, w := answers(got), answers(want)
	for k := range w {
		if !equal(g[k], w[k]) {
			t.Fatalf("%s: %s differs from a full build:\n got %v\nwant %v", what, k, g[k], w[k])
		}
	}
}

// Apply gives the index a full build of the same places would give, and
// leaves the index it started from as it was.
func TestApplyMatchesBuild(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ls := generated(t, 3000)
	// Some without coordinates: placed at their commune's centre, if known.
	for _, l := range ls[:300] {
		l.Coordinates = nil
		l.CodeINSEE, l.CodePostal = "31555", "31000"
	}
	ref := storetest.Referential()
	current := map[string]*place.Lieu{}
	for _, l := range ls {
		current[l.ID] = l
	}
	ix := Build(ls, ref, monday10h)
	for round := 0; round < 8; round++ {
		before := answers(ix)
		var changed []*place.Lieu
		var removed []string
		ids := make([]string, 0, len(current))
		for id := range current {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for k := 0; k < 40; k++ {
			id := ids[rng.IntN(len(ids))]
			if current[id] == nil { // removed in this round
				continue
			}
			l := *current[id]
			switch rng.IntN(6) {
			case 0: // moved far away
				other := current[ids[rng.IntN(len(ids))]]
				l.Coordinates = other.Coordinates
				l.Nom = "Déplacé " + id
			case 1: // other services and hours
				l.Services = []string{place.ServiceDemarches}
				l.Horaires = "Mo-Su 08:00-20:00"
				l.PassNumerique = !l.PassNumerique
			case 2: // another commune, no coordinates
				l.Coordinates = nil
				l.CodeINSEE, l.CodePostal = "81004", "81000"
			case 3: // removed
				removed = append(removed, id)
				delete(current, id)
				continue
			case 4: // a new place, before or after the others in id order
				l.ID = fmt.Sprintf("%c-nouveau-%d-%d", "a~"[rng.IntN(2)], round, k)
				l.Nom = "Nouveau " + l.ID
				l.CodeINSEE = fmt.Sprintf("99%03d", k) // a commune the index has not seen
			default: // renamed (sort by name)
				l.Nom = fmt.Sprintf("Renommé %d", rng.IntN(100))
			}
			current[l.ID] = &l
			changed = append(changed, &l)
		}
		// Removing an absent id, or a place that comes back in the same change, is harmless.
		removed = append(removed, "absent")
		next := ix.Apply(changed, removed)
		for k, v := range answers(ix) {
			if !equal(v, before[k]) {
				t.Fatalf("round %d: Apply changed the index it started from: %s\n got %v\nwant %v", round, k, v, before[k])
			}
		}
		all := make([]*place.Lieu, 0, len(current))
		for _, l := range current {
			all = append(all, l)
		}
		sameAnswers(t, fmt.Sprintf("round %d", round), next, Build(all, ref, monday10h))
		for _, l := range changed {
			// The last version of a place changed twice wins.
			if got, ok := next.Lieu(l.ID); current[l.ID] != nil && (!ok || got != current[l.ID]) {
				t.Fatalf("round %d: Lieu(%q) = %v, %v", round, l.ID, got, ok)
			}
		}
		for _, id := range removed {
			if _, ok := next.Lieu(id); ok && current[id] == nil {
				t.Fatalf("round %d: %q is still there", round, id)
			}
		}
		ix = next
	}
}

// Removing most places compacts the index.
func TestApplyRemovesMany(t *testing.T) {
	ls := generated(t, 3000)
	ix := Build(ls, storetest.Referential(), monday10h)
	var removed []string
	for _, l := range ls[:2000] {
		removed = append(removed, l.ID)
	}
	next := ix.Apply(nil, removed)
	sameAnswers(t, "after removing 2 000", next, Build(ls[2000:], storetest.Referential(), monday10h))
	if next.entries.len() != 1000 {
		t.Errorf("%d entries kept for 1 000 places", next.entries.len())
	}
}

// BenchmarkApply: one changed place put into an index of 100 000 (the
// cost of an edit or a one-place import in the index, without the read).
func BenchmarkApply(b *testing.B) {
	ls := generated(b, 100000)
	ix := Build(ls, storetest.Referential(), monday10h)
	edited := *ls[500]
	edited.Nom = "Édité"
	edited.Coordinates = ls[90000].Coordinates
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix.Apply([]*place.Lieu{&edited}, nil)
	}
}
