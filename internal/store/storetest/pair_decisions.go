package storetest

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"maillage/internal/failure"
	"maillage/internal/store"
)

// testPairDecisions: a person's decision on a pair is taken once (the
// second of two racing decisions is refused, failure.Conflict); a
// confirmation records the decision and merges the two places in one
// transaction; and it is refused, leaving everything as it was, when a
// pair a person rejected or split joins the two places (the merge run's
// rule, dedup.separated).
func testPairDecisions(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	c.Set(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	put(t, s, "hub", Sample("c"), Sample("m"), Sample("p"), Sample("q"))
	put(t, s, "dept", Sample("m2"))
	if err := s.MergePlaces(ctx, "m", "m2", store.MergeInfo{Actor: "dedup"}); err != nil {
		t.Fatal(err)
	}
	key := func(sa, a, sb, b string) store.PairKey {
		return store.NewPairKey(store.RecordKey{Source: sa, ID: a}, store.RecordKey{Source: sb, ID: b})
	}
	cm, cm2, pq := key("hub", "c", "hub", "m"), key("hub", "c", "dept", "m2"), key("hub", "p", "hub", "q")
	if err := s.SavePairs(ctx, []store.DuplicatePair{
		{PairKey: cm, Scores: "{}", Total: 5, Band: "a_verifier"},
		{PairKey: cm2, Scores: "{}", Total: 5, Band: "a_verifier"},
		{PairKey: pq, Scores: "{}", Total: 6, Band: "a_verifier"},
	}); err != nil {
		t.Fatal(err)
	}
	decision := func(k store.PairKey) string {
		t.Helper()
		ps, err := s.DuplicatePairs(ctx, store.PairFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			if p.PairKey == k {
				return p.Decision
			}
		}
		t.Fatalf("pair %v not stored", k)
		return ""
	}

	// Two coordinators reject c/m at once: the second is told.
	if err := s.DecidePair(ctx, cm, store.DecisionRejected, "compte:7"); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{store.DecisionRejected, store.DecisionConfirmed} {
		if err := s.DecidePair(ctx, cm, d, "compte:8"); !errors.Is(err, failure.ErrConflict) {
			t.Errorf("second decision %q on a decided pair: %v, want a conflict", d, err)
		}
	}
	if got := decision(cm); got != store.DecisionRejected {
		t.Errorf("decision of c/m %q, want the first one's", got)
	}

	// c and m were said to be two places: the pair of c and another
	// record of m is not offered for review, and confirming it is
	// refused, naming the earlier decision.
	waiting, err := s.WaitingPairs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var offered []store.PairKey
	for _, w := range waiting {
		offered = append(offered, w.PairKey)
	}
	if !reflect.DeepEqual(offered, []store.PairKey{pq}) {
		t.Errorf("pairs waiting for review %v, want only %v", offered, pq)
	}
	_, err = s.ConfirmPair(ctx, cm2, "", store.MergeInfo{Actor: "compte:8", Reason: "même lieu"})
	if !errors.Is(err, failure.ErrConflict) || !strings.Contains(err.Error(), "rejet") || !strings.Contains(err.Error(), "compte:7") {
		t.Errorf("confirming a pair across a rejection: %v, want a conflict naming it", err)
	}
	if got := decision(cm2); got != "" {
		t.Errorf("refused confirmation left the decision %q", got)
	}
	if got := ids(t, s); !reflect.DeepEqual(got, []string{"c", "m", "p", "q"}) {
		t.Errorf("published after a refused confirmation: %v", got)
	}

	// p/q confirmed: decided and merged at once; a second decision is
	// refused.
	survivor, err := s.ConfirmPair(ctx, pq, "", store.MergeInfo{Actor: "compte:7", Reason: "même lieu"})
	if err != nil {
		t.Fatal(err)
	}
	if survivor != "p" || decision(pq) != store.DecisionConfirmed {
		t.Errorf("confirmation: survivor %q decision %q", survivor, decision(pq))
	}
	if got := ids(t, s); !reflect.DeepEqual(got, []string{"c", "m", "p"}) {
		t.Errorf("published after the confirmation: %v", got)
	}
	if _, err := s.ConfirmPair(ctx, pq, "", store.MergeInfo{Actor: "compte:8"}); !errors.Is(err, failure.ErrConflict) {
		t.Errorf("second confirmation: %v, want a conflict", err)
	}
	if err := s.DecidePair(ctx, pq, store.DecisionRejected, "compte:8"); !errors.Is(err, failure.ErrConflict) {
		t.Errorf("rejecting a confirmed pair: %v, want a conflict", err)
	}
	if _, err := s.ConfirmPair(ctx, key("hub", "x", "hub", "y"), "", store.MergeInfo{Actor: "compte:8"}); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("confirming an unknown pair: %v, want not found", err)
	}
}
