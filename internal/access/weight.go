package access

import (
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"maillage/internal/failure"
	"maillage/internal/openinghours"
	"maillage/internal/place"
	"maillage/internal/territory"
)

// How a place's supply is weighted.
const (
	// WeightPlace counts every place as 1.
	WeightPlace = "lieu"
	// WeightHours counts a place's opening hours in a typical week.
	WeightHours = "horaires"
	// WeightStaff would count declared staff (médiateurs, ETP); the
	// standard v1.0 of the lieux de médiation numérique has no field for
	// it, so it is refused rather than guessed.
	WeightStaff = "personnel"
)

// CheckWeighting refuses, in French, a weighting Weight cannot compute.
func CheckWeighting(how string) error {
	switch how {
	case WeightPlace, WeightHours:
		return nil
	case WeightStaff:
		return failure.Errorf(failure.Invalid, "pondération « personnel » indisponible : le standard des lieux de médiation numérique (v1.0) ne déclare ni le nombre de médiateurs ni les ETP d'un lieu ; choisissez « lieu » ou « horaires »")
	}
	return failure.Errorf(failure.Invalid, "pondération « %s » inconnue : « lieu » (1 par lieu) ou « horaires » (heures d'ouverture par semaine)", how)
}

// Weight is the supply of a place: 1 (WeightPlace), or its opening hours
// in a typical week (WeightHours). ok is false when the weight is
// unknown: hours empty, unreadable, or only "unknown" (then the place's
// capacity is not known, never 0), and for WeightStaff and any other
// weighting (see CheckWeighting).
//
// Hours per week are the mean, over twelve weeks of 2026 (one a month,
// each free of public holidays in the place's département; eleven where
// a month has no such week), of the
// hours the opening_hours value says the place is open; spans marked
// unknown do not count, an open end ("17:00+") counts to midnight. A
// value that never opens weighs 0.
func Weight(l *place.Lieu, how string) (float64, bool) {
	switch how {
	case WeightPlace:
		return 1, true
	case WeightHours:
		if l.Horaires == "" || l.Provenance.HoursInvalid {
			return 0, false
		}
		h, err := openinghours.Parse(l.Horaires)
		if err != nil {
			return 0, false
		}
		weeks := referenceWeeks(l.Departement())
		if !seasonal(l.Horaires) {
			weeks = weeks[:1]
		}
		return weeklyHours(h, l.Departement(), weeks)
	}
	return 0, false
}

// seasonal reports whether an opening_hours value may open differently
// from one week without public holidays to another: it names a month, a
// week number, Easter, school holidays or a year. Otherwise one reference
// week tells its hours (a false alarm only costs time).
func seasonal(src string) bool {
	s := strings.ToLower(src)
	for _, w := range []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "week", "easter", "sh"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	digits := 0
	for _, c := range s {
		if c >= '0' && c <= '9' {
			if digits++; digits >= 3 {
				return true
			}
		} else {
			digits = 0
		}
	}
	return false
}

// weeklyHours is the mean open hours of the given weeks in dept.
func weeklyHours(h *openinghours.Hours, dept string, weeks []time.Time) (float64, bool) {
	var open, unknown int
	for _, monday := range weeks {
		for k := 0; k < 7; k++ {
			day := monday.AddDate(0, 0, k)
			for _, sp := range h.Day(day.Year(), day.Month(), day.Day(), dept).Spans {
				if sp.Unknown {
					unknown += sp.To - sp.From
				} else {
					open += sp.To - sp.From
				}
			}
		}
	}
	if open == 0 && unknown > 0 {
		return 0, false
	}
	return float64(open) / 60 / float64(len(weeks)), true
}

// referenceYear is the year of the reference weeks: a fixed year keeps the
// weights reproducible (no clock), and any recent year would do.
const referenceYear = 2026

var weeksByHolidays sync.Map // holiday dates of a département → []time.Time

// referenceWeeks returns Mondays of referenceYear, one a month: the
// first from the 8th on whose week has no public holiday in dept. A month
// without such a week is left out (May in Martinique: Ascension, the
// abolition of slavery and Whit Monday fall in its three weeks).
func referenceWeeks(dept string) []time.Time {
	var key strings.Builder
	for _, h := range openinghours.Holidays(referenceYear, dept) {
		key.WriteString(h.Date.Format("0102"))
	}
	if w, ok := weeksByHolidays.Load(key.String()); ok {
		return w.([]time.Time)
	}
	weeks := make([]time.Time, 0, 12)
	for m := time.January; m <= time.December; m++ {
		first := time.Date(referenceYear, m, 8, 0, 0, 0, 0, time.UTC)
		for first.Weekday() != time.Monday {
			first = first.AddDate(0, 0, 1)
		}
		for monday := first; monday.Month() == m; monday = monday.AddDate(0, 0, 7) {
			free := true
			for k := 0; k < 7; k++ {
				d := monday.AddDate(0, 0, k)
				if openinghours.HolidayOn(d.Year(), d.Month(), d.Day(), dept) != "" {
					free = false
				}
			}
			if free {
				weeks = append(weeks, monday)
				break
			}
		}
	}
	w, _ := weeksByHolidays.LoadOrStore(key.String(), weeks)
	return w.([]time.Time)
}

