package search

import (
	"sort"
	"testing"
	"time"

	"maillage/internal/openinghours"
	"maillage/internal/place"
	"maillage/internal/store/storetest"
)

// 2026-11-23 is a Monday.
var monday10h = time.Date(2026, 11, 23, 10, 0, 0, 0, openinghours.Paris)

func lieu(id string, lat, lon float64, mod func(*place.Lieu)) *place.Lieu {
	l := storetest.Sample(id)
	l.Nom = "Lieu " + id
	l.Coordinates = &place.Point{Lat: lat, Lon: lon}
	l.PassNumerique = false
	if mod != nil {
		mod(&l)
	}
	return &l
}

func fixture() *Index {
	ref := storetest.Referential()
	ls := []*place.Lieu{
		// Toulouse centre
		lieu("tls-1", 43.6045, 1.4440, func(l *place.Lieu) {
			l.CodeINSEE, l.CodePostal = "31555", "31000"
			l.Services = []string{place.ServiceDemarches}
			l.FraisACharge = []string{place.FraisGratuit}
			l.Horaires = "Mo-Fr 09:00-12:00"
		}),
		lieu("tls-2", 43.6100, 1.4500, func(l *place.Lieu) {
			l.CodeINSEE, l.CodePostal = "31555", "31000"
			l.Services = []string{place.ServiceOutils, place.ServiceDemarches}
			l.FraisACharge = []string{place.FraisPayant}
			l.Horaires = "Sa 09:00-12:00; Tu 18:00-20:00"
			l.PassNumerique = true
		}),
		// Blagnac, 6 km away
		lieu("blagnac", 43.6439, 1.3767, func(l *place.Lieu) {
			l.CodeINSEE, l.CodePostal = "31069", "31700"
			l.Services = []string{place.ServiceOutils}
			l.FraisACharge = []string{place.FraisGratuit}
			l.Horaires = "lundi matin"
			l.Provenance.HoursInvalid = true
		}),
		// Albi, 60 km away
		lieu("albi", 43.9258, 2.1477, func(l *place.Lieu) {
			l.CodeINSEE, l.CodePostal = "81004", "81000"
			l.Services = []string{place.ServiceDemarches}
			l.FraisACharge = []string{place.FraisGratuit}
			l.Horaires = "24/7"
		}),
		// Castres, no coordinates and no commune centre: never in a radius
		lieu("castres", 0, 0, func(l *place.Lieu) {
			l.Coordinates = nil
			l.CodeINSEE, l.CodePostal = "81065", "81100"
			l.Services = []string{place.ServiceDemarches}
			l.Horaires = ""
		}),
		// Albi again, without coordinates: placed at the commune's centre
		lieu("albi-2", 0, 0, func(l *place.Lieu) {
			l.Coordinates = nil
			l.CodeINSEE, l.CodePostal = "81004", "81000"
			l.Services = []string{place.ServiceLoisirs}
			l.Horaires = ""
		}),
	}
	return Build(ls, ref, monday10h)
}

func ids(r Result) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.Lieu.ID)
	}
	return out
}

