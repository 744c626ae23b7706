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

// testWeakenedMerges: an automatic merge whose score a re-harvest brought
// down to « à vérifier » waits for a person (Weakened), its records still
// in one place; a confirmation keeps the merge and takes it off the queue.
func testWeakenedMerges(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	c.Set(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	put(t, s, "hub", Sample("m"))
	put(t, s, "dept", Sample("m2"))
	k := store.NewPairKey(store.RecordKey{Source: "hub", ID: "m"}, store.RecordKey{Source: "dept", ID: "m2"})
	if err := s.SavePairs(ctx, []store.DuplicatePair{{PairKey: k, Scores: "{}", Total: 9, Band: "meme", Decision: store.DecisionAuto}}); err != nil {
		t.Fatal(err)
	}
	if err := s.MergePlaces(ctx, "m", "m2", store.MergeInfo{Actor: "dedup", Reason: "même lieu", Score: 9}); err != nil {
		t.Fatal(err)
	}
	waiting := func() []store.WaitingPair {
		t.Helper()
		w, err := s.WaitingPairs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	if w := waiting(); len(w) != 0 {
		t.Fatalf("an automatic merge still « même lieu » waits for review: %+v", w)
	}
	// A re-harvest scores the pair 5: « à vérifier ».
	if err := s.SavePairs(ctx, []store.DuplicatePair{{PairKey: k, Scores: "{}", Total: 5, Band: "a_verifier"}}); err != nil {
		t.Fatal(err)
	}
	want := []store.WaitingPair{{PairKey: k, Total: 5, PlaceA: "m", PlaceB: "m", Weakened: true}}
	if w := waiting(); !reflect.DeepEqual(w, want) {
		t.Errorf("weakened merge in the queue: %+v, want %+v", w, want)
	}
	if got := ids(t, s); !reflect.DeepEqual(got, []string{"m"}) {
		t.Errorf("the weakened merge was undone before anyone decided: %v", got)
	}
	// « Lieux distincts » on records of one place is refused (« Séparer »).
	if err := s.DecidePair(ctx, k, store.DecisionRejected, "compte:2"); !errors.Is(err, failure.ErrConflict) {
		t.Errorf("rejecting a weakened merge: %v, want a conflict", err)
	}
	// « Même lieu »: the merge stays, confirmed by the person.
	if got, err := s.ConfirmPair(ctx, k, "dept-m2", store.MergeInfo{Actor: "compte:2", Reason: "même lieu"}); !errors.Is(err, failure.ErrConflict) {
		t.Errorf("confirming a weakened merge as surviving elsewhere: %q %v, want a conflict", got, err)
	}
	if got, err := s.ConfirmPair(ctx, k, "m", store.MergeInfo{Actor: "compte:2", Reason: "même lieu"}); err != nil || got != "m" {
		t.Fatalf("confirming a weakened merge: %q %v", got, err)
	}
	if w := waiting(); len(w) != 0 {
		t.Errorf("a confirmed merge still waits: %+v", w)
	}
	ps, err := s.DuplicatePairs(ctx, store.PairFilter{Keys: []store.PairKey{k}})
	if err != nil || len(ps) != 1 || ps[0].Decision != store.DecisionConfirmed || ps[0].DecidedBy != "compte:2" {
		t.Errorf("pair after the confirmation: %+v %v", ps, err)
	}
	if got := ids(t, s); !reflect.DeepEqual(got, []string{"m"}) {
		t.Errorf("published after the confirmation: %v", got)
	}
}

// testConfirmAsRead: a confirmation names the place the person was told
// survives; when another would survive now, nothing is done and the
// conflict names both places.
func testConfirmAsRead(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	c.Set(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	put(t, s, "hub", Sample("p"))
	put(t, s, "dept", Sample("q"))
	k := store.NewPairKey(store.RecordKey{Source: "hub", ID: "p"}, store.RecordKey{Source: "dept", ID: "q"})
	if err := s.SavePairs(ctx, []store.DuplicatePair{{PairKey: k, Scores: "{}", Total: 5, Band: "a_verifier"}}); err != nil {
		t.Fatal(err)
	}
	survivor, err := s.MergeSurvivor(ctx, "p", "q")
	if err != nil || survivor != "p" {
		t.Fatalf("survivor of p and q: %q %v", survivor, err)
	}
	_, err = s.ConfirmPair(ctx, k, "q", store.MergeInfo{Actor: "compte:1", Reason: "même lieu"})
	if !errors.Is(err, failure.ErrConflict) || !strings.Contains(err.Error(), "le lieu p qui garderait son identifiant, pas le lieu q") {
		t.Errorf("confirming with another survivor than the store's: %v, want a conflict naming p and q", err)
	}
	if got := ids(t, s); !reflect.DeepEqual(got, []string{"p", "q"}) {
		t.Errorf("a refused confirmation merged: %v", got)
	}
	if got, err := s.ConfirmPair(ctx, k, "p", store.MergeInfo{Actor: "compte:1", Reason: "même lieu"}); err != nil || got != "p" {
		t.Errorf("confirmation as read: %q %v", got, err)
	}
	if got := ids(t, s); !reflect.DeepEqual(got, []string{"p"}) {
		t.Errorf("published after the confirmation: %v", got)
	}
}

// testDecidePairMerges: DecidePair goes through the places' lock whatever
// the decision: a confirmation of records in two places merges them at
// once (never a confirmed pair left unmerged until a run), and a split is
// SplitRecord's.
func testDecidePairMerges(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	c.Set(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	put(t, s, "hub", Sample("p"), Sample("r"))
	put(t, s, "dept", Sample("q"))
	key := func(sa, a, sb, b string) store.PairKey {
		return store.NewPairKey(store.RecordKey{Source: sa, ID: a}, store.RecordKey{Source: sb, ID: b})
	}
	pq, pr := key("hub", "p", "dept", "q"), key("hub", "p", "hub", "r")
	if err := s.SavePairs(ctx, []store.DuplicatePair{
		{PairKey: pq, Scores: "{}", Total: 5, Band: "a_verifier"},
		{PairKey: pr, Scores: "{}", Total: 5, Band: "a_verifier"},
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.DecidePair(ctx, pr, store.DecisionSplit, "compte:1"); !errors.Is(err, failure.ErrInvalid) {
		t.Errorf("a split through DecidePair: %v, want invalid (SplitRecord)", err)
	}
	if err := s.DecidePair(ctx, pq, store.DecisionConfirmed, "compte:1"); err != nil {
		t.Fatal(err)
	}
	if got := ids(t, s); !reflect.DeepEqual(got, []string{"p", "r"}) {
		t.Errorf("published after a confirmation: %v, want q merged into p", got)
	}
	if to, moved, err := s.Redirect(ctx, "q"); err != nil || !moved || to != "p" {
		t.Errorf("q redirects to %q (%v %v), want p", to, moved, err)
	}
}
