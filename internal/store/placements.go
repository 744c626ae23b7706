package store

import "context"

// Records an import leaves unplaced.
//
// An import that a merge run follows may leave its new records without a
// place (Import.DeferPlaces): the merge run compares them with every
// current record and then places them (Placer.PlaceRecords), so that a
// record that describes a place already published joins it, and records
// that describe one new place make one place, without a place created by
// the import only to be merged, redirected and deleted by the run. Until
// a run places it, an unplaced record waits for it (its token is not
// cleared) and is in no published place; a run that fails or is killed
// leaves it to the next.

// Placer places the records imports left unplaced.
type Placer interface {
	// PlaceRecords carries out placements, in one transaction: the
	// records of a placement with Place join that published place
	// (computed again from all its records), those of a placement without
	// Place make one new place, published under the id a new record's
	// place would take (PublicID) from its first record still placeable.
	// A record is placed only if it is still current, unplaced and
	// unchanged since the run read it (its token); the others stay
	// waiting for the next run, as do the records of a placement whose
	// place is no longer published. In the same transaction it marks the
	// compared records as no longer pending, as MergeRecords does (an
	// unplaced record stays pending). It returns how many records it
	// placed and how many places it created.
	PlaceRecords(ctx context.Context, placements []Placement, compared []PendingRecord) (placed, created int, err error)
}

// Placement puts unplaced records in a place: Place, a published place,
// or a new one when Place is "" (named after Records[0]).
type Placement struct {
	Place   string
	Records []PendingRecord
	// Pairs are the pairs that put the records together (or with Place),
	// for the journal: a place of several records says which pairs made
	// it (their explanation is the pair's, stored by the run).
	Pairs []PlacedPair
	Actor string
}

// PlacedPair is a pair that joined records in a placement, with its score.
type PlacedPair struct {
	Key   PairKey
	Score float64
	// Confirmed: a person confirmed the pair.
	Confirmed bool
}