func eq(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSearch(t *testing.T) {
	ix := fixture()
	toulouse := &place.Point{Lat: 43.6045, Lon: 1.4440}
	tests := []struct {
		name string
		q    Query
		want []string
	}{
		{"everything by name", Query{}, []string{"albi", "albi-2", "blagnac", "castres", "tls-1", "tls-2"}},
		{"by distance", Query{Center: toulouse}, []string{"tls-1", "tls-2", "blagnac", "albi", "albi-2", "castres"}},
		{"radius 10 km", Query{Center: toulouse, RadiusKm: 10}, []string{"tls-1", "tls-2", "blagnac"}},
		{"service", Query{Center: toulouse, RadiusKm: 10, Values: map[string][]string{FacetServices: {place.ServiceDemarches}}}, []string{"tls-1", "tls-2"}},
		{"two services: any", Query{Center: toulouse, RadiusKm: 10, Values: map[string][]string{FacetServices: {place.ServiceDemarches, place.ServiceOutils}}}, []string{"tls-1", "tls-2", "blagnac"}},
		{"service and free", Query{Center: toulouse, RadiusKm: 10, Values: map[string][]string{FacetServices: {place.ServiceDemarches}, FacetFrais: {place.FraisGratuit}}}, []string{"tls-1"}},
		{"unknown value finds nothing", Query{Values: map[string][]string{FacetServices: {"Cuisine"}}}, nil},
		{"open now (Monday 10h)", Query{Hours: []string{HoursOpenNow}, OpenAt: monday10h}, []string{"albi", "tls-1"}},
		{"open on Saturday", Query{Hours: []string{HoursSaturday}}, []string{"albi", "tls-2"}},
		{"open in the evening", Query{Hours: []string{HoursEvening}}, []string{"albi", "tls-2"}},
		{"pass numérique", Query{Pass: true}, []string{"tls-2"}},
		{"département", Query{Departements: []string{"81"}}, []string{"albi", "albi-2", "castres"}},
		{"EPCI", Query{EPCIs: []string{"243100518"}}, []string{"blagnac", "tls-1", "tls-2"}},
		{"commune", Query{Communes: []string{"31069"}}, []string{"blagnac"}},
		{"bbox", Query{BBox: &BBox{South: 43.5, West: 1.3, North: 43.7, East: 1.5}}, []string{"blagnac", "tls-1", "tls-2"}},
		{"approximate position in a radius", Query{Center: &place.Point{Lat: 43.93, Lon: 2.15}, RadiusKm: 2}, []string{"albi", "albi-2"}},
	}
	for _, tt := range tests {
		r := ix.Search(tt.q)
		if got := ids(r); !eq(got, tt.want) || r.Total != len(tt.want) {
			t.Errorf("%s: %v (total %d), want %v", tt.name, got, r.Total, tt.want)
		}
	}
	r := ix.Search(Query{Center: toulouse, RadiusKm: 10})
	if d := r.Hits[2].DistanceKm; d < 5 || d > 8 {
		t.Errorf("Blagnac at %.1f km", d)
	}
	r = ix.Search(Query{Center: &place.Point{Lat: 43.93, Lon: 2.15}, RadiusKm: 2})
	if !r.Hits[1].Approx || r.Hits[0].Approx {
		t.Errorf("approx flags: %+v", r.Hits)
	}
}

func facet(r Result, name string) map[string]int {
	m := map[string]int{}
	for _, v := range r.Facets[name] {
		m[v.Value] = v.Count
	}
	return m
}

func TestFacets(t *testing.T) {
	ix := fixture()
	r := ix.Search(Query{Values: map[string][]string{FacetServices: {place.ServiceDemarches}, FacetFrais: {place.FraisGratuit}}, OpenAt: monday10h})
	// Disjunctive counts: a facet's counts ignore its own selection.
	if got := facet(r, FacetServices); got[place.ServiceDemarches] != 3 || got[place.ServiceOutils] != 1 || got[place.ServiceLoisirs] != 1 {
		t.Errorf("services: %v", got)
	}
	if got := facet(r, FacetFrais); got[place.FraisGratuit] != 3 || got[place.FraisPayant] != 1 {
		t.Errorf("frais: %v", got)
	}
	if got := facet(r, FacetDepartement); got["31"] != 1 || got["81"] != 2 {
		t.Errorf("départements: %v", got)
	}
	if got := facet(r, FacetHoraires); got[HoursOpenNow] != 2 {
		t.Errorf("horaires: %v", got)
	}
	for _, v := range r.Facets[FacetServices] {
		if v.Value == place.ServiceDemarches && !v.Selected {
			t.Errorf("selected value not marked")
		}
	}
	// A facet count equals the total the search would give with that value added.
	for _, fv := range r.Facets[FacetFrais] {
		q := Query{Values: map[string][]string{FacetServices: {place.ServiceDemarches}, FacetFrais: {fv.Value}}, OpenAt: monday10h}
		if n := ix.Search(q).Total; n != fv.Count {
			t.Errorf("facet %s says %d, search finds %d", fv.Value, fv.Count, n)
		}
	}
}

func TestPaging(t *testing.T) {
	ix := fixture()
	r := ix.Search(Query{PerPage: 4, Page: 2})
	if r.Total != 6 || r.Pages != 2 || !eq(ids(r), []string{"tls-1", "tls-2"}) {
		t.Errorf("page 2: %v %+v", ids(r), r)
	}
	if r := ix.Search(Query{PerPage: 4, Page: 9}); len(r.Hits) != 0 || r.Total != 6 {
		t.Errorf("beyond the last page: %+v", r)
	}
	if r := ix.Search(Query{Sort: "date_maj"}); r.Total != 6 {
		t.Errorf("sort by date: %+v", r)
	}
}

func TestClusters(t *testing.T) {
	ix := fixture()
	france := BBox{South: 41, West: -5, North: 51.5, East: 10}
	cs := ix.Clusters(Query{}, france, 7)
	total := 0
	for _, c := range cs {
		total += c.Count
	}
	if total != 5 { // castres has no position
		t.Errorf("%d places in clusters: %+v", total, cs)
	}
	// Albi's two places (one at its commune's centre) form one marker, apart from Toulouse's.
	if len(cs) < 2 || len(cs) > 3 || cs[0].Count != 2 || cs[0].ID != "" || cs[0].North < 43.9 {
		t.Errorf("at zoom 7: %+v", cs)
	}
	cs = ix.Clusters(Query{}, BBox{South: 43.59, West: 1.43, North: 43.62, East: 1.46}, 18)
	if len(cs) != 2 || cs[0].Count != 1 || cs[0].ID == "" || cs[0].Nom == "" {
		t.Errorf("at zoom 18 each place is its own marker: %+v", cs)
	}
	cs = ix.Clusters(Query{Values: map[string][]string{FacetFrais: {place.FraisPayant}}}, france, 5)
	if len(cs) != 1 || cs[0].ID != "tls-2" {
		t.Errorf("filters apply to clusters: %+v", cs)
	}
}

// realistic builds an index of n generated places.
func realistic(b *testing.B, n int) *Index {
	return Build(generated(b, n), storetest.Referential(), monday10h)
}

// BenchmarkSearch10km: a filtered query within 10 km of Toulouse over 100 000
// places (target: p99 ≤ 1 ms in-process).
func BenchmarkSearch10km(b *testing.B) {
	ix := realistic(b, 100000)
	q := Query{
		Center: &place.Point{Lat: 43.6045, Lon: 1.4440}, RadiusKm: 10,
		Values: map[string][]string{FacetServices: {place.ServiceDemarches}, FacetFrais: {place.FraisGratuit}},
		Hours:  []string{HoursOpenNow}, OpenAt: monday10h, PerPage: 20,
	}
	durations := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	total := 0
	for i := 0; i < b.N; i++ {
		start := time.Now()
		r := ix.Search(q)
		durations = append(durations, time.Since(start))
		total = r.Total
	}
	b.StopTimer()
	sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
	b.ReportMetric(float64(durations[len(durations)*99/100].Microseconds()), "p99-µs")
	b.ReportMetric(float64(total), "results")
}

// BenchmarkClustersFrance: clusters of all of France at zoom 6 over 100 000
// places (target ≤ 5 ms).
func BenchmarkClustersFrance(b *testing.B) {
	ix := realistic(b, 100000)
	france := BBox{South: 41, West: -5.5, North: 51.5, East: 10}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix.Clusters(Query{}, france, 6)
	}
}

