package storetest

import (
	"context"
	"fmt"
	"testing"

	"maillage/internal/store"
)

// testSourcesOfPlaces: each published place with the sources of its
// current records; withdrawn records and unpublished places are left out.
func testSourcesOfPlaces(t *testing.T, s store.Store) {
	ctx := context.Background()
	got, err := s.SourcesOfPlaces(ctx)
	if err != nil || len(got) != 0 {
		t.Fatalf("empty registry: %v, %v", got, err)
	}
	put(t, s, "hub", Sample("a"), Sample("b"), Sample("d"))
	put(t, s, "autre", Sample("c"))
	if err := s.MergePlaces(ctx, "a", "c", store.MergeInfo{Actor: "test", Reason: "même lieu"}); err != nil {
		t.Fatal(err)
	}
	// The hub no longer gives b: its place is withdrawn.
	im, err := s.BeginImport(ctx, "hub")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"a", "d"} {
		l := Sample(id)
		if _, _, err := im.Put(ctx, &l); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Withdraw(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(ctx, "f"); err != nil {
		t.Fatal(err)
	}
	got, err = s.SourcesOfPlaces(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "map[a:[autre hub] d:[hub]]" {
		t.Errorf("sources of places: %v", got)
	}
}
