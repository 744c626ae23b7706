package merge

import (
	"encoding/json"
	"slices"
	"time"

	"maillage/internal/place"
)

// What the sources said when a field was set by hand (Hand.Said): a
// record that says something else since is news for the coordinators
// (SourceNews); a re-dated file that repeats what it said (the France
// Services list dates every record by its edition) is not.

// Said is what records said about field when a person set it by hand:
// the distinct values of the field in the records (the position as
// "latitude longitude"), written as Hand.Said keeps it.
func Said(records []place.Lieu, field string) string {
	f, ok := place.FieldIndex[field]
	if !ok {
		return "[]"
	}
	vals := []string{}
	for i := range records {
		v := fieldValue(records[i].Values(), f)
		if !slices.Contains(vals, v) {
			vals = append(vals, v)
		}
	}
	b, _ := json.Marshal(vals)
	return string(b)
}

// fieldValue is the value of field f as Said compares it: latitude and
// longitude together.
func fieldValue(vals [place.NumFields]string, f int) string {
	if f == place.FLatitude || f == place.FLongitude {
		if vals[place.FLatitude] == "" || vals[place.FLongitude] == "" {
			return ""
		}
		return vals[place.FLatitude] + " " + vals[place.FLongitude]
	}
	return vals[f]
}

// saysNew reports whether a record, dated date with values vals, says
// something new about the field f of the hand edit h: dated after the
// edit, not empty, and not what the records said when the edit was made
// (when that is known: for edits made before it was kept, any record
// dated after them that is not empty).
func (h Hand) saysNew(f int, date time.Time, vals [place.NumFields]string) bool {
	v := fieldValue(vals, f)
	if !h.At.Before(date) || empty(f, v) {
		return false
	}
	if h.Said == "" {
		return true
	}
	var said []string
	if err := json.Unmarshal([]byte(h.Said), &said); err != nil {
		return true
	}
	return !slices.Contains(said, v)
}