// BenchmarkClustersFranceFiltered: the same with a filter (one service,
// free of charge), which walks every place instead of the grid's sums.
func BenchmarkClustersFranceFiltered(b *testing.B) {
	ix := realistic(b, 100000)
	france := BBox{South: 41, West: -5.5, North: 51.5, East: 10}
	q := Query{Values: map[string][]string{FacetServices: {place.ServiceDemarches}, FacetFrais: {place.FraisGratuit}}, OpenAt: monday10h}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix.Clusters(q, france, 6)
	}
}

// The index's week of bits answers "open at t?" as the hours themselves do.
func TestOpenAtMatchesHours(t *testing.T) {
	hours := []string{"Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00; PH off", "Fr 22:00-02:00", "Mo 09:02-11:58",
		"24/7", "Tu-Th 10:00-12:00 \"sur rendez-vous\"", "Mo-Su 00:00-24:00; We off", "Mo-Fr 08:00-18:00; We 12:00-14:00 off"}
	var ls []*place.Lieu
	for i, h := range hours {
		ls = append(ls, lieu(string(rune('a'+i)), 43.6, 1.44, func(l *place.Lieu) { l.Horaires = h }))
	}
	// The week of Armistice (Wednesday 11 November 2026).
	ix := Build(ls, storetest.Referential(), time.Date(2026, 11, 10, 8, 0, 0, 0, openinghours.Paris))
	start := time.Date(2026, 11, 9, 0, 0, 0, 0, openinghours.Paris)
	for i, h := range hours {
		parsed, err := openinghours.Parse(h)
		if err != nil {
			t.Fatalf("%q: %v", h, err)
		}
		for m := 0; m < 7*24*60; m += 7 {
			at := start.Add(time.Duration(m) * time.Minute)
			want := parsed.At(at, "31").Open
			if got := ix.openAt(int32(i), ix.instant(at)); got != want {
				t.Fatalf("%q at %s: index says %v, hours say %v", h, at, got, want)
			}
		}
	}
}

