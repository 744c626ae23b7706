package storetest

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"maillage/internal/store"
)

// testDuplicatesQueue: the review reads the pairs waiting for a person
// (to review, undecided, both records current and in two published places)
// with their places, by total, one per pair of places; the merged places with their current
// records' keys; and the records it shows by key, a withdrawn or unknown
// key left out, whatever the number of keys.
func testDuplicatesQueue(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	c.Set(t0)
	importAll(t, s, "hub", Sample("a"), Sample("b"), Sample("c"))
	importAll(t, s, "national", Sample("x"), Sample("y"))
	if err := s.MergePlaces(ctx, "a", "x", store.MergeInfo{Actor: "dedup", Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	if err := s.MergePlaces(ctx, "c", "b", store.MergeInfo{Actor: "dedup", Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	c.Set(t0.Add(time.Hour))
	importAll(t, s, "hub", Sample("a"), Sample("c")) // b withdrawn: c holds one current record
	k := func(src, id string) store.RecordKey { return store.RecordKey{Source: src, ID: id} }
	ha, hb, hc, nx, ny := k("hub", "a"), k("hub", "b"), k("hub", "c"), k("national", "x"), k("national", "y")
	if err := s.SavePairs(ctx, []store.DuplicatePair{
		{PairKey: store.NewPairKey(ha, hc), Scores: "{}", Total: 5, Band: "a_verifier"},
		{PairKey: store.NewPairKey(ny, ha), Scores: "{}", Total: 6, Band: "a_verifier"},
		{PairKey: store.NewPairKey(nx, hc), Scores: "{}", Total: 5, Band: "a_verifier"},
		{PairKey: store.NewPairKey(hb, ny), Scores: "{}", Total: 6.5, Band: "a_verifier"},          // b withdrawn
		{PairKey: store.NewPairKey(ha, nx), Scores: "{}", Total: 4, Band: "a_verifier"},            // one place
		{PairKey: store.NewPairKey(hc, ny), Scores: "{}", Total: 4.5, Band: "a_verifier"},          // rejected below
		{PairKey: store.NewPairKey(hc, k("hub", "z")), Scores: "{}", Total: 5, Band: "a_verifier"}, // z unknown
		{PairKey: store.NewPairKey(ha, k("hub", "w")), Scores: "{}", Total: 9, Band: "meme", Decision: store.DecisionAuto},
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.DecidePair(ctx, store.NewPairKey(hc, ny), store.DecisionRejected, "compte:1"); err != nil {
		t.Fatal(err)
	}

	waiting, err := s.WaitingPairs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Two pairs of records between places a and c: one entry.
	want := []store.WaitingPair{
		{PairKey: store.NewPairKey(ha, ny), Total: 6, PlaceA: "a", PlaceB: "y"},
		{PairKey: store.NewPairKey(ha, hc), Total: 5, PlaceA: "a", PlaceB: "c", Others: 1},
	}
	if !reflect.DeepEqual(waiting, want) {
		t.Errorf("waiting pairs\n got %+v\nwant %+v", waiting, want)
	}

	// The places a person said are distinct from a place: both ways.
	for id, want := range map[string][]string{"c": {"y"}, "y": {"c"}, "a": nil} {
		if got, err := s.SeparatedFrom(ctx, id); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("places separated from %s: %v %v, want %v", id, got, err, want)
		}
	}

	merged, err := s.MergedPlaces(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if wantM := []store.MergedPlace{{ID: "a", Records: []store.RecordKey{ha, nx}}}; !reflect.DeepEqual(merged, wantM) {
		t.Errorf("merged places %+v, want %+v", merged, wantM)
	}

	// Records by key: many unknown keys (several queries' worth), a
	// withdrawn one, a repeated one.
	var keys []store.RecordKey
	for i := range 450 {
		keys = append(keys, k("ailleurs", fmt.Sprint(i)))
	}
	keys = append(keys, nx, hb, ha, ha)
	recs, err := s.CurrentRecordsByKeys(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Source != "hub" || recs[0].Lieu.ID != "a" || recs[0].Place != "a" ||
		recs[1].Source != "national" || recs[1].Lieu.ID != "x" || recs[1].Place != "a" ||
		recs[1].PlaceName == "" || !recs[1].PlaceCreated.Equal(t0) || recs[1].Lieu.Nom != Sample("x").Nom {
		t.Errorf("records by key: %+v", recs)
	}
	if none, err := s.CurrentRecordsByKeys(ctx, nil); err != nil || len(none) != 0 {
		t.Errorf("no keys: %+v %v", none, err)
	}

	// Pairs by key, in either order, and by record, many at once.
	ps, err := s.DuplicatePairs(ctx, store.PairFilter{Keys: []store.PairKey{{A: hc, B: ha}, {A: nx, B: k("x", "y")}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].PairKey != store.NewPairKey(ha, hc) || ps[0].Total != 5 {
		t.Errorf("pairs by key: %+v", ps)
	}
	byRec, err := s.DuplicatePairs(ctx, store.PairFilter{Records: append(keys, ny), Band: "a_verifier"})
	if err != nil {
		t.Fatal(err)
	}
	if len(byRec) != 6 || byRec[0].Total != 6.5 {
		t.Errorf("pairs of %d records: %d pairs %+v", len(keys)+1, len(byRec), byRec)
	}
}
