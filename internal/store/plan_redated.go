package store

import "maillage/internal/place"

// A new edition of a list that dates every record by the edition (the
// France Services list takes date_maj from the file's date) says nothing
// new about a record whose other values are the same: the record is
// unchanged (not rewritten, not « mis à jour », no change in the feed);
// its last sighting says the source still gives it. Its date_maj, and so
// the place's freshness, stays the date of the edition that last changed
// it: an edition's date is when the file was made, not when someone
// checked the place.

// SetRecordLoader gives the plan a way to read a stored record of its
// source by the source's id (to tell a re-dated record from a changed
// one).
func (p *Plan) SetRecordLoader(load func(sourceID string) (place.Lieu, error)) { p.loadRecord = load }

// redated reports whether l, whose hash differs from its stored record's
// (hash), differs from it only by its date_maj.
func (p *Plan) redated(l *place.Lieu, hash string) (bool, error) {
	if p.loadRecord == nil {
		return false, nil
	}
	stored, err := p.loadRecord(l.ID)
	if err != nil {
		return false, err
	}
	if stored.DateMaj.Equal(l.DateMaj) {
		return false, nil
	}
	c := *l
	c.DateMaj = stored.DateMaj
	return RowOf(&c).Hash == hash, nil
}