// BenchmarkBuild: building the index of 100 000 places (done after every change).
func BenchmarkBuild(b *testing.B) {
	ix := realistic(b, 100000)
	var ls []*place.Lieu
	ix.Each(func(l *place.Lieu) { ls = append(ls, l) })
	ref := storetest.Referential()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Build(ls, ref, monday10h)
	}
}

// The places qualified by the hub for its Pass numérique: a filter and a
// facet of their own, beside the place's own « pass numérique ».
func TestQualified(t *testing.T) {
	ix := fixture()
	qualified := map[string]bool{"albi": true, "blagnac": true, "inconnu": true}
	for _, tt := range []struct {
		name string
		q    Query
		want []string
		n    int // the facet's count
	}{
		{"only the qualified", Query{Qualified: qualified, OnlyQualified: true}, []string{"albi", "blagnac"}, 2},
		{"and a département", Query{Qualified: qualified, OnlyQualified: true, Departements: []string{"81"}}, []string{"albi"}, 1},
		{"counted, not filtered", Query{Qualified: qualified, Departements: []string{"31"}}, []string{"blagnac", "tls-1", "tls-2"}, 1},
		{"none qualified", Query{OnlyQualified: true}, nil, 0},
		{"a place qualified no more", Query{Qualified: map[string]bool{"albi": false}, OnlyQualified: true}, nil, 0},
	} {
		res := ix.Search(tt.q)
		if got := ids(res); !eq(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
		if f := res.Facets[FacetQualified]; len(f) != 1 || f[0].Value != "1" || f[0].Count != tt.n || f[0].Selected != tt.q.OnlyQualified {
			t.Errorf("%s: facet %+v, want a count of %d", tt.name, f, tt.n)
		}
	}
	// The map's clusters follow the filter too.
	total := 0
	for _, c := range ix.Clusters(Query{Qualified: qualified, OnlyQualified: true}, BBox{South: 41, West: -5, North: 51.5, East: 10}, 7) {
		total += c.Count
	}
	if total != 2 {
		t.Errorf("clusters of the qualified: %d places", total)
	}
}

// TestQualifiedAddedLive: a place that Apply added, or changed, after the
// index was built is found by pass=1 and counted by its facet (review 10N
// major 1: the set was looked up in the build's slots only).
func TestQualifiedAddedLive(t *testing.T) {
	ix := fixture()
	rodez := lieu("epn-rodez-1", 44.3506, 2.5750, func(l *place.Lieu) {
		l.CodeINSEE, l.CodePostal = "12202", "12000"
		l.Services = []string{place.ServiceDemarches}
	})
	albi := lieu("albi", 43.9258, 2.1477, func(l *place.Lieu) {
		l.CodeINSEE, l.CodePostal = "81004", "81000"
		l.Nom = "Lieu albi renommé"
	})
	ix = ix.Apply([]*place.Lieu{rodez, albi}, nil)
	qualified := map[string]bool{"epn-rodez-1": true, "albi": true}
	res := ix.Search(Query{Qualified: qualified, OnlyQualified: true})
	if got := ids(res); !eq(got, []string{"albi", "epn-rodez-1"}) {
		t.Errorf("pass=1 after Apply: %v, want albi and epn-rodez-1", got)
	}
	if f := res.Facets[FacetQualified]; len(f) != 1 || f[0].Count != 2 {
		t.Errorf("facet after Apply: %+v, want a count of 2", f)
	}
	total := 0
	for _, c := range ix.Clusters(Query{Qualified: qualified, OnlyQualified: true}, BBox{South: 41, West: -5, North: 51.5, East: 10}, 7) {
		total += c.Count
	}
	if total != 2 {
		t.Errorf("clusters of the qualified after Apply: %d places, want 2", total)
	}
	// Removed live: no longer found, even though the build had it.
	ix = ix.Apply(nil, []string{"albi"})
	if got := ids(ix.Search(Query{Qualified: qualified, OnlyQualified: true})); !eq(got, []string{"epn-rodez-1"}) {
		t.Errorf("pass=1 after removal: %v", got)
	}
}
