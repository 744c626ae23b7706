package store

import "context"

// DuplicatesQueue is what the review of duplicates (the coordinators' page
// and `maillage doublons`) reads: the pairs waiting for a person and the
// merged places, as keys and place ids only, then the records of the pairs
// or places shown, by key — never every record of the registry.
type DuplicatesQueue interface {
	// WaitingPairs lists the pairs waiting for a person's decision: band
	// "a_verifier", no decision, both records current and in two different
	// published places; and the automatic merges a re-harvest weakened
	// (Weakened: decision DecisionAuto, band no longer "meme", both
	// records current and still in one place: the merge stays until a
	// person confirms it or splits the place); ordered by total (highest
	// first), then by key.
	WaitingPairs(ctx context.Context) ([]WaitingPair, error)
	// MergedPlaces lists the published places that several current records
	// hold, with those records' keys (in key order), in the order of the
	// places' ids.
	MergedPlaces(ctx context.Context) ([]MergedPlace, error)
	// SeparatedFrom lists the places a person said are distinct from
	// place id: a pair they rejected or split joins a current record of
	// each (the merge run's rule); in id order.
	SeparatedFrom(ctx context.Context, id string) ([]string, error)
	// CurrentRecordsByKeys returns the current records of published places
	// among keys, with their places, ordered by source and id; unknown and
	// withdrawn records are left out.
	CurrentRecordsByKeys(ctx context.Context, keys []RecordKey) ([]CurrentRecord, error)
}

// WaitingPair is a pair waiting for a person, with the places of its two
// records: the best scored of the pairs of records between those two
// places, Others counting the rest (a decision on it decides for them:
// the places merged, or kept apart).
type WaitingPair struct {
	PairKey
	Total          float64
	PlaceA, PlaceB string
	Others         int
	// Weakened: the pair was merged automatically and its score has
	// since fallen below the automatic band (PlaceA is PlaceB).
	Weakened bool
}

// MergedPlace is a published place held by several current records.
type MergedPlace struct {
	ID      string
	Records []RecordKey
}
