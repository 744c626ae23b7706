package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"maillage/internal/place"
	"maillage/internal/store"
)

// testRecordsToMatchOrder: RecordsToMatch gives every current record once,
// in the order of source and id, each with its own values (placed ones
// slimmed, unplaced ones whole), over more records than one batch of its
// reading; an error of fn stops it and is returned.
func testRecordsToMatchOrder(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	c.Set(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	const n = 700
	placed, unplaced := make([]place.Lieu, n), make([]place.Lieu, n)
	for i := range n {
		placed[i], unplaced[i] = Sample(fmt.Sprintf("p%04d", i)), Sample(fmt.Sprintf("u%04d", i))
		placed[i].Nom, unplaced[i].Nom = "Lieu "+placed[i].ID, "Lieu "+unplaced[i].ID
	}
	put(t, s, "b-hub", placed...)
	deferredPut(t, s, "a-national", false, unplaced...)
	var got []store.RecordKey
	err := s.RecordsToMatch(ctx, func(m store.MatchRecord) error {
		k := store.RecordKey{Source: m.Source, ID: m.Lieu.ID}
		if len(got) > 0 && !got[len(got)-1].Less(k) {
			t.Fatalf("record %v after %v: not in the order of source and id", k, got[len(got)-1])
		}
		got = append(got, k)
		if m.Lieu.Nom != "Lieu "+m.Lieu.ID {
			t.Errorf("record %v named %q: another record's values", k, m.Lieu.Nom)
		}
		if whole := m.Lieu.PresentationDetail != ""; whole != (m.Place == "") {
			t.Errorf("record %v (place %q): whole %v, want whole only when unplaced", k, m.Place, whole)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2*n {
		t.Errorf("%d records read, want %d", len(got), 2*n)
	}
	stop := errors.New("assez")
	read := 0
	err = s.RecordsToMatch(ctx, func(store.MatchRecord) error {
		read++
		if read == n {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || read != n {
		t.Errorf("fn's error after %d records: %v, want it returned at once (%d)", read, err, n)
	}
}
