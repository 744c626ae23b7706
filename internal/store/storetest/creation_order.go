package storetest

import (
	"context"
	"testing"
	"time"

	"maillage/internal/store"
)

// testCreationOrder: of two places merged, the one created first
// survives, even when both were created at one instant (two imports in
// one second, or one merge run creating several places): the tie no
// longer goes to the smaller id. A place withdrawn and published again
// keeps its rank. The merge of a run (MergeRecords) and a person's
// confirmation (ConfirmPair) decide alike.
func testCreationOrder(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	c.Set(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)) // never moves
	put(t, s, "hub", Sample("z1"), Sample("z2"), Sample("z3"))
	put(t, s, "national", Sample("a1"), Sample("a2"))
	rk := func(src, id string) store.RecordKey { return store.RecordKey{Source: src, ID: id} }
	merge := func(a, b store.RecordKey) string { t.Helper(); return mergeOnce(t, s, a, b) }

	// A run's merge: hub's z1 was created first.
	if got := merge(rk("national", "a1"), rk("hub", "z1")); got != "z1" {
		t.Errorf("run's merge of z1 (created first) and a1: %s survives, want z1", got)
	}

	// A person's confirmation.
	pair := store.NewPairKey(rk("national", "a2"), rk("hub", "z2"))
	if err := s.SavePairs(ctx, []store.DuplicatePair{{PairKey: pair, Scores: "{}", Total: 5, Band: "a_verifier"}}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.ConfirmPair(ctx, pair, "", store.MergeInfo{Actor: "compte:1", Reason: "même lieu"}); err != nil || got != "z2" {
		t.Errorf("confirmed merge of z2 (created first) and a2: %q survives (%v), want z2", got, err)
	}

	// z3 is withdrawn, then a3 is created, then z3 comes back: it was
	// created first still.
	importAll(t, s, "hub", Sample("z1"), Sample("z2"))
	if _, err := s.Lieu(ctx, "z3"); err == nil {
		t.Fatal("z3 still published after its source dropped it")
	}
	put(t, s, "national", Sample("a3"))
	put(t, s, "hub", Sample("z3"))
	if got := merge(rk("national", "a3"), rk("hub", "z3")); got != "z3" {
		t.Errorf("merge of z3 (created first, withdrawn, published again) and a3: %s survives, want z3", got)
	}

	// One run creates two places: the first it created survives.
	deferredPut(t, s, "tardif", false, Sample("z9"), Sample("a9"))
	read := tokens(t, s)
	pr := func(id string) store.PendingRecord {
		k := rk("tardif", id)
		return store.PendingRecord{Key: k, Token: read[k].Pending}
	}
	if _, created, err := s.PlaceRecords(ctx, []store.Placement{{Records: []store.PendingRecord{pr("z9")}, Actor: "dedup"},
		{Records: []store.PendingRecord{pr("a9")}, Actor: "dedup"}}, nil); err != nil || created != 2 {
		t.Fatalf("placing z9 and a9: %d created, %v", created, err)
	}
	if got := merge(rk("tardif", "a9"), rk("tardif", "z9")); got != "z9" {
		t.Errorf("merge of z9 and a9, placed in this order by one run: %s survives, want z9", got)
	}
}

// mergeOnce merges the places of records a and b as a merge run does
// (MergeRecords), and returns the surviving place.
func mergeOnce(t *testing.T, s store.Store, a, b store.RecordKey) string {
	t.Helper()
	done, err := s.MergeRecords(context.Background(), []store.RecordMerge{{A: a, B: b, Why: store.MergeInfo{Actor: "dedup", Reason: "test", Score: 8}}}, nil)
	if err != nil || len(done) != 1 {
		t.Fatalf("merging %v and %v: %v %v", a, b, done, err)
	}
	return done[0].Survivor
}
