// Package search is the in-memory index behind the directory and the API:
// filters on every field of the standard, distance from a point, opening
// hours, territories, facet counts, paging, and map clusters. It is built
// whole at start (and for a new week or referential), then follows the
// registry's changes with Apply.
package search

import (
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"maillage/internal/openinghours"
	"maillage/internal/place"
	"maillage/internal/territory"
)

// Facet names: the standard's field names, plus the ones of maillage.
const (
	FacetServices       = "services"
	FacetPublics        = "publics_specifiquement_adresses"
	FacetPriseEnCharge  = "prise_en_charge_specifique"
	FacetFrais          = "frais_a_charge"
	FacetAccompagnement = "modalites_accompagnement"
	FacetAcces          = "modalites_acces"
	FacetDispositifs    = "dispositif_programmes_nationaux"
	FacetLabels         = "formations_labels"
	FacetTypologie      = "typologie"
	FacetItinerance     = "itinerance"
	FacetHoraires       = "horaires" // ouvert_maintenant, samedi, soiree
	FacetPass           = "pass_numerique"
	// FacetQualified counts the places qualified by the hub for its Pass
	// numérique (Query.Qualified); its one value is "1" (the filter pass=1).
	FacetQualified   = "pass"
	FacetDepartement = "departement"
	FacetEPCI        = "epci"
	FacetCommune     = "code_insee"
	FacetQPV         = "qpv" // QPVIn, QPVNear; only when the QPV layer is loaded
)

// vocabFacets are the facets over a closed list of the standard, in display order.
var vocabFacets = []struct {
	name string
	voc  *place.Vocabulary
	get  func(*place.Lieu) []string
}{
	{FacetServices, place.Services, func(l *place.Lieu) []string { return l.Services }},
	{FacetPublics, place.Publics, func(l *place.Lieu) []string { return l.PublicsSpecifiquementAdresses }},
	{FacetPriseEnCharge, place.PrisesEnCharge, func(l *place.Lieu) []string { return l.PriseEnChargeSpecifique }},
	{FacetFrais, place.FraisACharge, func(l *place.Lieu) []string { return l.FraisACharge }},
	{FacetAccompagnement, place.ModalitesAccompagnement, func(l *place.Lieu) []string { return l.ModalitesAccompagnement }},
	{FacetAcces, place.ModalitesAcces, func(l *place.Lieu) []string { return l.ModalitesAcces }},
	{FacetDispositifs, place.Dispositifs, func(l *place.Lieu) []string { return l.DispositifProgrammesNationaux }},
	{FacetLabels, place.FormationsLabels, func(l *place.Lieu) []string { return l.FormationsLabels }},
	{FacetItinerance, place.Itinerances, func(l *place.Lieu) []string { return l.Itinerance }},
	{FacetTypologie, place.Typologies, func(l *place.Lieu) []string { return l.Typologie }},
}

// Hour values of the horaires facet.
const (
	HoursOpenNow  = "ouvert_maintenant"
	HoursSaturday = "samedi"
	HoursEvening  = "soiree"
)

// eveningFrom is when "en soirée" starts: open after 18:00.
const eveningFrom = 18 * 60

// valueSet is a set of vocabulary values (the typologie list has 92 codes).
type valueSet [2]uint64

func (b *valueSet) set(i int)          { b[i/64] |= 1 << (i % 64) }
func (b valueSet) and(o valueSet) bool { return b[0]&o[0] != 0 || b[1]&o[1] != 0 }

// entry is what the index keeps of a place; hot holds, in compact pages
// of their own, what every query reads.
type entry struct {
	lieu  *place.Lieu
	dept  string // for the holidays of dates outside the indexed week
	hours *openinghours.Hours
	// closures are the place's temporary closures: closed on their days,
	// whatever its hours say.
	closures []place.Closure
	week     [7][]openinghours.Span
	open     [wordsPerWeek]uint64 // the week's opening, in 5-minute steps
	// nameKey is the name folded for sorting (territory.Fold), computed
	// once when the entry is filled rather than by every query.
	nameKey string
}

type hotEntry struct {
	lat, lon float64
	small    [numVocabMax - 1]uint16 // the vocabularies of at most 16 values
	typo     valueSet                // typologie (92 codes)
	dept     uint16                  // index in Index.depts
	epci     uint16                  // index in Index.epcis
	insee    int32                   // index in Index.insees
	flags    uint8
	qpv      uint8 // qpvNone, qpvNear or qpvIn
}

const (
	hasPos uint8 = 1 << iota
	approx
	pass
	saturday
	evening
	hoursKnown
	irregular // hours not on 5-minute steps: the bits cannot tell
	gone      // removed by Apply: queries skip it
)

