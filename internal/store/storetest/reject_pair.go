package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"maillage/internal/failure"
	"maillage/internal/store"
)

// testRejectInOnePlace: « lieux distincts » on a pair whose records a
// colleague (or a merge run) put in one place since the person read it
// is refused (failure.Conflict, a message that says they are in one
// place and how to undo it), and nothing is recorded: a rejection beside
// a merge it contradicts would stay « rejetée » with both records in one
// place. A pair whose records are in two places is rejected as before.
// Before the fix the rejection was recorded (review of issue 8, finding 2).
func testRejectInOnePlace(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	c.Set(t0)
	key := func(src, id string) store.RecordKey { return store.RecordKey{Source: src, ID: id} }
	put(t, s, "hub", Sample("h1"), Sample("h2"))
	c.Set(t0.Add(time.Hour))
	put(t, s, "dept", Sample("d1"), Sample("d2"))
	merged := store.NewPairKey(key("hub", "h1"), key("dept", "d1"))
	apart := store.NewPairKey(key("hub", "h2"), key("dept", "d2"))
	if err := s.SavePairs(ctx, []store.DuplicatePair{
		{PairKey: merged, Scores: "{}", Total: 5, Band: "a_verifier"},
		{PairKey: apart, Scores: "{}", Total: 5, Band: "a_verifier"},
	}); err != nil {
		t.Fatal(err)
	}
	// A colleague merges h1 and d1 (another pair's confirmation).
	if err := s.MergePlaces(ctx, "h1", "d1", store.MergeInfo{Actor: "compte:8", Reason: "même lieu"}); err != nil {
		t.Fatal(err)
	}
	err := s.DecidePair(ctx, merged, store.DecisionRejected, "compte:7")
	if !errors.Is(err, failure.ErrConflict) || !strings.Contains(err.Error(), "même lieu (h1)") || !strings.Contains(err.Error(), "Séparer") {
		t.Errorf("rejection of a pair already in one place: %v, want a conflict saying they are in one place (h1) and « Séparer »", err)
	}
	if err := s.DecidePair(ctx, apart, store.DecisionRejected, "compte:7"); err != nil {
		t.Errorf("rejection of a pair in two places: %v", err)
	}
	ps, err := s.DuplicatePairs(ctx, store.PairFilter{Keys: []store.PairKey{merged, apart}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[store.PairKey]string{}
	for _, p := range ps {
		got[p.PairKey] = p.Decision
	}
	if got[merged] != "" || got[apart] != store.DecisionRejected {
		t.Errorf("decisions %v: want none on the merged pair, « rejetee » on the other", got)
	}
}

// testRejectRacesConfirmations: three records in three places, three
// pairs to review; at once a person confirms A–C, another B–C, a third
// rejects A–B. Whatever the order the engine gives them, no pair ends
// « rejetée » with its records in one place, every confirmed pair has its
// records together, and each decision either succeeds or is refused as a
// conflict (never another error). Before the fix, the rejection of A–B
// was recorded after both confirmations had merged A and B (review of
// issue 8, finding 2: seen on PostgreSQL).
func testRejectRacesConfirmations(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	c.Set(time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC))
	for round := range 8 {
		k := func(src string) store.RecordKey { return store.RecordKey{Source: src, ID: fmt.Sprintf("r%d", round)} }
		for _, src := range []string{"a", "b", "c"} {
			put(t, s, src, Sample(k(src).ID))
		}
		ab, ac, bc := store.NewPairKey(k("a"), k("b")), store.NewPairKey(k("a"), k("c")), store.NewPairKey(k("b"), k("c"))
		if err := s.SavePairs(ctx, []store.DuplicatePair{
			{PairKey: ab, Scores: "{}", Total: 5, Band: "a_verifier"},
			{PairKey: ac, Scores: "{}", Total: 5, Band: "a_verifier"},
			{PairKey: bc, Scores: "{}", Total: 5, Band: "a_verifier"},
		}); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 3)
		start := make(chan struct{})
		for i, do := range []func() error{
			func() error {
				_, err := s.ConfirmPair(ctx, ac, "", store.MergeInfo{Actor: "compte:1", Reason: "même lieu"})
				return err
			},
			func() error {
				_, err := s.ConfirmPair(ctx, bc, "", store.MergeInfo{Actor: "compte:2", Reason: "même lieu"})
				return err
			},
			func() error { return s.DecidePair(ctx, ab, store.DecisionRejected, "compte:3") },
		} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs[i] = do()
			}()
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil && !errors.Is(err, failure.ErrConflict) {
				t.Errorf("round %d, decision %d: %v, want success or a conflict", round, i, err)
			}
		}
		place := map[store.RecordKey]string{}
		recs, err := s.CurrentRecordsByKeys(ctx, []store.RecordKey{k("a"), k("b"), k("c")})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			place[store.RecordKey{Source: r.Source, ID: r.Lieu.ID}] = r.Place
		}
		ps, err := s.DuplicatePairs(ctx, store.PairFilter{Keys: []store.PairKey{ab, ac, bc}})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			together := place[p.A] != "" && place[p.A] == place[p.B]
			switch {
			case p.Decision == store.DecisionRejected && together:
				t.Errorf("round %d: pair %v « rejetée » with both records in place %s", round, p.PairKey, place[p.A])
			case p.Decision == store.DecisionConfirmed && !together:
				t.Errorf("round %d: pair %v « confirmée » with its records in %s and %s", round, p.PairKey, place[p.A], place[p.B])
			}
		}
	}
}
