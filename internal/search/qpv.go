package search

import (
	"maillage/internal/place"
	"maillage/internal/territory"
)

// Values of the QPV filter (parameter qpv).
const (
	QPVIn   = "dans"   // in a quartier prioritaire
	QPVNear = "proche" // in one, or within territory.NearQPVMetres of one
)

// How a place stands to the QPV, in order: a filter keeps the places at
// or above a state.
const (
	qpvNone uint8 = iota
	qpvNear
	qpvIn
)

// qpvOf places a position against the QPV layer (none when not loaded).
func qpvOf(ref *territory.Referential, lat, lon float64) uint8 {
	if !ref.HasQPV() {
		return qpvNone
	}
	in, near := ref.QPVAt(lat, lon)
	switch {
	case in != nil:
		return qpvIn
	case len(near) > 0:
		return qpvNear
	}
	return qpvNone
}

// compileQPV is the least state the values keep (any of them: "proche"
// holds "dans"); 0 for no filter, and a state no place reaches for an
// unknown value.
func compileQPV(values []string) uint8 {
	least := uint8(0)
	for _, v := range values {
		var s uint8
		switch v {
		case QPVIn:
			s = qpvIn
		case QPVNear:
			s = qpvNear
		default:
			s = qpvIn + 1
		}
		if least == 0 || s < least {
			least = s
		}
	}
	return least
}

// Attachment is what a place belongs to in the referential: its commune
// (by INSEE code, else by a postcode serving one commune), the commune's
// EPCI, département and région, and, from its own position (not its
// commune's centre), the QPV it lies in and those within
// territory.NearQPVMetres of it.
type Attachment struct {
	Commune     *territory.Commune
	EPCI        *territory.EPCI
	Departement *territory.Departement
	Region      *territory.Region
	QPV         *territory.QPV   // nil when in none, or the layer is not loaded
	NearQPV     []*territory.QPV // nearest first, without QPV
}

// Attach finds what a place belongs to in a referential.
func Attach(ref *territory.Referential, l *place.Lieu) Attachment {
	var a Attachment
	if c := communeOf(ref, l); c != nil {
		a.Commune = c
		a.EPCI, _ = ref.EPCIOf(c.EPCI)
		a.Departement, _ = ref.DepartementOf(c.Departement)
		a.Region, _ = ref.RegionOf(c.Region)
	}
	if l.Coordinates != nil {
		a.QPV, a.NearQPV = ref.QPVAt(l.Coordinates.Lat, l.Coordinates.Lon)
	}
	return a
}

// Attach finds what a place belongs to in the index's referential.
func (ix *Index) Attach(l *place.Lieu) Attachment { return Attach(ix.ref, l) }
