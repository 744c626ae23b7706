package store

import (
	"time"

	"maillage/internal/merge"
	"maillage/internal/place"
)

// Plan decides, for every record of an import, whether it creates a place,
// updates its record (and its place), or leaves it alone, and under which
// id a new place is published. An adapter loads it with what is stored,
// then carries out its decisions, so that both engines decide alike.
type Plan struct {
	source   string
	priority int
	existing map[string]*existing // the source's stored records, by the source's id
	stored   int                  // the source's current (not withdrawn) records when the plan began
	taken    map[string]bool      // every id published, withdrawn or redirected
	shared   map[string]bool      // places with more than one current record
	retired  map[string]bool      // places withdrawn (unpublished)
	Counts   Counts
	// hand: fields a structure or a coordinator set by hand, by published
	// id; load reads a published place.
	hand map[string]map[string]merge.Hand
	load func(publicID string) (place.Lieu, error)
	// dated: the published date_maj of the source's places (Dated). The
	// date a person set is kept among the hand edits (merge.DateField),
	// which is what holds it: a later published date nobody set is not.
	dated map[string]time.Time
	// deferred: new records are left unplaced, for the merge run
	// (Import.DeferPlaces).
	deferred bool
	// loadRecord reads a stored record of the source (plan_redated.go).
	loadRecord func(sourceID string) (place.Lieu, error)
}

type existing struct {
	publicID, hash string
	withdrawn      bool
	seen           bool // Put in this import
	unchanged      bool // …and unchanged
}

// NewPlan starts the plan of an import of source, whose priority is given.
func NewPlan(source string, priority int) *Plan {
	return &Plan{source: source, priority: priority, existing: map[string]*existing{}, taken: map[string]bool{},
		shared: map[string]bool{}, retired: map[string]bool{}, hand: map[string]map[string]merge.Hand{}, dated: map[string]time.Time{}}
}

// Defer makes the plan leave new records unplaced (Import.DeferPlaces).
func (p *Plan) Defer() { p.deferred = true }

// Stored tells the plan of a record of its source already stored.
func (p *Plan) Stored(sourceID, publicID, hash string, withdrawn bool) {
	p.existing[sourceID] = &existing{publicID: publicID, hash: hash, withdrawn: withdrawn}
	if !withdrawn {
		p.stored++
	}
}

// Dated tells the plan a published place's date_maj. Only a date a
// person set (Protect of merge.DateField) holds against the records
// dated before it.
func (p *Plan) Dated(publicID string, date time.Time) { p.dated[publicID] = date }

// Taken tells the plan of an id a new place may not take: a published
// place's, a withdrawn place's or a redirected one's.
func (p *Plan) Taken(id string) { p.taken[id] = true }

// Shared tells the plan that a place holds several current records: its
// fields are computed from all of them (Decision.Recompute).
func (p *Plan) Shared(publicID string) { p.shared[publicID] = true }

// Retired tells the plan that a place is withdrawn.
func (p *Plan) Retired(publicID string) { p.retired[publicID] = true }

// Protect tells the plan that a field of a published place was set by
// hand: a record dated (date_maj) on or before the edit keeps its value.
func (p *Plan) Protect(publicID, field string, h merge.Hand) {
	if p.hand[publicID] == nil {
		p.hand[publicID] = map[string]merge.Hand{}
	}
	p.hand[publicID][field] = h
}

// SetLoader gives the plan a way to read published places (for the fields
// set by hand).
func (p *Plan) SetLoader(load func(publicID string) (place.Lieu, error)) { p.load = load }

// Decision is what to do with one record.
type Decision struct {
	Outcome  Outcome
	PublicID string
	// Record is the record as read, to store in enregistrements.
	Record Row
	// Row is the place to publish (Created, or Updated without Recompute).
	Row Row
	// Recompute: the record's place is computed again from all its
	// records once the record is stored (a place of several records, a
	// withdrawn record or place coming back).
	Recompute bool
	// Replaced are the fields set by hand that the record, dated after
	// the edit, gives again: no longer marked as set by hand.
	Replaced []string
	// Unplaced: the record is in no place (PublicID ""): a new record of
	// a deferred import, or a record an import left unplaced before and
	// no merge run placed yet. Only the record is written; the merge run
	// places it.
	Unplaced bool
}

