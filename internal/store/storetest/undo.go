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

// pairDecision is the decision and band of a stored pair ("absente" when
// there is none).
func pairDecision(t *testing.T, s store.Store, k store.PairKey) (decision, band string) {
	t.Helper()
	ps, err := s.DuplicatePairs(context.Background(), store.PairFilter{Keys: []store.PairKey{k}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 {
		return "absente", ""
	}
	return ps[0].Decision, ps[0].Band
}

// rejectedAt is when a pair's decision was taken.
func rejectedAt(t *testing.T, s store.Store, k store.PairKey) time.Time {
	t.Helper()
	ps, err := s.DuplicatePairs(context.Background(), store.PairFilter{Keys: []store.PairKey{k}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].DecidedAt.IsZero() {
		t.Fatalf("pair %v: no decision time (%+v)", k, ps)
	}
	return ps[0].DecidedAt
}

// placeOf is the published place of a current record ("" when none).
func placeOf(t *testing.T, s store.Store, k store.RecordKey) string {
	t.Helper()
	recs, err := s.CurrentRecordsByKeys(context.Background(), []store.RecordKey{k})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 {
		return ""
	}
	return recs[0].Place
}

func lastAction(t *testing.T, s store.Store, id string) string {
	t.Helper()
	es, err := s.Audit(context.Background(), "lieu", id)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) == 0 {
		return ""
	}
	return es[len(es)-1].Action
}

// testUndoReject: a rejected pair (« lieux distincts ») taken back is to
// review again (no decision, band « a_verifier », in the queue), and the
// history of both places says so; taking it back twice, or a pair
// nobody rejected, is a conflict that changes nothing; an unknown pair is
// not found.
func testUndoReject(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	c.Set(time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC))
	put(t, s, "hub", Sample("h1"))
	put(t, s, "dept", Sample("d1"))
	k := store.NewPairKey(store.RecordKey{Source: "hub", ID: "h1"}, store.RecordKey{Source: "dept", ID: "d1"})
	if err := s.SavePairs(ctx, []store.DuplicatePair{{PairKey: k, Scores: "{}", Total: 5, Band: "a_verifier"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.UndoReject(ctx, k, time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC), "compte:7"); !errors.Is(err, failure.ErrConflict) {
		t.Errorf("undoing a rejection nobody made: %v, want a conflict", err)
	}
	if err := s.DecidePair(ctx, k, store.DecisionRejected, "compte:7"); err != nil {
		t.Fatal(err)
	}
	// A later harvest scores the pair « meme »: the undo puts it back to
	// review, not to an automatic merge.
	if err := s.SavePairs(ctx, []store.DuplicatePair{{PairKey: k, Scores: "{}", Total: 9, Band: "meme", Decision: store.DecisionAuto}}); err != nil {
		t.Fatal(err)
	}
	at := rejectedAt(t, s, k)
	if err := s.UndoReject(ctx, k, time.Time{}, "compte:8"); !errors.Is(err, failure.ErrInvalid) {
		t.Errorf("undoing without naming the rejection: %v, want invalid", err)
	}
	if err := s.UndoReject(ctx, k, at.Add(time.Second), "compte:8"); !errors.Is(err, failure.ErrConflict) {
		t.Errorf("undoing another rejection than the pair's: %v, want a conflict", err)
	}
	// A form naming an earlier decision (forged: never undone): the
	// conflict says the form does not match, not that it was undone.
	err := s.UndoReject(ctx, k, at.Add(-time.Hour), "compte:8")
	if !errors.Is(err, failure.ErrConflict) || !strings.Contains(err.Error(), "ce formulaire ne correspond pas à la décision en place") || strings.Contains(err.Error(), "annulée puis reprise") {
		t.Errorf("undoing with an earlier date than the rejection's: %v, want « ce formulaire ne correspond pas à la décision en place »", err)
	}
	if names := failure.ActorsOf(err); len(names) != 1 || names[0] != "compte:7" {
		t.Errorf("the conflict names %v, want the rejection's author", names)
	}
	if err := s.UndoReject(ctx, k, at, "compte:8"); err != nil {
		t.Fatal(err)
	}
	if d, b := pairDecision(t, s, k); d != "" || b != "a_verifier" {
		t.Errorf("pair after the undo: decision %q band %q, want none, « a_verifier »", d, b)
	}
	waiting, err := s.WaitingPairs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(waiting) != 1 || waiting[0].PairKey != k {
		t.Errorf("waiting pairs after the undo: %+v", waiting)
	}
	for _, id := range []string{"h1", "d1"} {
		if a := lastAction(t, s, id); a != "paire.rejet_annule" {
			t.Errorf("last journal entry of %s: %q, want paire.rejet_annule", id, a)
		}
	}
	err = s.UndoReject(ctx, k, at, "compte:8")
	if !errors.Is(err, failure.ErrConflict) || !strings.Contains(err.Error(), "Rien à annuler") {
		t.Errorf("undoing twice: %v, want a conflict", err)
	}
	unknown := store.NewPairKey(store.RecordKey{Source: "hub", ID: "x"}, store.RecordKey{Source: "dept", ID: "y"})
	if err := s.UndoReject(ctx, unknown, at, "compte:8"); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("undoing on an unknown pair: %v", err)
	}
	// Rejected again (later), the first rejection's undo, replayed,
	// does not take back the new one.
	c.Set(time.Date(2026, 11, 20, 11, 0, 0, 0, time.UTC))
	if err := s.DecidePair(ctx, k, store.DecisionRejected, "compte:9"); err != nil {
		t.Errorf("rejecting again after the undo: %v", err)
	}
	if err := s.UndoReject(ctx, k, at, "compte:8"); !errors.Is(err, failure.ErrConflict) {
		t.Errorf("a stale undo of the first rejection: %v, want a conflict", err)
	}
	if d, _ := pairDecision(t, s, k); d != store.DecisionRejected {
		t.Errorf("the colleague's rejection after a stale undo: %q", d)
	}
}

// testUndoSplit: a split taken back puts the record back in the place it
// left, under that place's id, both when the record left and when the
// others did (the place was published from it); the split decisions are
// forgotten and the journal says so. An undo after the state changed (the
// others' place took in a record since, or the split was undone already)
// is a conflict that changes nothing.
func testUndoSplit(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	c.Set(t0)
	put(t, s, "hub", Sample("h1"), Sample("h2"))
	c.Set(t0.Add(time.Hour))
	put(t, s, "dept", Sample("d1"), Sample("d2"), Sample("d3"))
	why := store.MergeInfo{Actor: "dedup", Reason: "même lieu"}
	for _, m := range [][2]string{{"h1", "d1"}, {"h2", "d2"}} {
		if err := s.MergePlaces(ctx, m[0], m[1], why); err != nil {
			t.Fatal(err)
		}
	}
	by := store.MergeInfo{Actor: "compte:3", Reason: "séparé"}
	back := store.MergeInfo{Actor: "compte:4", Reason: "séparation annulée"}
	for _, tt := range []struct {
		place string
		rec   store.RecordKey
		want  store.Split
	}{
		// d1 leaves h1 for its own former id.
		{"h1", store.RecordKey{Source: "dept", ID: "d1"}, store.Split{Record: "d1", Others: "h1", From: "h1"}},
		// h2 keeps its id; d2 goes back to its own.
		{"h2", store.RecordKey{Source: "hub", ID: "h2"}, store.Split{Record: "h2", Others: "d2", From: "h2"}},
	} {
		split, err := s.SplitRecord(ctx, tt.rec.Source, tt.rec.ID, by)
		if plain := (store.Split{Record: split.Record, Others: split.Others, From: split.From}); err != nil || plain != tt.want || !split.At.Equal(c.Now()) {
			t.Fatalf("split of %v: %+v %v, want %+v at %v", tt.rec, split, err, tt.want, c.Now())
		}
		// A first split, undone, then this one: the first's undo,
		// replayed, does not take back this one.
		if _, err := s.UndoSplit(ctx, tt.rec, store.Split{Record: split.Record, Others: split.Others, From: split.From, At: split.At.Add(-time.Minute)}, back); !errors.Is(err, failure.ErrConflict) {
			t.Errorf("undo naming another split of %v: %v, want a conflict", tt.rec, err)
		}
		other := store.RecordKey{Source: "hub", ID: tt.place}
		if tt.rec.Source == "hub" {
			other = store.RecordKey{Source: "dept", ID: strings.Replace(tt.place, "h", "d", 1)}
		}
		pk := store.NewPairKey(tt.rec, other)
		// The asker's From is not trusted: a forged one (the place the
		// split made) changes nothing of which id survives.
		forged := split
		forged.From = split.Others
		if split.From == split.Others {
			forged.From = split.Record
		}
		got, err := s.UndoSplit(ctx, tt.rec, forged, back)
		if err != nil || got != tt.place {
			t.Fatalf("undo of the split of %v: %q %v, want %s", tt.rec, got, err, tt.place)
		}
		if p, q := placeOf(t, s, tt.rec), placeOf(t, s, other); p != tt.place || q != tt.place {
			t.Errorf("after the undo, %v is in %q and %v in %q, want both in %s", tt.rec, p, other, q, tt.place)
		}
		absorbed := split.Others
		if split.From == split.Others {
			absorbed = split.Record
		}
		if to, moved, err := s.Redirect(ctx, absorbed); err != nil || !moved || to != tt.place {
			t.Errorf("%s redirects to %q (%v %v), want %s", absorbed, to, moved, err, tt.place)
		}
		if d, _ := pairDecision(t, s, pk); d == store.DecisionSplit {
			t.Errorf("pair %v still split after the undo", pk)
		}
		if a := lastAction(t, s, tt.place); a != "lieu.separation_annulee" {
			t.Errorf("last journal entry of %s: %q", tt.place, a)
		}
		if _, err := s.UndoSplit(ctx, tt.rec, split, back); !errors.Is(err, failure.ErrConflict) {
			t.Errorf("undoing the split twice: %v, want a conflict", err)
		}
	}
	// Split again; then a colleague merges d3 into the others' place: the
	// undo would bring d3 in unseen, and is refused.
	split, err := s.SplitRecord(ctx, "dept", "d1", by)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.MergePlaces(ctx, "h1", "d3", why); err != nil {
		t.Fatal(err)
	}
	_, err = s.UndoSplit(ctx, store.RecordKey{Source: "dept", ID: "d1"}, split, back)
	if !errors.Is(err, failure.ErrConflict) || !strings.Contains(err.Error(), "d3") {
		t.Errorf("undo after the others' place changed: %v, want a conflict naming d3", err)
	}
	if p := placeOf(t, s, store.RecordKey{Source: "dept", ID: "d1"}); p != "d1" {
		t.Errorf("refused undo moved d1 to %q", p)
	}
	pk := store.NewPairKey(store.RecordKey{Source: "dept", ID: "d1"}, store.RecordKey{Source: "hub", ID: "h1"})
	if d, _ := pairDecision(t, s, pk); d != store.DecisionSplit {
		t.Errorf("refused undo changed the split decision to %q", d)
	}
}

// testMergeByHand: two places merged by hand keep the older id (the
// other redirects), the pairs between their records are confirmed by the
// person (a later harvest keeps the decision); a survivor other than the
// rule's (the page read before a change) is a conflict; two places a
// rejected pair keeps apart are refused, naming the decision, until it
// is undone.
func testMergeByHand(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	c.Set(t0)
	put(t, s, "hub", Sample("h1"), Sample("h2"))
	c.Set(t0.Add(time.Hour))
	put(t, s, "dept", Sample("d1"), Sample("d2"))
	if _, err := s.MergeSurvivor(ctx, "h1", "h1"); !errors.Is(err, failure.ErrInvalid) {
		t.Errorf("a place with itself: %v", err)
	}
	if _, err := s.MergeSurvivor(ctx, "h1", "nulle-part"); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("an unknown place: %v", err)
	}
	if got, err := s.MergeSurvivor(ctx, "d1", "h1"); err != nil || got != "h1" {
		t.Errorf("survivor of d1 and h1: %q %v, want the older h1", got, err)
	}
	who := store.MergeInfo{Actor: "compte:5", Reason: "réunis à la main"}
	if err := s.MergeByHand(ctx, "d1", "h1", "d1", who); !errors.Is(err, failure.ErrConflict) {
		t.Errorf("merge with the younger as survivor: %v, want a conflict", err)
	}
	if p := placeOf(t, s, store.RecordKey{Source: "dept", ID: "d1"}); p != "d1" {
		t.Fatalf("refused merge moved d1 to %q", p)
	}
	if err := s.MergeByHand(ctx, "d1", "h1", "h1", who); err != nil {
		t.Fatal(err)
	}
	if to, moved, err := s.Redirect(ctx, "d1"); err != nil || !moved || to != "h1" {
		t.Errorf("d1 redirects to %q (%v %v), want h1", to, moved, err)
	}
	pk := store.NewPairKey(store.RecordKey{Source: "hub", ID: "h1"}, store.RecordKey{Source: "dept", ID: "d1"})
	if err := s.SavePairs(ctx, []store.DuplicatePair{{PairKey: pk, Scores: "{}", Total: 1, Band: "distincts", Decision: store.DecisionAuto}}); err != nil {
		t.Fatal(err)
	}
	ps, err := s.DuplicatePairs(ctx, store.PairFilter{Keys: []store.PairKey{pk}})
	if err != nil || len(ps) != 1 || ps[0].Decision != store.DecisionConfirmed || ps[0].DecidedBy != "compte:5" {
		t.Errorf("pair of the merged records after a harvest: %+v %v, want confirmed by compte:5", ps, err)
	}
	if a := lastAction(t, s, "d1"); a != "lieu.absorbe" {
		t.Errorf("journal of d1: %q", a)
	}
	// h2 and d2: « lieux distincts » keeps them apart.
	k2 := store.NewPairKey(store.RecordKey{Source: "hub", ID: "h2"}, store.RecordKey{Source: "dept", ID: "d2"})
	if err := s.SavePairs(ctx, []store.DuplicatePair{{PairKey: k2, Scores: "{}", Total: 5, Band: "a_verifier"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.DecidePair(ctx, k2, store.DecisionRejected, "compte:6"); err != nil {
		t.Fatal(err)
	}
	for name, err := range map[string]error{
		"MergeSurvivor": func() error { _, err := s.MergeSurvivor(ctx, "h2", "d2"); return err }(),
		"MergeByHand":   s.MergeByHand(ctx, "h2", "d2", "h2", who),
	} {
		if !errors.Is(err, failure.ErrConflict) || !strings.Contains(err.Error(), "rejetée") || !strings.Contains(err.Error(), "d2") {
			t.Errorf("%s of places kept apart: %v, want a conflict naming the rejection", name, err)
		}
	}
	if err := s.UndoReject(ctx, k2, rejectedAt(t, s, k2), "compte:6"); err != nil {
		t.Fatal(err)
	}
	if err := s.MergeByHand(ctx, "h2", "d2", "h2", who); err != nil {
		t.Errorf("merge after the rejection was undone: %v", err)
	}
}

// testUndoRacesDecisions: at once, a person undoes a split while a
// colleague confirms a pair that brings another record into the place
// the record left; and a person undoes a rejection while another
// confirms the same pair. Whatever the order, each call succeeds or is
// refused as a conflict (never another error), and the state is one of
// the orders': an undone split never leaves a record the split separated
// outside the rejoined place nor a « séparée » pair inside one place; a
// pair is never « rejetée » with its records together, nor undecided
// with them apart after a confirmation succeeded.
func testUndoRacesDecisions(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	c.Set(time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC))
	race := func(fs ...func() error) []error {
		var wg sync.WaitGroup
		errs := make([]error, len(fs))
		start := make(chan struct{})
		for i, f := range fs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs[i] = f()
			}()
		}
		close(start)
		wg.Wait()
		return errs
	}
	for round := range 6 {
		k := func(src string) store.RecordKey {
			return store.RecordKey{Source: src, ID: fmt.Sprintf("%s%d", src, round)}
		}
		for _, src := range []string{"a", "b", "c", "d", "e"} {
			put(t, s, src, Sample(k(src).ID))
		}
		// a and b merged, then b split off; c waits to join a's place.
		if err := s.MergePlaces(ctx, placeOf(t, s, k("a")), placeOf(t, s, k("b")), store.MergeInfo{Actor: "dedup", Reason: "même lieu"}); err != nil {
			t.Fatal(err)
		}
		split, err := s.SplitRecord(ctx, "b", k("b").ID, store.MergeInfo{Actor: "compte:1", Reason: "séparé"})
		if err != nil {
			t.Fatal(err)
		}
		ac, de := store.NewPairKey(k("a"), k("c")), store.NewPairKey(k("d"), k("e"))
		if err := s.SavePairs(ctx, []store.DuplicatePair{{PairKey: ac, Scores: "{}", Total: 5, Band: "a_verifier"}, {PairKey: de, Scores: "{}", Total: 5, Band: "a_verifier"}}); err != nil {
			t.Fatal(err)
		}
		if err := s.DecidePair(ctx, de, store.DecisionRejected, "compte:2"); err != nil {
			t.Fatal(err)
		}
		deAt := rejectedAt(t, s, de)
		errs := race(
			func() error {
				_, err := s.UndoSplit(ctx, k("b"), split, store.MergeInfo{Actor: "compte:1", Reason: "annulé"})
				return err
			},
			func() error {
				_, err := s.ConfirmPair(ctx, ac, "", store.MergeInfo{Actor: "compte:3", Reason: "même lieu"})
				return err
			},
			func() error { return s.UndoReject(ctx, de, deAt, "compte:2") },
			func() error {
				_, err := s.ConfirmPair(ctx, de, "", store.MergeInfo{Actor: "compte:4", Reason: "même lieu"})
				return err
			},
		)
		for i, err := range errs {
			if err != nil && !errors.Is(err, failure.ErrConflict) {
				t.Errorf("round %d, call %d: %v, want success or a conflict", round, i, err)
			}
		}
		pa, pb, pc := placeOf(t, s, k("a")), placeOf(t, s, k("b")), placeOf(t, s, k("c"))
		if errs[1] == nil && pa != pc {
			t.Errorf("round %d: a–c confirmed but a in %s, c in %s", round, pa, pc)
		}
		if errs[0] == nil && pa != pb {
			t.Errorf("round %d: split undone but a in %s, b in %s", round, pa, pb)
		}
		if errs[0] != nil && pa == pb {
			t.Errorf("round %d: undo refused (%v) but a and b together in %s", round, errs[0], pa)
		}
		if d, _ := pairDecision(t, s, store.NewPairKey(k("a"), k("b"))); d == store.DecisionSplit && pa == pb {
			t.Errorf("round %d: pair a–b « séparée » in one place %s", round, pa)
		}
		together := placeOf(t, s, k("d")) == placeOf(t, s, k("e"))
		switch d, _ := pairDecision(t, s, de); {
		case d == store.DecisionRejected && together:
			t.Errorf("round %d: d–e « rejetée » in one place", round)
		case d == store.DecisionConfirmed && !together:
			t.Errorf("round %d: d–e « confirmée » in two places", round)
		case d == "" && (together || errs[2] != nil):
			t.Errorf("round %d: d–e undecided, together %v, undo %v", round, together, errs[2])
		}
		if errs[3] == nil && errs[2] != nil {
			t.Errorf("round %d: d–e confirmed while the rejection stood (undo: %v)", round, errs[2])
		}
	}
}
