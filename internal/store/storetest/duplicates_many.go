package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"maillage/internal/store"
)

// testSavePairsMany: SavePairs stores every pair of a call of more pairs
// than one statement writes, each with its own scores, and a pair given
// twice in one call keeps the last view of it.
func testSavePairsMany(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	c.Set(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	const n = 150
	var pairs []store.DuplicatePair
	for i := range n {
		a := store.RecordKey{Source: "hub", ID: fmt.Sprintf("h%03d", i)}
		b := store.RecordKey{Source: "anct", ID: fmt.Sprintf("a%03d", i)}
		pairs = append(pairs, store.DuplicatePair{PairKey: store.NewPairKey(a, b), Scores: fmt.Sprintf(`{"total":%d}`, i), Total: float64(i), Band: "a_verifier"})
	}
	again := pairs[7]
	again.Scores, again.Total, again.Band, again.Decision = `{"total":1000}`, 1000, "meme", store.DecisionAuto
	pairs = append(pairs[:8], append([]store.DuplicatePair{again}, pairs[8:]...)...)
	if err := s.SavePairs(ctx, pairs); err != nil {
		t.Fatal(err)
	}
	got, err := s.DuplicatePairs(ctx, store.PairFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("%d pairs stored, want %d", len(got), n)
	}
	if p := got[0]; p.PairKey != again.PairKey || p.Scores != again.Scores || p.Band != "meme" || p.Decision != store.DecisionAuto {
		t.Errorf("pair given twice: %+v, want its last view %+v", p, again)
	}
	for _, p := range got[1:] {
		if want := fmt.Sprintf(`{"total":%g}`, p.Total); p.Scores != want || p.A.ID[1:] != p.B.ID[1:] {
			t.Errorf("pair %v: scores %s, want %s", p.PairKey, p.Scores, want)
		}
	}
}
