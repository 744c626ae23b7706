package store

import (
	"context"
	"time"

	"maillage/internal/place"
)

// Records is the model of source records and places: what each source
// said (a record, keyed by the source's name and its own id) and the
// places published from them, with their stable ids, merges and
// withdrawals.
type Records interface {
	// MergePlaces moves the records of absorbed to survivor (callers pass
	// the older place as survivor), computes the survivor's fields again,
	// and makes absorbed's id redirect to survivor forever. The fields set
	// by hand on absorbed stay hand edits of survivor unless survivor has
	// its own. Journaled, in one transaction.
	MergePlaces(ctx context.Context, survivorID, absorbedID string, why MergeInfo) error
	// MergeRecords merges, in order and in one transaction, the places of
	// the records of each pair (as MergePlaces, the older place surviving),
	// the places read in the transaction: a pair whose records are already
	// in one place, or whose record is withdrawn or gone, is skipped, as
	// is a pair whose places a person separated (a pair between them
	// rejected or split, read in the transaction: decided since the run
	// read the decisions). In
	// the same transaction, it marks the compared records as no longer
	// pending (those whose token is still the one read). It returns the
	// merges done, in order.
	MergeRecords(ctx context.Context, pairs []RecordMerge, compared []PendingRecord) ([]Merged, error)
	// Placer places the records imports left unplaced (placements.go).
	Placer
	// SplitRecord takes a record out of its place, computes both places
	// again, and says where each went. A public id keeps meaning the same
	// real place: when the place was published from that record (its id
	// is the record's), the record keeps it and the place's other
	// records leave; otherwise the record leaves. The records that leave
	// take back the id their place had before a merge brought them in
	// (its redirection goes), or a new id chosen as for a new record.
	// In the same transaction, which reads the place after the places'
	// lock, the pairs between the record and the place's other current
	// records are marked split (DecisionSplit, created when the matcher
	// never stored them) by why.Actor: no later merge run joins them
	// again, and a split that fails records no decision. Journaled.
	// failure.NotFound when the record is unknown, failure.Conflict when
	// it is withdrawn, unplaced or its place's only one.
	SplitRecord(ctx context.Context, source, sourceID string, why MergeInfo) (Split, error)
	// SplitPreview says, without changing anything, where SplitRecord
	// would put the record and its place's other records as the store is
	// now (Split's At is zero): what a person reads before confirming.
	// Its errors are SplitRecord's.
	SplitPreview(ctx context.Context, source, sourceID string) (Split, error)
	// ConfirmPair records a person's confirmation of a pair to review
	// and merges the two records' places (the older surviving, as
	// MergePlaces), in one transaction that takes the places' lock
	// first; it returns the surviving place. survivor is the place the
	// person was told would survive ("": not checked): when another one
	// would, nothing is done (failure.Conflict naming both). Records
	// already in one place by an automatic merge (decision DecisionAuto,
	// its score since weakened) stay merged: the confirmation is
	// recorded. failure.Conflict when a person already decided on the
	// pair, when the records are in one place otherwise, or when a pair
	// a person rejected or split joins the two places (the message names
	// it); failure.NotFound for an unknown pair.
	ConfirmPair(ctx context.Context, key PairKey, survivor string, why MergeInfo) (string, error)
	// Redirect follows the redirections of merges: the id of the place
	// that id now is, and whether it differs (false: id itself, whether
	// published, withdrawn or unknown).
	Redirect(ctx context.Context, id string) (string, bool, error)
	// WithdrawnPlace tells about a place no longer published
	// (failure.NotFound if id is not one).
	WithdrawnPlace(ctx context.Context, id string) (Withdrawal, error)
	// SourceRecords are the records of a place, current and withdrawn,
	// ordered by source and id.
	SourceRecords(ctx context.Context, lieuID string) ([]SourceRecord, error)
	// FieldSources says where each field of a published place (but id)
	// comes from: a hand edit or a source record.
	FieldSources(ctx context.Context, lieuID string) (map[string]FieldOrigin, error)
}

// RecordMerge asks for the places of two records to be merged.
type RecordMerge struct {
	A, B RecordKey
	Why  MergeInfo
}

// Merged is a merge done: absorbed now redirects to survivor.
type Merged struct {
	Survivor, Absorbed string
	// Pair is the position of the pair in what MergeRecords was given.
	Pair int
}

// MergeInfo says who merged or split places, and why (journaled).
type MergeInfo struct {
	Actor  string  // an account ("compte:12"), or "dedup" for the automatic run
	Reason string  // in French, for people
	Score  float64 // the matcher's score, if any
}

// SourceRecord is a record as stored.
type SourceRecord struct {
	Source, SourceID string
	LieuID           string
	Lieu             place.Lieu // as the source gave it (its id the source's)
	Hash             string
	FirstSeen        time.Time
	LastSeen         time.Time
	WithdrawnAt      time.Time // zero while the source gives it
	// Diagnostics are the import's diagnostics of the record as last
	// read (JSON array; empty for none).
	Diagnostics []byte
}

// Split says where a split left a place's records: the place of the
// record split off, and the place of the others (one of them is the
// place's id before the split).
type Split struct {
	Record, Others string
	// From is the place the record was in (Record or Others: the one
	// that kept its id).
	From string
	// At is when the split was decided (the time its decisions carry):
	// an undo names it, so that it takes back this split and never a
	// later one.
	At time.Time
}

// Withdrawal is a place no longer published.
type Withdrawal struct {
	ID, Nom string
	At      time.Time
	Reason  string
}
