package store

import (
	"context"
	"time"

	"maillage/internal/place"
)

// Duplicates keeps the candidate pairs of source records that the
// deduplication scored, with each component's score, the band, and the
// decision taken on the pair. A decision taken by a person is never
// overwritten by a later harvest.
type Duplicates interface {
	// SavePairs records the matcher's view of pairs: new pairs are added,
	// known pairs get their new scores, total and band. A pair's decision
	// is set from the saved pair only when it has none ("" → DecisionAuto);
	// decisions already taken stay.
	SavePairs(ctx context.Context, pairs []DuplicatePair) error
	// ReviewPairs saves pairs a merge run scored « même lieu » but left
	// apart, to be reviewed (their Band "a_verifier", the reason in their
	// Scores): the automatic decision a run took on them goes, so that
	// they wait in the review queue; a person's decision stays.
	ReviewPairs(ctx context.Context, pairs []DuplicatePair) error
	// DuplicatePairs lists the stored pairs the filter selects, ordered by
	// total (highest first), then by key.
	DuplicatePairs(ctx context.Context, f PairFilter) ([]DuplicatePair, error)
	// DecidePair records a person's decision on a stored pair, in one
	// transaction that takes the places' lock first and reads there where
	// the two records are (failure.NotFound when the pair is unknown,
	// failure.Conflict when a person decided it already, naming who,
	// failure.Invalid for a decision other than confirmée or rejetée: a
	// split is Records.SplitRecord). A rejection (« lieux distincts ») is
	// refused (failure.Conflict, the message saying so) when both are
	// current records of one place (merged since the person read the
	// pair: « Séparer » undoes that). A confirmation of records in two
	// published places merges them as Records.ConfirmPair; of records in
	// one place (an automatic merge a re-harvest weakened) it keeps the
	// merge. Records unknown to the store or withdrawn are not checked.
	DecidePair(ctx context.Context, key PairKey, decision, actor string) error
	// CurrentRecords returns every current (not withdrawn) record of a
	// published place, with its place, ordered by source and id: what the
	// merge run compares.
	CurrentRecords(ctx context.Context) ([]CurrentRecord, error)
	// PairDecisions returns the decision on every stored pair ("" when
	// none was taken), without the scores.
	PairDecisions(ctx context.Context) (map[PairKey]string, error)
	// HasPending reports whether a current record waits for a merge run
	// (an import wrote it since a run compared it).
	HasPending(ctx context.Context) (bool, error)
	// RecordsToMatch calls fn with every current record of a published
	// place and every current record an import left unplaced (Place "",
	// PlaceName its own name, PlaceCreated when it was first seen), with
	// only the fields the matcher reads (id, nom, adresse, commune,
	// code_postal, code_insee, coordinates, pivot, telephone, courriels,
	// site_web, typologie, horaires, itinerance) and its pending token:
	// what a merge run holds in memory. An unplaced record comes with
	// every field instead (as SourceRecord.Lieu, pass numérique and
	// provenance included): the run hands it to its placement
	// (PendingRecord.Lieu), which need not read it again.
	RecordsToMatch(ctx context.Context, fn func(MatchRecord) error) error
}

// MatchRecord is a current record as a merge run reads it.
type MatchRecord struct {
	CurrentRecord
	// Pending is the record's token while it waits for a merge run (0 when
	// a run compared it since it was last written).
	Pending int64
}

// PendingRecord is a record a merge run compared, with the token it read:
// the run's transaction clears the token only if no import changed the
// record since.
type PendingRecord struct {
	Key   RecordKey
	Token int64
	// Lieu, in a Placement, is the record as the run read it, every field
	// (RecordsToMatch's unplaced record), when the run has it:
	// PlaceRecords places it as given if its token says it is unchanged,
	// instead of reading it again. Nil: the record is read.
	Lieu *place.Lieu
}

// CurrentRecord is a current source record with its published place.
type CurrentRecord struct {
	Source string
	// Lieu is the record as the source gave it; Lieu.ID is the source's id.
	Lieu place.Lieu
	// Place is the published place's id, PlaceName its name, PlaceCreated
	// when it was first published, PlaceOrder its creation order (of two
	// places merged, the one created first survives).
	Place, PlaceName string
	PlaceCreated     time.Time
	PlaceOrder       int64
}

// The decisions on a pair.
const (
	DecisionAuto      = "auto"      // merged by the automatic run
	DecisionConfirmed = "confirmee" // a person said: the same place
	DecisionRejected  = "rejetee"   // a person said: two places
	DecisionSplit     = "separee"   // a person split a wrong merge
)

// RecordKey names a source record: the source's name and the id that
// source gave it.
type RecordKey struct {
	Source, ID string
}

// Less orders record keys by source, then id.
func (k RecordKey) Less(o RecordKey) bool {
	if k.Source != o.Source {
		return k.Source < o.Source
	}
	return k.ID < o.ID
}

// PairKey names a pair of records, A before B.
type PairKey struct {
	A, B RecordKey
}

// NewPairKey orders the two keys.
func NewPairKey(a, b RecordKey) PairKey {
	if b.Less(a) {
		a, b = b, a
	}
	return PairKey{A: a, B: b}
}

// DuplicatePair is a scored pair of records.
type DuplicatePair struct {
	PairKey
	// Scores is the JSON of every component's score (dedup.Scores).
	Scores string
	Total  float64
	// Band is "meme", "a_verifier" or "distincts".
	Band string
	// Decision is "" (none yet) or one of the Decision constants.
	Decision  string
	DecidedBy string
	DecidedAt time.Time
	FirstSeen time.Time
	LastSeen  time.Time
}

// PairFilter selects stored pairs; the zero filter selects all.
type PairFilter struct {
	// Band keeps the pairs of this band only ("" for all).
	Band string
	// Undecided keeps the pairs no decision was taken on.
	Undecided bool
	// Records keeps the pairs that involve one of these records.
	Records []RecordKey
	// Keys keeps these pairs (with Records: the pairs of either).
	Keys []PairKey
	// Limit bounds the number of pairs (0: no bound).
	Limit int
}
