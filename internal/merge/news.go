package merge

import (
	"slices"
	"time"

	"maillage/internal/place"
)

// News is what a current record says now about a field set by hand,
// which the edit keeps from the place: a harvest never replaces a hand
// edit, so coordinators are shown it and may take the source's value
// (dropping the edit).
type News struct {
	Field            string // the field's name ("latitude" for the position)
	Source, SourceID string
	// Value is the record's value, written as in the standard's CSV (the
	// position as "latitude longitude").
	Value string
	At    time.Time // the record's date_maj
	Hand  Hand      // the edit it contradicts
}

// SourceNews lists, in the order of the standard's fields, what the
// records say now about the fields set by hand (hand, but the
// confirmation of the date): for each field, the most trustworthy record
// (Rank) dated after the edit whose value is not empty and none of the
// values the records gave when the edit was made (Hand.Said).
func SourceNews(records []Record, hand map[string]Hand) []News {
	if len(hand) == 0 {
		return nil
	}
	rs := slices.Clone(records)
	Rank(rs)
	var out []News
	for f, name := range place.FieldNames {
		h, set := hand[name]
		if !set || f == place.FID || f == place.FLongitude || name == DateField {
			continue
		}
		for i := range rs {
			vals := rs[i].Lieu.Values()
			if h.saysNew(f, rs[i].Lieu.DateMaj, vals) {
				out = append(out, News{Field: name, Source: rs[i].Source, SourceID: rs[i].SourceID,
					Value: fieldValue(vals, f), At: rs[i].Lieu.DateMaj, Hand: h})
				break
			}
		}
	}
	return out
}
