package dedup

import (
	"context"

	"maillage/internal/failure"
	"maillage/internal/store"
)

// Splitter is what a split needs of the storage.
type Splitter interface {
	store.Duplicates
	CurrentRecordsByKeys(ctx context.Context, keys []store.RecordKey) ([]store.CurrentRecord, error)
	SourceRecords(ctx context.Context, lieuID string) ([]store.SourceRecord, error)
	SplitRecord(ctx context.Context, source, sourceID string, why store.MergeInfo) (store.Split, error)
}

// Split takes a record out of its merged place, wherever the person asks
// (the review of duplicates, the place's page, the CLI): the pairs between
// the record and the place's other current records are marked split
// (store.DecisionSplit, created when the matcher never stored them) before
// the record leaves, so that no later merge run, whatever it scores, joins
// them again. It returns the place the record was in and where the split
// left the record and the place's other records (store.Records.SplitRecord:
// the id stays with the record the place was published from).
// failure.NotFound when the record is not a current record of a
// published place, failure.Conflict when it is its place's only one.
func Split(ctx context.Context, st Splitter, key store.RecordKey, why store.MergeInfo) (from string, to store.Split, err error) {
	recs, err := st.CurrentRecordsByKeys(ctx, []store.RecordKey{key})
	if err != nil {
		return "", store.Split{}, err
	}
	if len(recs) == 0 {
		return "", store.Split{}, failure.Errorf(failure.NotFound, "Enregistrement %s de la source « %s » introuvable parmi les enregistrements publiés.", key.ID, key.Source)
	}
	from = recs[0].Place
	all, err := st.SourceRecords(ctx, from)
	if err != nil {
		return from, store.Split{}, err
	}
	var others []store.RecordKey
	for _, r := range all {
		if k := (store.RecordKey{Source: r.Source, ID: r.SourceID}); r.WithdrawnAt.IsZero() && k != key {
			others = append(others, k)
		}
	}
	if len(others) == 0 {
		return from, store.Split{}, failure.Errorf(failure.Conflict, "L'enregistrement %s de la source « %s » est le seul du lieu %s : il n'y a rien à séparer.", key.ID, key.Source, from)
	}
	// The decisions first: if the split then fails, the place stays as it
	// was and the pairs only say what the person decided.
	keys := make([]store.PairKey, len(others))
	for i, o := range others {
		keys[i] = store.NewPairKey(key, o)
	}
	known, err := st.DuplicatePairs(ctx, store.PairFilter{Keys: keys})
	if err != nil {
		return from, store.Split{}, err
	}
	have := make(map[store.PairKey]bool, len(known))
	for _, p := range known {
		have[p.PairKey] = true
	}
	var missing []store.DuplicatePair
	for _, k := range keys {
		if !have[k] {
			missing = append(missing, store.DuplicatePair{PairKey: k, Scores: "{}", Band: Same.Code()})
		}
	}
	if err := st.SavePairs(ctx, missing); err != nil {
		return from, store.Split{}, err
	}
	for _, k := range keys {
		if err := st.DecidePair(ctx, k, store.DecisionSplit, why.Actor); err != nil {
			return from, store.Split{}, err
		}
	}
	to, err = st.SplitRecord(ctx, key.Source, key.ID, why)
	return from, to, err
}