// Offer says which places make the supply and how much each weighs.
type Offer struct {
	How string // WeightPlace ("" too) or WeightHours
	// Service keeps only the places offering it (a value of the standard's
	// services list, e.g. "Aide aux démarches administratives"); "" keeps
	// all.
	Service string
	// SkipUnknownHours leaves out the places whose hours are unknown.
	// Otherwise, weighted by hours, they weigh the median of the places
	// whose hours are known.
	SkipUnknownHours bool
	// SkipClosed leaves out the places whose hours never open.
	SkipClosed bool
}

// OfferReport says what Supplies kept and left out, for the pages.
type OfferReport struct {
	Places       int // given
	Kept         int
	OtherService int // left out: not offering Offer.Service
	UnknownHours int // hours unknown: left out with SkipUnknownHours, else at the median
	Closed       int // hours never open: left out with SkipClosed
	NoPosition   int // left out: no coordinates and no commune centre known
	Approx       int // kept at their commune's centre (no coordinates)
	// MedianHours is the median weekly hours given to the places whose
	// hours are unknown (weighting by hours, without SkipUnknownHours).
	MedianHours float64
}

// Supplies turns places into supply points: filtered, weighted, and
// placed at their coordinates or, without them, at the centre of their
// commune (Approx). Withdrawn places are not in the registry's published
// list; pass only published places.
func (o Offer) Supplies(lieux []*place.Lieu, ref *territory.Referential) ([]Supply, OfferReport, error) {
	how := o.How
	if how == "" {
		how = WeightPlace
	}
	if err := CheckWeighting(how); err != nil {
		return nil, OfferReport{}, err
	}
	service := ""
	if o.Service != "" {
		c, _, ok := place.Services.Lookup(o.Service)
		if !ok {
			return nil, OfferReport{}, failure.Errorf(failure.Invalid, "service « %s » inconnu : les services du standard sont %s", o.Service, strings.Join(place.Services.Values, ", "))
		}
		service = c
	}
	rep := OfferReport{Places: len(lieux)}
	type hoursKey struct{ src, dept string }
	cache := map[hoursKey]struct {
		w  float64
		ok bool
	}{}
	out := make([]Supply, 0, len(lieux))
	var unknown []int // indices in out weighing the median
	var known []float64
	for _, l := range lieux {
		if service != "" && !offers(l, service) {
			rep.OtherService++
			continue
		}
		// Hours decide SkipClosed and SkipUnknownHours whatever the weighting.
		k := hoursKey{l.Horaires, l.Departement()}
		hw, seen := cache[k]
		if !seen {
			hw.w, hw.ok = Weight(l, WeightHours)
			cache[k] = hw
		}
		if !hw.ok {
			rep.UnknownHours++
			if o.SkipUnknownHours {
				continue
			}
		}
		if hw.ok && hw.w == 0 {
			rep.Closed++
			if o.SkipClosed {
				continue
			}
		}
		sp := Supply{ID: l.ID, Weight: 1}
		if l.Coordinates != nil {
			sp.Lat, sp.Lon = l.Coordinates.Lat, l.Coordinates.Lon
		} else if c := communeOf(ref, l); c != nil && c.Centre != nil {
			sp.Lat, sp.Lon, sp.Approx = c.Centre.Lat, c.Centre.Lon, true
			rep.Approx++
		} else {
			rep.NoPosition++
			continue
		}
		if how == WeightHours {
			if hw.ok {
				sp.Weight = hw.w
				known = append(known, hw.w)
			} else {
				unknown = append(unknown, len(out))
			}
		}
		out = append(out, sp)
	}
	if len(unknown) > 0 {
		rep.MedianHours = median(known)
		for _, j := range unknown {
			out[j].Weight = rep.MedianHours
		}
	}
	rep.Kept = len(out)
	return out, rep, nil
}

// offers reports whether a place offers a service (its values are
// normalised to the standard's spelling at import).
func offers(l *place.Lieu, service string) bool {
	for _, v := range l.Services {
		if c, _, ok := place.Services.Lookup(v); ok && c == service {
			return true
		}
	}
	return false
}

// communeOf is the place's commune: by INSEE code, else by a postcode
// that serves one commune only (an arrondissement of Paris, Lyon or
// Marseille rather than its city, whose postcodes the referential lists
// too).
func communeOf(ref *territory.Referential, l *place.Lieu) *territory.Commune {
	if c, ok := ref.Commune(l.CodeINSEE); ok {
		return c
	}
	if cs := ref.PostcodeCommunes(l.CodePostal); len(cs) == 1 {
		return cs[0]
	}
	return nil
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// CommuneDemand is the demand of the referential's communes that have a
// centre, with the people at risk equal to the population (the fragility
// package replaces them when indicators are loaded).
func CommuneDemand(ref *territory.Referential) []Demand {
	if ref == nil {
		return nil
	}
	out := make([]Demand, 0, len(ref.Communes))
	for _, c := range ref.Communes {
		if c.Centre == nil || math.IsNaN(c.Centre.Lat) {
			continue
		}
		p := float64(c.Population)
		out = append(out, Demand{Code: c.Code, Lat: c.Centre.Lat, Lon: c.Centre.Lon, Population: p, AtRisk: p})
	}
	return out
}
