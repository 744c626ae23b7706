package storetest

import (
	"context"
	"testing"
	"time"

	"maillage/internal/store"
)

// testPendingRecords: records written by an import wait for a merge run
// until a run compared them (HasPending, RecordsToMatch's token); a run
// clears only the tokens it read, so a record an import changed meanwhile
// still waits; an unchanged re-import leaves nothing waiting.
func testPendingRecords(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	c.Set(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	pending := func() bool {
		t.Helper()
		p, err := s.HasPending(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	tokens := func() map[store.RecordKey]int64 {
		t.Helper()
		out := map[store.RecordKey]int64{}
		err := s.RecordsToMatch(ctx, func(m store.MatchRecord) error {
			out[store.RecordKey{Source: m.Source, ID: m.Lieu.ID}] = m.Pending
			if m.Lieu.Nom == "" || m.Lieu.PresentationDetail != "" || m.Place == "" || m.PlaceCreated.IsZero() {
				t.Errorf("record to match %+v: want its name and place, not its presentation", m)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	if pending() {
		t.Fatal("an empty registry has records waiting")
	}
	a, b := Sample("a"), Sample("b")
	b.Nom = "Lieu B"
	put(t, s, "hub", a, b)
	ka, kb := store.RecordKey{Source: "hub", ID: "a"}, store.RecordKey{Source: "hub", ID: "b"}
	read := tokens()
	if !pending() || read[ka] == 0 || read[kb] == 0 {
		t.Fatalf("after an import: pending %v, tokens %v", pending(), read)
	}
	// An import changes b after the run read the tokens: b still waits.
	b.Nom = "Lieu B (nouveau nom)"
	put(t, s, "hub", b)
	if _, err := s.MergeRecords(ctx, nil, []store.PendingRecord{{Key: ka, Token: read[ka]}, {Key: kb, Token: read[kb]}}); err != nil {
		t.Fatal(err)
	}
	now := tokens()
	if now[ka] != 0 || now[kb] == 0 || !pending() {
		t.Fatalf("after the run: tokens %v, want a compared and b still waiting", now)
	}
	if _, err := s.MergeRecords(ctx, nil, []store.PendingRecord{{Key: kb, Token: now[kb]}}); err != nil {
		t.Fatal(err)
	}
	if pending() {
		t.Fatalf("after the second run: tokens %v", tokens())
	}
	// An unchanged re-import leaves nothing waiting.
	put(t, s, "hub", a, b)
	if pending() {
		t.Errorf("an unchanged re-import left records waiting: %v", tokens())
	}
}
