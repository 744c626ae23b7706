package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"maillage/internal/store"
)

// testMergeRecordsKeepsLaterDecisions: a merge run reads people's
// decisions when it starts and merges later; MergeRecords reads them
// again in its transaction, so that a pair rejected (« lieux
// distincts ») or split since then keeps its places apart: the merge of
// the pair itself is skipped, and so is a merge that would join the two
// places through other records (transitively, within the same call).
// Before, the run's merge joined the places of a pair rejected 2 s
// earlier (review of issue 8, finding 3).
func testMergeRecordsKeepsLaterDecisions(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	c.Set(t0)
	key := func(src, id string) store.RecordKey { return store.RecordKey{Source: src, ID: id} }
	put(t, s, "hub", Sample("h1"), Sample("h2"))
	c.Set(t0.Add(time.Hour))
	put(t, s, "dept", Sample("d1"), Sample("d2"))
	c.Set(t0.Add(2 * time.Hour))
	put(t, s, "coop", Sample("k1"))
	// What the run saved, then what people decided while it scored.
	rejected := store.NewPairKey(key("hub", "h1"), key("dept", "d1"))
	split := store.NewPairKey(key("hub", "h2"), key("dept", "d2"))
	if err := s.SavePairs(ctx, []store.DuplicatePair{
		{PairKey: rejected, Scores: "{}", Total: 8, Band: "meme", Decision: store.DecisionAuto},
		{PairKey: split, Scores: "{}", Total: 9, Band: "meme", Decision: store.DecisionAuto},
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.DecidePair(ctx, rejected, store.DecisionRejected, "compte:7"); err != nil {
		t.Fatal(err)
	}
	// h2 and d2 were merged, then a person split d2 off (d2 gets its id
	// back): the split marks the pair.
	if err := s.MergePlaces(ctx, "h2", "d2", store.MergeInfo{Actor: "dedup", Reason: "Même lieu", Score: 9}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.SplitRecord(ctx, "dept", "d2", store.MergeInfo{Actor: "compte:7", Reason: "deux lieux"}); err != nil || got.Record != "d2" {
		t.Fatalf("split of d2: %+v %v", got, err)
	}
	why := store.MergeInfo{Actor: "dedup", Reason: "Même lieu", Score: 8}
	done, err := s.MergeRecords(ctx, []store.RecordMerge{
		{A: key("dept", "d1"), B: key("hub", "h1"), Why: why},  // rejected
		{A: key("coop", "k1"), B: key("dept", "d1"), Why: why}, // merges
		{A: key("hub", "h1"), B: key("coop", "k1"), Why: why},  // would join h1 and d1
		{A: key("dept", "d2"), B: key("hub", "h2"), Why: why},  // split
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.Merged{{Survivor: "d1", Absorbed: "k1", Pair: 1}}
	if !reflect.DeepEqual(done, want) {
		t.Errorf("merges done %+v, want only k1 into d1: the others join places a person separated", done)
	}
	for _, id := range []string{"h1", "h2", "d1", "d2"} {
		lieu(t, s, id) // still published
	}
}