func (h *hotEntry) is(f uint8) bool { return h.flags&f != 0 }

// has reports whether the entry has any value of set in vocabulary v.
func (h *hotEntry) has(v int, set valueSet) bool {
	if v == typoFacet {
		return h.typo.and(set)
	}
	return uint64(h.small[v])&set[0] != 0
}

// slotsPerDay are the 5-minute steps of a day; a place's week of opening
// is kept as bits, 32 words of 64 bits.
const (
	slotsPerDay  = 24 * 12
	wordsPerWeek = 32
)

var numVocab = len(vocabFacets)

// typoFacet is the position of typologie in vocabFacets (the only list of
// more than 16 values).
const typoFacet = numVocabMax - 1

// Index is an immutable snapshot of the registry, safe for concurrent use.
type Index struct {
	entries paged[entry] // in id order, until Apply appends
	hot     paged[hotEntry]
	depts   []string
	epcis   []string
	insees  []string
	byID    map[string]int // from Build, shared by the indexes Apply derives
	// byIDSince overrides byID for what Apply changed since the build
	// (-1: removed); small, copied by every Apply.
	byIDSince map[string]int
	grid      map[cell][]int32
	sums      map[cell]*cellSum
	ref       *territory.Referential
	weekStart time.Time // Monday 00:00 Paris of the week the hours were computed for
	values    [numVocabMax][]string
	valueIdx  [numVocabMax]map[string]int
	// ids of the interned territory values, for Apply
	deptIDs, epciIDs, inseeIDs map[string]int
	live                       int  // entries not removed
	appended                   bool // entries are no longer all in id order
	Built                      time.Time
	// Rev is the revision of the registry the index holds, and RefRev the
	// referential's (set by who builds it; see store.ChangeLog).
	Rev, RefRev int64
}

type cell struct{ x, y int32 }

// cellSum aggregates the positions of a grid cell's places, for clusters
// without filters.
type cellSum struct {
	count                    int
	sumLat, sumLon           float64
	south, west, north, east float64
	first                    int32
}

// cellDeg is the size of a grid cell, in degrees.
const cellDeg = 0.1

func cellOf(lat, lon float64) cell {
	return cell{int32(math.Floor(lon / cellDeg)), int32(math.Floor(lat / cellDeg))}
}

