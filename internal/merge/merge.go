// Package merge computes a published place from the source records that
// describe it and the fields people set by hand, and says where each
// field's value came from (field-level provenance).
//
// The rule, for each field: a value set by hand holds, whatever the
// records say (a record that says something new about it is shown to the
// coordinators: SourceNews; they may drop the edit); otherwise the most
// trustworthy recent record gives it: the highest source priority, then
// the most recent date_maj. A record that leaves a field empty lets the
// next one give it. The lists of the standard's vocabularies (typologie,
// services, publics…) are combined across records; contact details,
// costs and itinerance are not (a stale phone number must not stay
// published beside the new one). The position comes from a record whose
// source gave coordinates itself before one maillage geocoded, whatever
// the priority (positionOf).
package merge

import (
	"slices"
	"strings"
	"time"

	"maillage/internal/place"
)

// Record is what one source said about the place.
type Record struct {
	Source   string // the source's name
	SourceID string // the id the source gave the record
	Priority int    // the source's priority (sources table; 0 by default)
	Lieu     *place.Lieu
}

// Hand is a field set by hand: its value is the place's current value.
type Hand struct {
	Origin string // "structure", "coordination"
	Actor  string
	At     time.Time
	// Said is what the place's records said about the field when it was
	// set (written by Said); "" when that is not known (edits made
	// before it was kept).
	Said string
}

// Origin says where the value of a field came from: a record (Source,
// SourceID, At its date_maj) or a hand edit (Origin, Actor, At).
type Origin struct {
	Source, SourceID string
	Origin           string // OriginSource, or the hand edit's origin
	Actor            string
	At               time.Time
}

// OriginSource is the origin of a value given by a source record.
const OriginSource = "source"

// FromSource reports whether the value came from a source record.
func (o Origin) FromSource() bool { return o.Origin == OriginSource }

// combined are the list fields whose values are combined across records.
var combined = map[int]bool{
	place.FTypologie: true, place.FServices: true, place.FPublics: true, place.FPriseEnCharge: true,
	place.FDispositifs: true, place.FFormationsLabels: true, place.FAutresFormationsLabels: true,
	place.FModalitesAcces: true, place.FModalitesAccompagnement: true,
}

// Rank orders records from the most trustworthy: the highest priority,
// then the most recent date_maj, then (for a stable answer) source name
// and id.
func Rank(records []Record) {
	slices.SortStableFunc(records, func(a, b Record) int {
		switch {
		case a.Priority != b.Priority:
			return b.Priority - a.Priority
		case !a.Lieu.DateMaj.Equal(b.Lieu.DateMaj):
			return b.Lieu.DateMaj.Compare(a.Lieu.DateMaj)
		case a.Source != b.Source:
			return strings.Compare(a.Source, b.Source)
		}
		return strings.Compare(a.SourceID, b.SourceID)
	})
}

