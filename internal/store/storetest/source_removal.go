package storetest

import (
	"context"
	"testing"

	"maillage/internal/store"
)

// testSourceRemovalImpact: what removing a source will do, counted
// before, then checked against what the removal did.
func testSourceRemovalImpact(t *testing.T, s store.Store) {
	ctx := context.Background()
	put(t, s, "hub", Sample("a"), Sample("b"), Sample("d"), Sample("e"))
	put(t, s, "autre", Sample("c"))
	// a holds a record of autre too; d was edited by hand; b and e hang
	// on the hub alone.
	if err := s.MergePlaces(ctx, "a", "c", store.MergeInfo{Actor: "test", Reason: "même lieu"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PatchLieu(ctx, "d", store.Patch{Set: map[string]string{"nom": "Nom corrigé"}, Origin: "structure", Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.SourceRemovalImpact(ctx, "hub")
	if err != nil {
		t.Fatal(err)
	}
	if want := (store.RemovalImpact{Records: 4, Unpublished: 2, Kept: 2}); got != want {
		t.Errorf("impact = %+v, want %+v", got, want)
	}
	if got, err := s.SourceRemovalImpact(ctx, "inconnue"); err != nil || got != (store.RemovalImpact{}) {
		t.Errorf("unknown source: %+v, %v", got, err)
	}
	// What the removal does: withdraw every record of the hub.
	im, err := s.BeginImport(ctx, "hub")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := im.Withdraw(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(ctx, "suppression"); err != nil {
		t.Fatal(err)
	}
	for id, published := range map[string]bool{"a": true, "b": false, "d": true, "e": false} {
		_, err := s.Lieu(ctx, id)
		if (err == nil) != published {
			t.Errorf("place %s: published %v, want %v (%v)", id, err == nil, published, err)
		}
	}
	if got, err := s.SourceRemovalImpact(ctx, "hub"); err != nil || got != (store.RemovalImpact{}) {
		t.Errorf("after the removal: %+v, %v", got, err)
	}
}