// Build indexes places (in any order) with the territorial referential (may
// be empty). now decides the week the opening hours are computed for.
func Build(lieux []*place.Lieu, ref *territory.Referential, now time.Time) *Index {
	ix := &Index{byID: make(map[string]int, len(lieux)), grid: map[cell][]int32{}, sums: map[cell]*cellSum{}, ref: ref, Built: now,
		deptIDs: map[string]int{}, epciIDs: map[string]int{}, inseeIDs: map[string]int{}}
	for v, f := range vocabFacets {
		ix.values[v] = f.voc.Values
		ix.valueIdx[v] = make(map[string]int, len(f.voc.Values))
		for i, val := range f.voc.Values {
			ix.valueIdx[v][val] = i
		}
	}
	sorted := append([]*place.Lieu(nil), lieux...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	p := now.In(openinghours.Paris)
	ix.weekStart = time.Date(p.Year(), p.Month(), p.Day()-(int(p.Weekday())+6)%7, 0, 0, 0, 0, openinghours.Paris)
	c := newHoursCache()
	ix.entries = newPaged[entry](len(sorted))
	ix.hot = newPaged[hotEntry](len(sorted))
	ix.live = len(sorted)
	for i, l := range sorted {
		ix.fill(ix.entries.at(i), ix.hot.at(i), l, c)
		ix.byID[l.ID] = i
		if h := ix.hot.at(i); h.is(hasPos) {
			cl := cellOf(h.lat, h.lon)
			ix.grid[cl] = append(ix.grid[cl], int32(i))
			cs := ix.sums[cl]
			if cs == nil {
				cs = &cellSum{south: h.lat, north: h.lat, west: h.lon, east: h.lon, first: int32(i)}
				ix.sums[cl] = cs
			}
			cs.add(h)
		}
	}
	return ix
}

func (cs *cellSum) add(h *hotEntry) {
	cs.count++
	cs.sumLat += h.lat
	cs.sumLon += h.lon
	cs.south, cs.north = math.Min(cs.south, h.lat), math.Max(cs.north, h.lat)
	cs.west, cs.east = math.Min(cs.west, h.lon), math.Max(cs.east, h.lon)
}

// hoursCache keeps, during a build, what places share: parsed schedules,
// and their week per département (whose holidays it depends on).
type hoursCache struct {
	parsed map[string]*openinghours.Hours
	weeks  map[string][7][]openinghours.Span
}

func newHoursCache() hoursCache {
	return hoursCache{parsed: map[string]*openinghours.Hours{}, weeks: map[string][7][]openinghours.Span{}}
}

func intern(ids map[string]int, list *[]string, v string) int {
	if id, ok := ids[v]; ok {
		return id
	}
	ids[v] = len(*list)
	*list = append(*list, v)
	return ids[v]
}

// fill computes an entry e and its hot part h from l.
func (ix *Index) fill(e *entry, h *hotEntry, l *place.Lieu, c hoursCache) {
	*e, *h = entry{lieu: l, dept: l.Departement(), nameKey: territory.Fold(l.Nom), closures: l.Closures}, hotEntry{}
	if l.PassNumerique {
		h.flags |= pass
	}
	epci := ""
	if c, ok := ix.ref.Commune(l.CodeINSEE); ok {
		epci = c.EPCI
		e.dept = c.Departement
	}
	h.dept = uint16(intern(ix.deptIDs, &ix.depts, e.dept))
	h.epci = uint16(intern(ix.epciIDs, &ix.epcis, epci))
	h.insee = int32(intern(ix.inseeIDs, &ix.insees, l.CodeINSEE))
	if l.Coordinates != nil {
		h.lat, h.lon, h.flags = l.Coordinates.Lat, l.Coordinates.Lon, h.flags|hasPos
		h.qpv = qpvOf(ix.ref, l.Coordinates.Lat, l.Coordinates.Lon)
	} else if c := communeOf(ix.ref, l); c != nil && c.Centre != nil {
		h.lat, h.lon, h.flags = c.Centre.Lat, c.Centre.Lon, h.flags|hasPos|approx
	}
	for v, f := range vocabFacets {
		var set valueSet
		for _, val := range f.get(l) {
			if k, ok := ix.valueIdx[v][val]; ok {
				set.set(k)
			}
		}
		if v == typoFacet {
			h.typo = set
		} else {
			h.small[v] = uint16(set[0])
		}
	}
	if l.Horaires != "" && !l.Provenance.HoursInvalid {
		hrs, ok := c.parsed[l.Horaires]
		if !ok {
			hrs, _ = openinghours.Parse(l.Horaires)
			c.parsed[l.Horaires] = hrs
		}
		e.hours = hrs
	}
	if e.hours == nil {
		return
	}
	h.flags |= hoursKnown
	// Places share a few dozen schedules: compute each week once per
	// schedule and département.
	wk := l.Horaires + "|" + e.dept
	w, ok := c.weeks[wk]
	if !ok {
		w = weekSpans(e.hours, ix.weekStart, e.dept)
		c.weeks[wk] = w
	}
	e.week = w
	for d, spans := range e.week {
		for _, sp := range spans {
			if sp.Unknown {
				continue
			}
			if d == 5 {
				h.flags |= saturday
			}
			if sp.To > eveningFrom {
				h.flags |= evening
			}
			if sp.From%5 != 0 || sp.To%5 != 0 {
				h.flags |= irregular
			}
			for k := d*slotsPerDay + sp.From/5; k < d*slotsPerDay+(sp.To+4)/5; k++ {
				e.open[k/64] |= 1 << (k % 64)
			}
		}
	}
}

func weekSpans(h *openinghours.Hours, monday time.Time, dept string) [7][]openinghours.Span {
	var w [7][]openinghours.Span
	for d := 0; d < 7; d++ {
		day := monday.AddDate(0, 0, d)
		w[d] = h.Day(day.Year(), day.Month(), day.Day(), dept).Spans
	}
	return w
}

// communeOf finds a place's commune: by INSEE code, else by postcode when
// it serves a single commune.
func communeOf(ref *territory.Referential, l *place.Lieu) *territory.Commune {
	if c, ok := ref.Commune(l.CodeINSEE); ok {
		return c
	}
	if cs := ref.ByPostcode(l.CodePostal); len(cs) == 1 {
		return cs[0]
	}
	return nil
}

// slot is the entry of a place.
func (ix *Index) slot(id string) (int, bool) {
	if i, ok := ix.byIDSince[id]; ok {
		return i, i >= 0
	}
	i, ok := ix.byID[id]
	return i, ok
}

// Len is the number of places indexed.
func (ix *Index) Len() int { return ix.live }

// Lieu returns a place by id.
func (ix *Index) Lieu(id string) (*place.Lieu, bool) {
	i, ok := ix.slot(id)
	if !ok {
		return nil, false
	}
	return ix.entries.at(i).lieu, true
}

// Referential returns the territorial referential the index was built with.
func (ix *Index) Referential() *territory.Referential { return ix.ref }

// instant is a moment as the index looks it up: the day of the indexed
// week and the minute, computed once per query.
type instant struct {
	t       time.Time
	date    time.Time // the day in Paris, as closures write it
	inWeek  bool
	day, mn int
}

func (ix *Index) instant(t time.Time) instant {
	p := t.In(openinghours.Paris)
	in := instant{t: t, date: time.Date(p.Year(), p.Month(), p.Day(), 0, 0, 0, 0, time.UTC)}
	if d := p.Sub(ix.weekStart); d >= 0 && d < 8*24*time.Hour {
		// DST days are 23 or 25 hours long: trust the calendar, not a division.
		mondayOfT := time.Date(p.Year(), p.Month(), p.Day()-(int(p.Weekday())+6)%7, 0, 0, 0, 0, openinghours.Paris)
		if mondayOfT.Equal(ix.weekStart) {
			in.inWeek, in.day, in.mn = true, (int(p.Weekday())+6)%7, p.Hour()*60+p.Minute()
		}
	}
	return in
}

// openAt tells whether place i is open at an instant: its hours say so
// (false when they are unknown) and no temporary closure covers the day.
func (ix *Index) openAt(i int32, at instant) bool {
	if !ix.openByHours(i, at) {
		return false
	}
	if cs := ix.entries.at(int(i)).closures; len(cs) > 0 {
		if _, closed := place.ClosedOn(cs, at.date); closed {
			return false
		}
	}
	return true
}

// openByHours tells whether place i's hours say it is open at an instant.
func (ix *Index) openByHours(i int32, at instant) bool {
	h := ix.hot.at(int(i))
	if !h.is(hoursKnown) {
		return false
	}
	if at.inWeek && !h.is(irregular) {
		k := at.day*slotsPerDay + at.mn/5
		return ix.entries.at(int(i)).open[k/64]&(1<<(k%64)) != 0
	}
	e := ix.entries.at(int(i))
	if at.inWeek {
		for _, s := range e.week[at.day] {
			if at.mn >= s.From && at.mn < s.To {
				return !s.Unknown
			}
		}
		return false
	}
	return e.hours.At(at.t, e.dept).Open
}

// distanceFrom measures distances from one point: an equirectangular
// approximation near it (error under 0.5 % within 150 km), the great circle beyond.
type distanceFrom struct {
	lat, lon, cos float64
}

func newDistanceFrom(p *place.Point) distanceFrom {
	return distanceFrom{p.Lat, p.Lon, math.Cos(p.Lat * math.Pi / 180)}
}

func (d distanceFrom) km(lat, lon float64) float64 {
	dLat, dLon := lat-d.lat, lon-d.lon
	if dLat > -1.3 && dLat < 1.3 && dLon > -1.8 && dLon < 1.8 {
		x := dLon * d.cos * 111.195
		y := dLat * 111.195
		return math.Sqrt(x*x + y*y)
	}
	return DistanceKm(d.lat, d.lon, lat, lon)
}

// DistanceKm is the great-circle distance between two points.
func DistanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	φ1, φ2 := lat1*math.Pi/180, lat2*math.Pi/180
	dφ := φ2 - φ1
	dλ := (lon2 - lon1) * math.Pi / 180
	a := math.Sin(dφ/2)*math.Sin(dφ/2) + math.Cos(φ1)*math.Cos(φ2)*math.Sin(dλ/2)*math.Sin(dλ/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}

// Each calls fn for every place, in id order.
func (ix *Index) Each(fn func(*place.Lieu)) {
	if !ix.appended {
		for i := 0; i < ix.hot.len(); i++ {
			if !ix.hot.at(i).is(gone) {
				fn(ix.entries.at(i).lieu)
			}
		}
		return
	}
	order := make([]*place.Lieu, 0, ix.live)
	for i := 0; i < ix.hot.len(); i++ {
		if !ix.hot.at(i).is(gone) {
			order = append(order, ix.entries.at(i).lieu)
		}
	}
	slices.SortFunc(order, func(a, b *place.Lieu) int { return strings.Compare(a.ID, b.ID) })
	for _, l := range order {
		fn(l)
	}
}

// VocabularyFacets are the facets over a list of the standard, in order.
func VocabularyFacets() []string {
	names := make([]string, len(vocabFacets))
	for i, f := range vocabFacets {
		names[i] = f.name
	}
	return names
}

// Vocabulary returns the list of values of a vocabulary facet (nil for others).
func Vocabulary(facet string) *place.Vocabulary {
	for _, f := range vocabFacets {
		if f.name == facet {
			return f.voc
		}
	}
	return nil
}
