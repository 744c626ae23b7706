package store

import (
	"strconv"
	"strings"
)

// PublishedFrom reports whether place lieuID was published under the id
// of record (source, sourceID): its id is one of PublicID's forms
// of the record's (its own id, or prefixed with its source, numbered or
// not), and no other current record of the place with such a form was
// seen before it (two sources giving one id: the first took it).
// Records.SplitRecord keeps the place's id with such a record, and the
// page that confirms a split says so beforehand.
func PublishedFrom(lieuID, source, sourceID string, recs []SourceRecord) bool {
	forms := func(r SourceRecord) bool {
		if lieuID == r.SourceID {
			return true
		}
		prefixed := PublicID(r.SourceID, r.Source, func(id string) bool { return id == r.SourceID })
		if lieuID == prefixed {
			return true
		}
		n, ok := strings.CutPrefix(lieuID, prefixed+"-")
		_, err := strconv.Atoi(n)
		return ok && err == nil
	}
	var own *SourceRecord
	for i := range recs {
		if recs[i].Source == source && recs[i].SourceID == sourceID {
			own = &recs[i]
		}
	}
	if own == nil || !forms(*own) {
		return false
	}
	for _, r := range recs {
		if (r.Source != source || r.SourceID != sourceID) && forms(r) && r.FirstSeen.Before(own.FirstSeen) {
			return false
		}
	}
	return true
}