// Compute returns the place made of records (at least one) and, for the
// fields set by hand (by field name), the values of current; and the
// origin of every field but id. The place's id is current's (records
// carry their source's ids). date_maj is the most recent of the records',
// or current's when a person set it later (personDate).
func Compute(records []Record, current *place.Lieu, hand map[string]Hand) (place.Lieu, map[string]Origin) {
	rs := slices.Clone(records)
	Rank(rs)
	vals := make([][place.NumFields]string, len(rs))
	for i := range rs {
		vals[i] = rs[i].Lieu.Values()
	}
	var cur [place.NumFields]string
	if current != nil {
		cur = current.Values()
	}
	fromRecord := func(i int) Origin {
		return Origin{Source: rs[i].Source, SourceID: rs[i].SourceID, Origin: OriginSource, At: rs[i].Lieu.DateMaj}
	}
	var out [place.NumFields]string
	origins := make(map[string]Origin, place.NumFields)
	// which chooses the records a field may come from: all, or none for
	// a field set by hand (nil: the hand's value holds).
	which := func(field string) []int {
		if _, set := hand[field]; set {
			return nil
		}
		idx := make([]int, len(rs))
		for i := range rs {
			idx[i] = i
		}
		return idx
	}
	for f := range place.NumFields {
		name := place.FieldNames[f]
		switch f {
		case place.FID, place.FLongitude:
			continue
		case place.FLatitude:
			// Latitude and longitude come together, from one record.
			idx := which(name)
			if idx == nil && current != nil {
				out[f], out[place.FLongitude] = cur[f], cur[place.FLongitude]
				origins[name] = handOrigin(hand[name])
				origins["longitude"] = handOrigin(hand[name])
				continue
			}
			k := positionOf(rs, vals, idx)
			out[f], out[place.FLongitude] = vals[k][f], vals[k][place.FLongitude]
			origins[name], origins["longitude"] = fromRecord(k), fromRecord(k)
			continue
		case place.FDateMaj:
			k := 0
			for i := range rs {
				if rs[i].Lieu.DateMaj.After(rs[k].Lieu.DateMaj) {
					k = i
				}
			}
			out[f], origins[name] = vals[k][f], fromRecord(k)
			// A date a person set (a confirmation, an edit) is not taken
			// back by records dated before it; a later date nobody set (a
			// record that left the place) goes.
			if current != nil && current.DateMaj.After(rs[k].Lieu.DateMaj) {
				if o, ok := personDate(hand, current.DateMaj); ok {
					out[f], origins[name] = cur[f], o
				}
			}
			continue
		}
		idx := which(name)
		if idx == nil && current != nil {
			out[f], origins[name] = cur[f], handOrigin(hand[name])
			continue
		}
		if idx == nil {
			idx = []int{0}
		}
		k := idx[0]
		for _, i := range idx {
			if !empty(f, vals[i][f]) {
				k = i
				break
			}
		}
		out[f], origins[name] = vals[k][f], fromRecord(k)
		if combined[f] {
			out[f] = union(vals, idx, f)
		}
	}
	l, err := place.Decode(out)
	if err != nil {
		// The values were written by Values: they decode.
		panic("merge: " + err.Error())
	}
	if current != nil {
		l.ID = current.ID
	}
	best := rs[0].Lieu
	l.PassNumerique, l.Provenance = best.PassNumerique, best.Provenance
	if o := origins["horaires"]; o.FromSource() {
		for i := range rs {
			if rs[i].Source == o.Source && rs[i].SourceID == o.SourceID {
				l.Provenance.HoursInvalid = rs[i].Lieu.Provenance.HoursInvalid
			}
		}
	}
	return l, origins
}

// positionOf chooses the record among idx (ranked) that gives the
// position: coordinates a source gave itself win over a position maillage
// geocoded (place.Provenance.Geocoding), whatever the priority; then the
// rank. idx[0] when no record has coordinates.
func positionOf(rs []Record, vals [][place.NumFields]string, idx []int) int {
	geocoded := -1
	for _, i := range idx {
		if vals[i][place.FLatitude] == "" || vals[i][place.FLongitude] == "" {
			continue
		}
		if rs[i].Lieu.Provenance.Geocoding == nil {
			return i
		}
		if geocoded < 0 {
			geocoded = i
		}
	}
	if geocoded >= 0 {
		return geocoded
	}
	return idx[0]
}

func handOrigin(h Hand) Origin { return Origin{Origin: h.Origin, Actor: h.Actor, At: h.At} }

// personDate is the origin of date_maj at when a person set it: a
// confirmation or an edit on record (Hand of "date_maj"), or, for edits
// made before those were kept, the latest hand edit of a field if it was
// made on that day (its date is the day in France of the edit: a day
// before at in UTC at the earliest). ok is false when no person is behind
// the date.
func personDate(hand map[string]Hand, at time.Time) (Origin, bool) {
	if h, ok := hand[DateField]; ok {
		o := handOrigin(h)
		o.At = at
		return o, true
	}
	var latest Hand
	for _, h := range hand {
		if h.At.After(latest.At) {
			latest = h
		}
	}
	if latest.At.IsZero() || latest.At.Before(at.Add(-24*time.Hour)) {
		return Origin{}, false
	}
	o := handOrigin(latest)
	o.At = at
	return o, true
}

// DateField is the field under which a person's confirmation of a place
// (or the date an edit gave it) is kept among the fields set by hand: it
// holds date_maj against older records, and goes when a newer record
// gives the date.
const DateField = "date_maj"

// empty reports whether a value says nothing (the unknown pivot included).
func empty(f int, v string) bool {
	return v == "" || (f == place.FPivot && v == place.PivotPlaceholder)
}

// union joins the items of field f of the chosen records, each once, in
// the order of the records.
func union(vals [][place.NumFields]string, idx []int, f int) string {
	var items []string
	seen := map[string]bool{}
	for _, i := range idx {
		if vals[i][f] == "" {
			continue
		}
		for _, it := range strings.Split(vals[i][f], place.ListSeparator) {
			if !seen[it] {
				seen[it] = true
				items = append(items, it)
			}
		}
	}
	return strings.Join(items, place.ListSeparator)
}