// Decide plans the import of l and counts it.
func (p *Plan) Decide(l *place.Lieu) (Decision, error) {
	d := Decision{Record: RowOf(l)}
	old, known := p.existing[l.ID]
	redated := false
	if known && !old.withdrawn && !old.seen && old.hash != d.Record.Hash {
		var err error
		if redated, err = p.redated(l, old.hash); err != nil {
			return d, err
		}
	}
	switch {
	case !known && p.deferred:
		d.Outcome, d.Unplaced = Created, true
		old = &existing{}
		p.existing[l.ID] = old
	case !known:
		d.Outcome = Created
		d.PublicID = PublicID(l.ID, p.source, func(s string) bool { return p.taken[s] })
		p.taken[d.PublicID] = true
		d.Row = d.Record
		if d.PublicID != l.ID {
			d.Row = publishedRow(l, d.PublicID)
		}
		old = &existing{publicID: d.PublicID}
		p.existing[l.ID] = old
	case (old.hash == d.Record.Hash || redated) && !old.withdrawn:
		// Unchanged (or only re-dated: plan_redated.go), or the same
		// record twice in a file.
		d.Outcome, d.PublicID = Unchanged, old.publicID
		if !old.seen {
			old.unchanged = true
		}
		if redated {
			// The stored record stays as it is, hash included.
			old.seen = true
			p.Counts.Add(d.Outcome)
			return d, nil
		}
	case old.publicID == "":
		// Still unplaced: the record alone is written again.
		d.Outcome, d.Unplaced = Updated, true
		old.withdrawn, old.unchanged = false, false
	default:
		d.Outcome, d.PublicID = Updated, old.publicID
		if old.withdrawn || p.shared[old.publicID] || p.retired[old.publicID] {
			d.Recompute = true
			old.withdrawn = false
			break
		}
		row, replaced, err := p.place(l, old.publicID)
		if err != nil {
			return d, err
		}
		d.Row, d.Replaced = row, replaced
		old.unchanged = false
	}
	old.hash, old.seen = d.Record.Hash, true
	p.Counts.Add(d.Outcome)
	return d, nil
}

// place computes the place of one record (merge.Compute, with the fields
// set by hand).
func (p *Plan) place(l *place.Lieu, publicID string) (Row, []string, error) {
	hand := p.hand[publicID]
	if len(hand) == 0 || p.load == nil {
		// No person set anything, not even the date (a confirmation is
		// among the hand edits, merge.DateField): the record gives it all.
		if publicID != l.ID {
			return publishedRow(l, publicID), nil, nil
		}
		return RowOf(l), nil, nil
	}
	stored, err := p.load(publicID)
	if err != nil {
		return Row{}, nil, err
	}
	merged, origins := merge.Compute([]merge.Record{{Source: p.source, SourceID: l.ID, Priority: p.priority, Lieu: l}}, &stored, hand)
	merged.ID = publicID
	replaced := Replaced(hand, origins)
	for _, f := range replaced {
		delete(hand, f)
	}
	return RowOf(&merged), replaced, nil
}

// Replaced are the fields of hand whose value now comes from a record
// (dated after the edit), in a stable order.
func Replaced(hand map[string]merge.Hand, origins map[string]merge.Origin) []string {
	var out []string
	for _, f := range place.FieldNames[1:] {
		if _, set := hand[f]; set && origins[f].FromSource() {
			out = append(out, f)
		}
	}
	return out
}

// publishedRow is the row of l published under id: its hash is the
// place's version (Version), which forms compute from the published place.
func publishedRow(l *place.Lieu, id string) Row {
	c := *l
	c.ID = id
	return RowOf(&c)
}

// Reject counts a record the validation rejected, whose source's id is
// sourceID: a current record of the source with that id is listed still,
// so it keeps its last valid version (not absent: neither withdrawn nor
// lost). It reports whether there was such a record.
func (p *Plan) Reject(sourceID string) bool {
	p.Counts.Rejected++
	e := p.existing[sourceID]
	if sourceID == "" || e == nil || e.withdrawn {
		return false
	}
	e.seen = true
	return true
}

// Absent tells how many of the records the source had when the import
// began were not in it (so far), out of how many.
func (p *Plan) Absent() (absent, total int) {
	return len(p.AbsentIDs()), p.stored
}

// AbsentIDs are the source's ids of the current records not in the import.
func (p *Plan) AbsentIDs() []string {
	var ids []string
	for id, e := range p.existing {
		if !e.seen && !e.withdrawn {
			ids = append(ids, id)
		}
	}
	return ids
}

// Withdrawn tells the plan that an absent record was withdrawn.
func (p *Plan) Withdrawn(sourceID string) {
	if e := p.existing[sourceID]; e != nil {
		e.withdrawn = true
		p.Counts.Withdrawn++
	}
}

// UnchangedIDs are the source's ids of the records found unchanged: only
// their last sighting is written.
func (p *Plan) UnchangedIDs() []string {
	var ids []string
	for id, e := range p.existing {
		if e.seen && e.unchanged {
			ids = append(ids, id)
		}
	}
	return ids
}
