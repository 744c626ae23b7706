package store

import (
	"time"

	"maillage/internal/place"
)

// Plan decides, for every record of an import, whether it creates, updates
// or leaves a stored record alone, and under which id it is published. An
// adapter loads it with what is stored, then carries out its decisions, so
// that both engines decide alike.
type Plan struct {
	source   string
	existing map[string]existing // the source's stored records, by the source's id
	stored   int                 // how many records the source had when the plan began
	taken    map[string]bool     // every published id
	Counts   Counts
	// protected: fields a structure or a coordinator set by hand, by
	// published id, with when; load reads a stored record.
	protected map[string]map[string]time.Time
	load      func(publicID string) (place.Lieu, error)
}

type existing struct {
	publicID, hash string
	seen           bool // Put in this import
}

// NewPlan starts the plan of an import of source.
func NewPlan(source string) *Plan {
	return &Plan{source: source, existing: map[string]existing{}, taken: map[string]bool{}, protected: map[string]map[string]time.Time{}}
}

// Stored tells the plan of a record already in the registry.
func (p *Plan) Stored(publicID, source, importID, hash string) {
	if source == p.source {
		p.existing[importID] = existing{publicID: publicID, hash: hash}
		p.stored++
	}
	p.taken[publicID] = true
}

// Protect tells the plan that a field of a stored record was set by hand
// at a time: an import whose record is older (date_maj) keeps that value.
func (p *Plan) Protect(publicID, field string, at time.Time) {
	if p.protected[publicID] == nil {
		p.protected[publicID] = map[string]time.Time{}
	}
	p.protected[publicID][field] = at
}

// SetLoader gives the plan a way to read stored records (for protected fields).
func (p *Plan) SetLoader(load func(publicID string) (place.Lieu, error)) { p.load = load }

// Decision is what to do with one record.
type Decision struct {
	Outcome  Outcome
	PublicID string
	Row      Row
}

// Decide plans the import of l and counts it. Fields that a structure set
// by hand on or after the day of the source's date_maj keep the
// structure's value (the structure knows its place best; date_maj is only
// a day).
func (p *Plan) Decide(l *place.Lieu) (Decision, error) {
	var d Decision
	old, known := p.existing[l.ID]
	if known {
		if prot := p.protected[old.publicID]; len(prot) > 0 && p.load != nil {
			merged, err := p.keepHandEdits(l, old.publicID, prot)
			if err != nil {
				return d, err
			}
			l = merged
		}
	}
	d.Row = RowOf(l)
	if known {
		d.PublicID = old.publicID
		d.Outcome = Updated
		if old.hash == d.Row.Hash {
			d.Outcome = Unchanged
		}
	} else {
		d.Outcome = Created
		d.PublicID = PublicID(l.ID, p.source, func(s string) bool { return p.taken[s] })
		p.taken[d.PublicID] = true
	}
	p.existing[l.ID] = existing{d.PublicID, d.Row.Hash, true}
	p.Counts.Add(d.Outcome)
	return d, nil
}

func (p *Plan) keepHandEdits(l *place.Lieu, publicID string, prot map[string]time.Time) (*place.Lieu, error) {
	stored, err := p.load(publicID)
	if err != nil {
		return nil, err
	}
	in, kept := l.Values(), stored.Values()
	changed := false
	for field, at := range prot {
		i, ok := place.FieldIndex[field]
		if !ok || at.Before(l.DateMaj) || in[i] == kept[i] {
			continue
		}
		in[i] = kept[i]
		changed = true
	}
	if !changed {
		return l, nil
	}
	merged, err := place.Decode(in)
	if err != nil {
		return nil, err
	}
	merged.ID, merged.PassNumerique, merged.Provenance = l.ID, l.PassNumerique, l.Provenance
	return &merged, nil
}

// Absent tells how many of the records the source had when the import
// began were not in it (so far), out of how many.
func (p *Plan) Absent() (absent, total int) {
	for _, e := range p.existing {
		if !e.seen {
			absent++
		}
	}
	return absent, p.stored
}
