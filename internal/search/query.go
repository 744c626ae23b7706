package search

import (
	"math"
	"math/bits"
	"sort"
	"time"

	"maillage/internal/place"
)

// Query is a search: every list is "any of these values"; lists of
// different facets must all match.
type Query struct {
	// Values selected per vocabulary facet (FacetServices…), as the standard spells them.
	Values map[string][]string
	// Hours: HoursOpenNow, HoursSaturday, HoursEvening.
	Hours []string
	// OpenAt is the instant "ouvert maintenant" refers to: callers give
	// their clock's now (zero: the index's build time; the index reads
	// no clock).
	OpenAt time.Time
	Pass   bool // accepts the Pass numérique, as the place's data says (v0.1, APTIC)
	// Qualified are the places the hub qualified for its Pass numérique
	// (an approved qualification): FacetQualified counts them, and
	// OnlyQualified keeps only them.
	Qualified     map[string]bool
	OnlyQualified bool

	Departements, EPCIs, Communes []string
	// QPV: QPVIn (in a quartier prioritaire), QPVNear (in one or within
	// 300 m of one); any of them.
	QPV []string

	// Name keeps the places whose name has words beginning with each word
	// of it, ignoring case and accents (name.go).
	Name string

	// Center and RadiusKm limit to a circle (RadiusKm 0: no limit, distances still given).
	Center   *place.Point
	RadiusKm float64
	// BBox limits to a rectangle: south, west, north, east.
	BBox *BBox

	Sort    string // "distance", "nom" or "date_maj"; distance by default when Center is set, else nom
	Page    int    // from 1
	PerPage int
	// NoFacets skips the facet counts.
	NoFacets bool
}

// BBox is a rectangle in degrees.
type BBox struct{ South, West, North, East float64 }

func (b *BBox) contains(lat, lon float64) bool {
	return lat >= b.South && lat <= b.North && lon >= b.West && lon <= b.East
}

// Hit is one place of a result.
type Hit struct {
	Lieu *place.Lieu
	// DistanceKm from the query's centre; -1 without a centre or a position.
	DistanceKm float64
	// Approx: the position is the centre of the place's commune.
	Approx bool
	idx    int32
	key    string // the folded name, for sorting by name
}

// FacetValue is one value of a facet with the number of places the search
// would find with it.
type FacetValue struct {
	Value    string
	Count    int
	Selected bool
}

// Result is one page of a search.
type Result struct {
	Total  int
	Page   int
	Pages  int
	Hits   []Hit
	Facets map[string][]FacetValue
}

// MaxPerPage bounds the page size.
const MaxPerPage = 200

// filter numbers: one per facet that can reject a place.
const (
	fHours = numVocabMax + iota
	fPass
	fQualified
	fDept
	fEPCI
	fCommune
	fQPV
	numFilters
)

// numVocabMax bounds the vocabulary facets (their filter numbers come first).
const numVocabMax = 10

type compiled struct {
	vocab   [numVocabMax]valueSet
	hasV    [numVocabMax]bool
	openNow bool
	sat     bool
	eve     bool
	hours   bool
	pass    bool
	// qualified are the slots of the qualified places (nil: none);
	// onlyQualified keeps only them.
	qualified     map[int32]bool
	onlyQualified bool
	depts         map[string]bool
	epcis         map[string]bool
	insees        map[string]bool
	qpv           uint8 // the least qpv state that passes; 0: no filter
	openAt        time.Time
	name          *nameMatcher
}

// noFilter reports whether the query filters nothing.
func (c *compiled) noFilter() bool {
	for _, h := range c.hasV {
		if h {
			return false
		}
	}
	return !c.hours && !c.pass && !c.onlyQualified && c.depts == nil && c.epcis == nil && c.insees == nil && c.qpv == 0 && c.name == nil
}

