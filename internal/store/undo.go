package store

import (
	"context"
	"time"
)

// Undos are a person's way back from a decision on duplicates, and the
// merge of two places by hand. Each is one transaction that takes the
// places' lock first (as the decisions do), reads the state again inside
// it and refuses (failure.Conflict, a French message saying what
// changed) when a colleague or a harvest changed it since the person
// read it: nothing is changed then. Each is journaled.
type Undos interface {
	// UndoReject takes back a rejection (« lieux distincts ») of a pair:
	// the pair is again to review (band « a_verifier », no decision).
	// failure.NotFound for an unknown pair, failure.Conflict when the
	// pair is no longer rejected.
	// decidedAt names the rejection taken back (DuplicatePair.DecidedAt
	// as the person read it): failure.Conflict when the pair's rejection
	// is another (taken back and decided again since), failure.Invalid
	// when it is zero.
	UndoReject(ctx context.Context, key PairKey, decidedAt time.Time, actor string) error
	// UndoSplit takes back split, the split of record key (as
	// Records.SplitRecord returned it): the two places it left are one
	// again under the place id the record had (read from the split's
	// journal entry, never taken from split.From), and the split
	// decisions between the record and the others are forgotten.
	// split.At names the split taken back: failure.Conflict when the
	// decisions are of another split (undone and split again since),
	// failure.Invalid when it is zero.
	// failure.Conflict when the record is no longer alone in
	// split.Record, when split.Others is no longer published or holds a
	// record the split did not separate, when the split was already
	// undone, or when another decision keeps the two places apart (the
	// message names it). It returns the place the record is in.
	UndoSplit(ctx context.Context, key RecordKey, split Split, why MergeInfo) (string, error)
	// MergeSurvivor says which of two published places a merge keeps
	// (the merge rule: the older; its id survives, the other redirects
	// to it). failure.NotFound when one is not published, failure.Invalid
	// when they are one, failure.Conflict when a person's decision (a
	// pair rejected or split between their records) keeps them apart:
	// the message names it.
	MergeSurvivor(ctx context.Context, a, b string) (string, error)
	// MergeByHand merges two published places as a person's decision:
	// the pairs between their current records are marked confirmed by
	// why.Actor (created when the matcher never scored them), so that
	// the decision shows and holds, and the places merge as MergePlaces
	// does, survivor being MergeSurvivor's answer read in the
	// transaction. failure.Conflict (nothing changed) when that answer is
	// not survivor, the survivor the person was shown, or when a decision
	// keeps them apart (as MergeSurvivor).
	MergeByHand(ctx context.Context, a, b, survivor string, why MergeInfo) error
}
