package dedup

import (
	"testing"

	"maillage/internal/place"
	"maillage/internal/store"
)

// A pair to review whose places a person already separated (a pair
// between them rejected or split) is not shown: confirming it would merge
// what was said to be two places.
func TestReviewQueueHidesSeparatedPlaces(t *testing.T) {
	rec := func(source, id, lieu string) PlacedRecord {
		return PlacedRecord{Record: Record{Source: source, Lieu: &place.Lieu{ID: id, Nom: id}}, Place: lieu}
	}
	recs := []PlacedRecord{rec("hub", "c40", "c40"), rec("hub", "m40", "m40"), rec("fs", "m40b", "m40"), rec("hub", "z", "z")}
	key := func(a, b int) store.PairKey { return store.NewPairKey(recs[a].Key(), recs[b].Key()) }
	pairs := []store.DuplicatePair{
		{PairKey: key(0, 1), Scores: "{}", Band: Review.Code(), Decision: store.DecisionRejected},
		{PairKey: key(0, 2), Scores: "{}", Band: Review.Code(), Total: 5},
		{PairKey: key(0, 3), Scores: "{}", Band: Review.Code(), Total: 4},
	}
	q, err := ReviewQueue(recs, pairs)
	if err != nil {
		t.Fatal(err)
	}
	if len(q) != 1 || q[0].PairKey != key(0, 3) {
		var got []store.PairKey
		for _, it := range q {
			got = append(got, it.PairKey)
		}
		t.Errorf("queue %v, want only %v (c40 and m40 were said to be two places)", got, key(0, 3))
	}
}