func set(xs []string) map[string]bool {
	if len(xs) == 0 {
		return nil
	}
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

func (ix *Index) compile(q *Query) compiled {
	var c compiled
	for v, f := range vocabFacets {
		for _, val := range q.Values[f.name] {
			if k, ok := ix.valueIdx[v][val]; ok {
				c.vocab[v].set(k)
				c.hasV[v] = true
			} else {
				// an unknown value matches nothing, as it should
				c.hasV[v] = true
			}
		}
	}
	for _, h := range q.Hours {
		switch h {
		case HoursOpenNow:
			c.openNow = true
		case HoursSaturday:
			c.sat = true
		case HoursEvening:
			c.eve = true
		}
	}
	c.hours = c.openNow || c.sat || c.eve
	c.openAt = q.OpenAt
	c.pass = q.Pass
	for id, ok := range q.Qualified {
		// slot, not byID: a place added or changed by Apply since the build
		// has its entry in byIDSince.
		if i, found := ix.slot(id); found && ok {
			if c.qualified == nil {
				c.qualified = map[int32]bool{}
			}
			c.qualified[int32(i)] = true
		}
	}
	c.onlyQualified = q.OnlyQualified
	c.depts, c.epcis, c.insees = set(q.Departements), set(q.EPCIs), set(q.Communes)
	c.name = compileName(q.Name)
	c.qpv = compileQPV(q.QPV)
	return c
}

// fails returns the set of filters place i does not pass.
func (ix *Index) fails(i int32, h *hotEntry, c *compiled, openNow bool) uint32 {
	var f uint32
	if c.onlyQualified && !c.qualified[i] {
		f |= 1 << fQualified
	}
	for v := 0; v < numVocab; v++ {
		if c.hasV[v] && !h.has(v, c.vocab[v]) {
			f |= 1 << v
		}
	}
	// Hour criteria are "all of": open now and on Saturday and in the evening.
	if c.hours && ((c.openNow && !openNow) || (c.sat && !h.is(saturday)) || (c.eve && !h.is(evening))) {
		f |= 1 << fHours
	}
	if c.pass && !h.is(pass) {
		f |= 1 << fPass
	}
	if c.depts != nil && !c.depts[ix.depts[h.dept]] {
		f |= 1 << fDept
	}
	if c.epcis != nil && !c.epcis[ix.epcis[h.epci]] {
		f |= 1 << fEPCI
	}
	if c.insees != nil && !c.insees[ix.insees[h.insee]] {
		f |= 1 << fCommune
	}
	if c.qpv != 0 && h.qpv < c.qpv {
		f |= 1 << fQPV
	}
	return f
}

type counter struct {
	vocab     [numVocabMax][]int
	openNow   int
	sat       int
	eve       int
	pass      int
	qualified int
	depts     []int
	epcis     []int
	insees    map[int32]int
	qpvIn     int
	qpvNear   int
}

func (ix *Index) newCounter() *counter {
	ct := &counter{depts: make([]int, len(ix.depts)), epcis: make([]int, len(ix.epcis)), insees: map[int32]int{}}
	for v := 0; v < numVocab; v++ {
		ct.vocab[v] = make([]int, len(ix.values[v]))
	}
	return ct
}

// count adds place h to the facets it would count in: all of them when it
// passes every filter, only the failing facet when it fails exactly one
// (disjunctive faceting: a facet's counts ignore its own selection).
func (ct *counter) count(h *hotEntry, fails uint32, openNow, qualified bool) {
	if fails != 0 && bits.OnesCount32(fails) > 1 {
		return
	}
	only := -1
	if fails != 0 {
		only = bits.TrailingZeros32(fails)
	}
	for v := 0; v < numVocab; v++ {
		if only >= 0 && only != v {
			continue
		}
		if v == typoFacet {
			for w := 0; w < 2; w++ {
				for b := h.typo[w]; b != 0; b &= b - 1 {
					ct.vocab[v][w*64+bits.TrailingZeros64(b)]++
				}
			}
			continue
		}
		for b := h.small[v]; b != 0; b &= b - 1 {
			ct.vocab[v][bits.TrailingZeros16(b)]++
		}
	}
	if only < 0 || only == fHours {
		if openNow {
			ct.openNow++
		}
		if h.is(saturday) {
			ct.sat++
		}
		if h.is(evening) {
			ct.eve++
		}
	}
	if (only < 0 || only == fPass) && h.is(pass) {
		ct.pass++
	}
	if (only < 0 || only == fQualified) && qualified {
		ct.qualified++
	}
	if only < 0 || only == fDept {
		ct.depts[h.dept]++
	}
	if only < 0 || only == fEPCI {
		ct.epcis[h.epci]++
	}
	if only < 0 || only == fCommune {
		ct.insees[h.insee]++
	}
	if only < 0 || only == fQPV {
		if h.qpv >= qpvNear {
			ct.qpvNear++
		}
		if h.qpv == qpvIn {
			ct.qpvIn++
		}
	}
}

// eachCandidate calls fn for every entry in the grid cells a geographic
// limit covers; it returns false when the query has no such limit.
func (ix *Index) eachCandidate(q *Query, fn func(i int32)) bool {
	switch {
	case q.Center != nil && q.RadiusKm > 0:
		dLat := q.RadiusKm / 111.0
		cos := math.Cos(q.Center.Lat * math.Pi / 180)
		dLon := q.RadiusKm / (111.0 * math.Max(cos, 0.01))
		ix.eachInCells(q.Center.Lat-dLat, q.Center.Lon-dLon, q.Center.Lat+dLat, q.Center.Lon+dLon, fn)
		return true
	case q.BBox != nil:
		ix.eachInCells(q.BBox.South, q.BBox.West, q.BBox.North, q.BBox.East, fn)
		return true
	}
	return false
}

func (ix *Index) eachInCells(south, west, north, east float64, fn func(i int32)) {
	lo, hi := cellOf(south, west), cellOf(north, east)
	if int64(hi.x-lo.x+1)*int64(hi.y-lo.y+1) > int64(len(ix.grid)) {
		// A large area: walk the occupied cells instead of the empty ones.
		for c, ids := range ix.grid {
			if c.x >= lo.x && c.x <= hi.x && c.y >= lo.y && c.y <= hi.y {
				for _, i := range ids {
					fn(i)
				}
			}
		}
		return
	}
	for x := lo.x; x <= hi.x; x++ {
		for y := lo.y; y <= hi.y; y++ {
			for _, i := range ix.grid[cell{x, y}] {
				fn(i)
			}
		}
	}
}

// Search runs a query.
func (ix *Index) Search(q Query) Result {
	c := ix.compile(&q)
	now := q.OpenAt
	if now.IsZero() {
		now = ix.Built // no clock here: callers pass their own now
	}
	at := ix.instant(now)
	var ct *counter
	if !q.NoFacets {
		ct = ix.newCounter()
	}
	var from distanceFrom
	if q.Center != nil {
		from = newDistanceFrom(q.Center)
	}
	per := q.PerPage
	if per <= 0 {
		per = 20
	}
	per = min(per, MaxPerPage)
	res := Result{Page: max(q.Page, 1)}
	// Only the hits up to the requested page are ordered (a bounded
	// heap), not all of them: an unfiltered list of 131 000 places costs
	// one comparison per place, not a sort of them all.
	need := math.MaxInt // a page so far that it overflows: every hit, none shown
	if res.Page <= math.MaxInt/per {
		need = res.Page * per
	}
	top := newTopK(hitOrder(q.Sort, q.Center != nil), need)
	visit := func(i int32) {
		h := ix.hot.at(int(i))
		if h.is(gone) {
			return
		}
		dist := -1.0
		if q.Center != nil && h.is(hasPos) {
			dist = from.km(h.lat, h.lon)
			if q.RadiusKm > 0 && dist > q.RadiusKm {
				return
			}
		} else if q.Center != nil && q.RadiusKm > 0 {
			return
		}
		if q.BBox != nil && (!h.is(hasPos) || !q.BBox.contains(h.lat, h.lon)) {
			return
		}
		open := false
		if c.openNow || ct != nil {
			open = ix.openAt(i, at)
		}
		f := ix.fails(i, h, &c, open)
		// The name is read last: only for a hit, or for the facet counts.
		if c.name != nil && (f == 0 || ct != nil) && !c.name.match(ix.entries.at(int(i)).lieu.Nom) {
			return
		}
		if ct != nil {
			ct.count(h, f, open, c.qualified[i])
		}
		if f == 0 {
			e := ix.entries.at(int(i))
			top.push(Hit{Lieu: e.lieu, DistanceKm: dist, Approx: h.is(approx), idx: i, key: e.nameKey})
		}
	}
	if !ix.eachCandidate(&q, visit) {
		for i := 0; i < ix.hot.len(); i++ {
			visit(int32(i))
		}
	}
	hits := top.sorted()
	res.Total = top.total
	res.Pages = (top.total + per - 1) / per
	if from := (res.Page - 1) * per; from < len(hits) {
		res.Hits = hits[from:min(from+per, len(hits))]
	}
	if ct != nil {
		res.Facets = ix.facets(ct, &q, &c)
	}
	return res
}

func (ix *Index) facets(ct *counter, q *Query, c *compiled) map[string][]FacetValue {
	out := map[string][]FacetValue{}
	for v, f := range vocabFacets {
		selected := set(q.Values[f.name])
		var fv []FacetValue
		for k, val := range ix.values[v] {
			if n := ct.vocab[v][k]; n > 0 || selected[val] {
				fv = append(fv, FacetValue{Value: val, Count: n, Selected: selected[val]})
			}
		}
		out[f.name] = fv
	}
	hours := set(q.Hours)
	out[FacetHoraires] = []FacetValue{
		{HoursOpenNow, ct.openNow, hours[HoursOpenNow]},
		{HoursSaturday, ct.sat, hours[HoursSaturday]},
		{HoursEvening, ct.eve, hours[HoursEvening]},
	}
	out[FacetPass] = []FacetValue{{"oui", ct.pass, c.pass}}
	out[FacetQualified] = []FacetValue{{"1", ct.qualified, c.onlyQualified}}
	named := func(names []string, counts []int) map[string]int {
		m := map[string]int{}
		for i, n := range counts {
			if n > 0 {
				m[names[i]] = n
			}
		}
		return m
	}
	out[FacetDepartement] = mapFacet(named(ix.depts, ct.depts), c.depts)
	out[FacetEPCI] = mapFacet(named(ix.epcis, ct.epcis), c.epcis)
	insees := map[string]int{}
	for id, n := range ct.insees {
		insees[ix.insees[id]] = n
	}
	out[FacetCommune] = mapFacet(insees, c.insees)
	if ix.ref.HasQPV() {
		selected := set(q.QPV)
		out[FacetQPV] = []FacetValue{{QPVIn, ct.qpvIn, selected[QPVIn]}, {QPVNear, ct.qpvNear, selected[QPVNear]}}
	}
	return out
}

// mapFacet lists territory values, most places first.
func mapFacet(counts map[string]int, selected map[string]bool) []FacetValue {
	var fv []FacetValue
	for v, n := range counts {
		if v != "" {
			fv = append(fv, FacetValue{Value: v, Count: n, Selected: selected[v]})
		}
	}
	for v := range selected {
		if _, ok := counts[v]; !ok {
			fv = append(fv, FacetValue{Value: v, Selected: true})
		}
	}
	sort.Slice(fv, func(i, j int) bool {
		if fv[i].Count != fv[j].Count {
			return fv[i].Count > fv[j].Count
		}
		return fv[i].Value < fv[j].Value
	})
	return fv
}
