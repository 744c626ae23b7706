package dedup

import (
	"context"

	"maillage/internal/store"
)

// Splitter is what a split needs of the storage.
type Splitter interface {
	SplitRecord(ctx context.Context, source, sourceID string, why store.MergeInfo) (store.Split, error)
}

// Split takes a record out of its merged place, wherever the person asks
// (the review of duplicates, the place's page, the CLI), in one
// transaction (store.Records.SplitRecord): the pairs between the record
// and the place's other current records are marked split
// (store.DecisionSplit, created when the matcher never stored them), so
// that no later merge run, whatever it scores, joins them again, and the
// record leaves. It returns the place the record was in and where the
// split left the record and the place's other records (the id stays with
// the record the place was published from). failure.NotFound when the
// record is unknown, failure.Conflict when it is withdrawn, unplaced or
// its place's only one.
func Split(ctx context.Context, st Splitter, key store.RecordKey, why store.MergeInfo) (from string, to store.Split, err error) {
	to, err = st.SplitRecord(ctx, key.Source, key.ID, why)
	return to.From, to, err
}
