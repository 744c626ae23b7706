package storetest

import (
	"context"
	"maps"
	"slices"
	"testing"

	"maillage/internal/store"
)

// createdSince lists, sorted, the ids the change log says appeared after since.
func createdSince(t *testing.T, s store.Store, since int64) []string {
	t.Helper()
	return slices.Sorted(maps.Keys(changesSince(t, s, since).Created))
}

// testChangesCreated: the change log tells the places that appeared after
// a revision from those that were there and changed.
func testChangesCreated(t *testing.T, s store.Store) {
	ctx := context.Background()
	put(t, s, "hub", Sample("a"), Sample("b"))
	if got := createdSince(t, s, 0); !slices.Equal(got, []string{"a", "b"}) {
		t.Fatalf("created after the first import: %v", got)
	}
	rev := revision(t, s).Lieux
	b := Sample("b")
	b.Nom = "Autre nom"
	put(t, s, "hub", Sample("a"), b, Sample("c"))
	c := changesSince(t, s, rev)
	if !slices.Equal(slices.Sorted(slices.Values(c.IDs)), []string{"b", "c"}) || !slices.Equal(createdSince(t, s, rev), []string{"c"}) {
		t.Fatalf("after b changed and c created: %+v", c)
	}
	// A place created then edited after the revision is still new to a
	// reader at the revision; one edited is not.
	if _, err := s.PatchLieu(ctx, "c", store.Patch{Set: map[string]string{"nom": "C"}, Origin: "structure", Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PatchLieu(ctx, "a", store.Patch{Set: map[string]string{"nom": "A"}, Origin: "structure", Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	if got := createdSince(t, s, rev); !slices.Equal(got, []string{"c"}) {
		t.Errorf("created after c was created and edited, a edited: %v", got)
	}
	if got := createdSince(t, s, revision(t, s).Lieux); len(got) != 0 {
		t.Errorf("created after the head: %v", got)
	}
}
