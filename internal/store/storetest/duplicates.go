package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"maillage/internal/failure"
	"maillage/internal/store"
)

// testDuplicatePairs: pairs are saved keyed by their records in either
// order, re-saving updates scores and band but never a decision taken,
// filters select by band, decision and record, and decisions are checked.
func testDuplicatePairs(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	c.Set(t0)
	hub1 := store.RecordKey{Source: "hub", ID: "1"}
	fs9 := store.RecordKey{Source: "anct", ID: "9"}
	hub2 := store.RecordKey{Source: "hub", ID: "2"}
	fs8 := store.RecordKey{Source: "anct", ID: "8"}
	err := s.SavePairs(ctx, []store.DuplicatePair{
		// B before A: stored in key order.
		{PairKey: store.PairKey{A: hub1, B: fs9}, Scores: `{"total":9}`, Total: 9, Band: "meme", Decision: store.DecisionAuto},
		{PairKey: store.NewPairKey(hub2, fs9), Scores: `{"total":4}`, Total: 4, Band: "a_verifier"},
		{PairKey: store.NewPairKey(hub2, fs8), Scores: `{"total":5}`, Total: 5, Band: "a_verifier"},
	})
	if err != nil {
		t.Fatal(err)
	}
	all, err := s.DuplicatePairs(ctx, store.PairFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 || all[0].Total != 9 || all[1].Total != 5 || all[2].Total != 4 {
		t.Fatalf("pairs %+v, want 3 by total", all)
	}
	first := all[0]
	if first.A != fs9 || first.B != hub1 || first.Scores != `{"total":9}` || first.Band != "meme" ||
		first.Decision != store.DecisionAuto || first.DecidedBy != "dedup" || !first.DecidedAt.Equal(t0) ||
		!first.FirstSeen.Equal(t0) || !first.LastSeen.Equal(t0) {
		t.Errorf("first pair %+v", first)
	}

	// A person rejects a pair to review and confirms another (records
	// unknown to the store: the decisions are recorded); the next harvest
	// scores them again: bands and scores change, decisions stay.
	t1 := t0.Add(time.Hour)
	c.Set(t1)
	if err := s.DecidePair(ctx, store.NewPairKey(fs9, hub2), store.DecisionRejected, "compte:7"); err != nil {
		t.Fatal(err)
	}
	if err := s.DecidePair(ctx, store.NewPairKey(hub1, fs9), store.DecisionConfirmed, "compte:7"); err != nil {
		t.Fatal(err)
	}
	t2 := t1.Add(time.Hour)
	c.Set(t2)
	err = s.SavePairs(ctx, []store.DuplicatePair{
		{PairKey: store.NewPairKey(hub2, fs9), Scores: `{"total":8}`, Total: 8, Band: "meme", Decision: store.DecisionAuto},
		{PairKey: store.NewPairKey(hub1, fs9), Scores: `{"total":9.5}`, Total: 9.5, Band: "meme", Decision: store.DecisionAuto},
		{PairKey: store.NewPairKey(hub2, fs8), Scores: `{"total":8}`, Total: 8, Band: "meme", Decision: store.DecisionAuto},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.DuplicatePairs(ctx, store.PairFilter{Records: []store.RecordKey{hub2}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("pairs of hub 2: %+v", got)
	}
	for _, p := range got {
		switch p.PairKey {
		case store.NewPairKey(hub2, fs9):
			if p.Decision != store.DecisionRejected || p.DecidedBy != "compte:7" || !p.DecidedAt.Equal(t1) ||
				p.Band != "meme" || p.Total != 8 || !p.FirstSeen.Equal(t0) || !p.LastSeen.Equal(t2) {
				t.Errorf("rejected pair after a harvest: %+v", p)
			}
		case store.NewPairKey(hub2, fs8):
			if p.Decision != store.DecisionAuto || p.DecidedBy != "dedup" || !p.DecidedAt.Equal(t2) {
				t.Errorf("undecided pair merged by the run: %+v", p)
			}
		default:
			t.Errorf("unexpected pair %+v", p)
		}
	}
	confirmed, err := s.DuplicatePairs(ctx, store.PairFilter{Records: []store.RecordKey{hub1}})
	if err != nil {
		t.Fatal(err)
	}
	if len(confirmed) != 1 || confirmed[0].Decision != store.DecisionConfirmed || confirmed[0].Total != 9.5 {
		t.Errorf("confirmed pair after a harvest: %+v", confirmed)
	}

	// Filters: band, undecided, limit.
	c.Set(t2.Add(time.Hour))
	if err := s.SavePairs(ctx, []store.DuplicatePair{
		{PairKey: store.NewPairKey(hub1, hub2), Scores: `{}`, Total: 3.5, Band: "a_verifier"},
	}); err != nil {
		t.Fatal(err)
	}
	review, err := s.DuplicatePairs(ctx, store.PairFilter{Band: "a_verifier", Undecided: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(review) != 1 || review[0].PairKey != store.NewPairKey(hub1, hub2) {
		t.Errorf("pairs to review: %+v", review)
	}
	limited, err := s.DuplicatePairs(ctx, store.PairFilter{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(limited) != 2 || limited[0].Total != 9.5 {
		t.Errorf("limit 2: %+v", limited)
	}

	// Wrong decisions.
	for _, tt := range []struct {
		key      store.PairKey
		decision string
		code     failure.Code
	}{
		{store.NewPairKey(hub1, hub2), "peut-être", failure.Invalid},
		{store.NewPairKey(hub1, hub2), store.DecisionAuto, failure.Invalid},
		{store.NewPairKey(hub1, hub2), store.DecisionSplit, failure.Invalid}, // SplitRecord's
		{store.NewPairKey(hub1, store.RecordKey{Source: "x", ID: "y"}), store.DecisionRejected, failure.NotFound},
	} {
		err := s.DecidePair(ctx, tt.key, tt.decision, "compte:7")
		var f *failure.Error
		if !errors.As(err, &f) || f.Code != tt.code {
			t.Errorf("DecidePair(%v, %q) = %v, want code %v", tt.key, tt.decision, err, tt.code)
		}
	}
	if err := s.SavePairs(ctx, []store.DuplicatePair{{PairKey: store.NewPairKey(hub1, hub2), Band: "meme", Decision: store.DecisionRejected}}); err == nil {
		t.Error("SavePairs with a person's decision: no error")
	}
}

// testCurrentRecords: the records of published places, with their place;
// withdrawn records are left out; a merge shows as two records of one
// place, the older place's.
func testCurrentRecords(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	c.Set(t0)
	a, b := Sample("a"), Sample("b")
	b.Nom = "Lieu B"
	importAll(t, s, "hub", a, b)
	c.Set(t0.Add(time.Hour))
	x := Sample("x")
	x.Nom = "MEDIATHEQUE LES TILLEULS"
	importAll(t, s, "national", x)
	c.Set(t0.Add(2 * time.Hour))
	importAll(t, s, "hub", a) // b withdrawn
	if err := s.MergePlaces(ctx, "a", "x", store.MergeInfo{Actor: "dedup", Reason: "test", Score: 9}); err != nil {
		t.Fatal(err)
	}
	got, err := s.CurrentRecords(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("current records: %+v", got)
	}
	want := []struct{ source, id, nom, place string }{
		{"hub", "a", a.Nom, "a"},
		{"national", "x", "MEDIATHEQUE LES TILLEULS", "a"},
	}
	for i, w := range want {
		r := got[i]
		if r.Source != w.source || r.Lieu.ID != w.id || r.Lieu.Nom != w.nom || r.Place != w.place ||
			r.PlaceName == "" || !r.PlaceCreated.Equal(t0) || r.Lieu.Coordinates == nil || r.Lieu.CodeINSEE != a.CodeINSEE {
			t.Errorf("record %d: %+v, want %v created %v", i, r, w, t0)
		}
	}
}
